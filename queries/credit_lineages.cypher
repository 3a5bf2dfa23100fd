// The union of the ancestries of $work_ids (each work and its distinct ancestors, at most $limit works), each with its sources and contributors, in the shape of credit_lineage
UNWIND $work_ids AS work_id
MATCH (root:Work {id: work_id})
MATCH (root)-[:REMIXES*0..]->(a:Work)
WITH DISTINCT a LIMIT $limit
CALL (a) {
  MATCH (a)-[r:REMIXES]->(s:Work)
  RETURN collect({id: s.id, weight: r.weight, credit_share: r.credit_share}) AS sources
}
CALL (a) {
  MATCH (c:Artist)-[k:CONTRIBUTED]->(a)
  RETURN collect({artist_id: c.id, handle: c.handle, name: c.name, role: k.role, weight: k.weight,
                  credit_share: k.credit_share}) AS contributors
}
RETURN a.id AS id, a.title AS title, a.created_at AS created_at, a.status AS status, a.amount AS amount,
       sources, contributors
