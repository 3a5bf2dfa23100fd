// Candidate works for a search: titles matching the Lucene query $words, ids matching $keys (either may be null), up to $limit from each index, with what the ranking needs
CALL () {
  UNWIND [q IN [$words] WHERE q IS NOT NULL] AS q
  CALL db.index.fulltext.queryNodes('search_work_words', q, {limit: $limit}) YIELD node, score
  RETURN node, score
  UNION ALL
  UNWIND [q IN [$keys] WHERE q IS NOT NULL] AS q
  CALL db.index.fulltext.queryNodes('search_work_keys', q, {limit: $limit}) YIELD node, score
  RETURN node, score
}
WITH node, max(score) AS score
RETURN node.id AS id, node.title AS title, node.medium AS medium, node.created_at AS created_at,
       node.descendants AS descendants, node.pagerank AS pagerank, score
