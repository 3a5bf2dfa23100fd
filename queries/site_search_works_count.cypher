// How many works have a title matching the full-text (Lucene) query $q.
CALL db.index.fulltext.queryNodes('work_title', $q) YIELD node
RETURN count(node) AS total
