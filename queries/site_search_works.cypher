// Works whose title matches a full-text (Lucene) query $q, best match first, one page ($skip, $limit).
CALL db.index.fulltext.queryNodes('work_title', $q) YIELD node, score
RETURN node.id AS id, node.title AS title, node.medium AS medium, node.created_at AS created_at,
       node.status AS status, score
ORDER BY score DESC, id
SKIP $skip LIMIT $limit
