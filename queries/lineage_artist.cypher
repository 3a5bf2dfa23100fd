// One artist's properties and the works they contributed to as of a day ($before or null), oldest first: the ids of all of them, and the first $limit (null: all) with their properties, roles and weights summed per work
MATCH (a:Artist {id: $id})
CALL (a) {
  MATCH (a)-[c:CONTRIBUTED]->(w:Work)
  WHERE $before IS NULL OR w.created_at IS NULL OR w.created_at < $before
  WITH w, collect(DISTINCT c.role) AS roles, sum(coalesce(c.weight, 0.0)) AS weight
  ORDER BY w.created_at, w.id
  RETURN collect({work: w, roles: roles, weight: weight}) AS rows
}
// Properties are read for the listed works only: a prolific artist made thousands.
RETURN a {.*} AS artist, [r IN rows | r.work.id] AS own,
       [r IN rows[..coalesce($limit, size(rows))] | {work: properties(r.work), roles: r.roles, weight: r.weight}] AS works
