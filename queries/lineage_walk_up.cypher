// A work's ancestors as of a day: how many in all, and (up to $one_query_limit of them) the $cap nearest within $depth remixes, with shortest distances
// $before is the day after the as-of day, or null; $depth null means unlimited. No row when there is no work $id.
// Both walks are variable-length patterns that Neo4j plans as a pruning
// breadth-first expand (VarLengthExpand(Pruning,BFS)): each work is reached once, at its shortest distance,
// however many paths lead to it; min(length(p)) keeps that plan. (ANY SHORTEST to every end node does not:
// it grows with the number of equally short paths, 2^n on a ladder of n diamonds.)
MATCH (w:Work {id: $id})
CALL (w) {
  MATCH (w)(()-[:REMIXES]->(x:Work)
        WHERE $before IS NULL OR x.created_at IS NULL OR x.created_at < $before)+(a:Work)
  WHERE a <> w  // never its own ancestor, should a cycle slip in
  RETURN count(DISTINCT a) AS reach
}
CALL (w, reach) {
  WITH w WHERE reach <= $one_query_limit
  MATCH p = (w)(()-[:REMIXES]->(x:Work)
        WHERE $before IS NULL OR x.created_at IS NULL OR x.created_at < $before)+(a:Work)
  WHERE a <> w
  WITH a.id AS id, min(length(p)) AS distance
  WHERE $depth IS NULL OR distance <= $depth
  ORDER BY distance, id
  WITH collect({id: id, distance: distance}) AS found
  RETURN size(found) AS total, found[0..$cap] AS nodes
}
RETURN reach, total, nodes
