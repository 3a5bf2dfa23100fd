// Candidate artists for a search: handles and names matching the Lucene query $words (as words and as letter runs), ids and whole handles matching $keys (either may be null), up to $limit from each index, with what the ranking needs
CALL () {
  UNWIND [q IN [$words] WHERE q IS NOT NULL] AS q
  CALL db.index.fulltext.queryNodes('search_artist_words', q, {limit: $limit}) YIELD node, score
  RETURN node, score
  UNION ALL
  UNWIND [q IN [$words] WHERE q IS NOT NULL] AS q
  CALL db.index.fulltext.queryNodes('search_artist_parts', q, {limit: $limit}) YIELD node, score
  RETURN node, score
  UNION ALL
  UNWIND [q IN [$keys] WHERE q IS NOT NULL] AS q
  CALL db.index.fulltext.queryNodes('search_artist_keys', q, {limit: $limit}) YIELD node, score
  RETURN node, score
}
WITH node, max(score) AS score
RETURN node.id AS id, node.handle AS handle, node.name AS name,
       coalesce(node.works, COUNT { (node)-[:CONTRIBUTED]->(:Work) }) AS works,
       node.downstream_works AS downstream_works, node.influence AS influence, score
