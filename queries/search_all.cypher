// Candidate works and artists for a search: titles and handles or names matching the Lucene query $words (artists' handles also as letter runs), ids and whole handles matching $keys (either may be null), up to $limit from each index of the kinds in $kinds ('work', 'artist'), in one transaction, each row with its kind and what the ranking needs
CALL () {
  UNWIND [q IN [$words] WHERE q IS NOT NULL AND 'work' IN $kinds] AS q
  CALL db.index.fulltext.queryNodes('search_work_words', q, {limit: $limit}) YIELD node, score
  RETURN 'work' AS kind, node, score
  UNION ALL
  UNWIND [q IN [$keys] WHERE q IS NOT NULL AND 'work' IN $kinds] AS q
  CALL db.index.fulltext.queryNodes('search_work_keys', q, {limit: $limit}) YIELD node, score
  RETURN 'work' AS kind, node, score
  UNION ALL
  UNWIND [q IN [$words] WHERE q IS NOT NULL AND 'artist' IN $kinds] AS q
  CALL db.index.fulltext.queryNodes('search_artist_words', q, {limit: $limit}) YIELD node, score
  RETURN 'artist' AS kind, node, score
  UNION ALL
  UNWIND [q IN [$words] WHERE q IS NOT NULL AND 'artist' IN $kinds] AS q
  CALL db.index.fulltext.queryNodes('search_artist_parts', q, {limit: $limit}) YIELD node, score
  RETURN 'artist' AS kind, node, score
  UNION ALL
  UNWIND [q IN [$keys] WHERE q IS NOT NULL AND 'artist' IN $kinds] AS q
  CALL db.index.fulltext.queryNodes('search_artist_keys', q, {limit: $limit}) YIELD node, score
  RETURN 'artist' AS kind, node, score
}
WITH kind, node, max(score) AS score
RETURN kind, node.id AS id, node.title AS title, node.medium AS medium, node.created_at AS created_at,
       node.descendants AS descendants, node.pagerank AS pagerank,
       node.handle AS handle, node.name AS name,
       CASE kind WHEN 'artist' THEN coalesce(node.works, COUNT { (node)-[:CONTRIBUTED]->(:Work) }) END AS works,
       node.downstream_works AS downstream_works, node.influence AS influence, score
