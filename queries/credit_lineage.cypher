// The ancestry of a work for its credit split: the work and its distinct ancestors (at most $limit; a pruning breadth-first expansion, never all paths), each with its sources (REMIXES weights) and contributors (CONTRIBUTED weights), and the credit_share each states (a credit map)
MATCH (root:Work {id: $work_id})
CALL (root) {
  MATCH (root)-[:REMIXES*1..]->(a:Work)
  WITH DISTINCT a LIMIT $limit
  RETURN collect(a) AS ancestors
}
UNWIND [root] + ancestors AS w
CALL (w) {
  MATCH (w)-[r:REMIXES]->(s:Work)
  RETURN collect({id: s.id, weight: r.weight, credit_share: r.credit_share}) AS sources
}
CALL (w) {
  MATCH (c:Artist)-[k:CONTRIBUTED]->(w)
  RETURN collect({artist_id: c.id, handle: c.handle, name: c.name, role: k.role, weight: k.weight,
                  credit_share: k.credit_share}) AS contributors
}
RETURN w.id AS id, w.title AS title, w.created_at AS created_at, w.status AS status, w.amount AS amount,
       sources, contributors, size(ancestors) AS ancestors_found
