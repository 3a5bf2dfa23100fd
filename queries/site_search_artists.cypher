// Artists whose handle or name matches a full-text (Lucene) query $q, best match first, one page ($skip, $limit).
CALL db.index.fulltext.queryNodes('artist_text', $q) YIELD node, score
RETURN node.id AS id, node.handle AS handle, node.name AS name, node.joined_at AS joined_at, score
ORDER BY score DESC, id
SKIP $skip LIMIT $limit
