// How many artists have a handle or name matching the full-text (Lucene) query $q.
CALL db.index.fulltext.queryNodes('artist_text', $q) YIELD node
RETURN count(node) AS total
