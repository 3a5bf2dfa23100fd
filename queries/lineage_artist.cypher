// One artist's properties and the works they contributed to as of a day ($before or null), oldest first: the ids of all of them, and the first $limit (null: all) with their properties, roles and weights summed per work
MATCH (a:Artist {id: $id})
CALL (a) {
  MATCH (a)-[:CONTRIBUTED]->(w:Work)
  WHERE $before IS NULL OR w.created_at IS NULL OR w.created_at < $before
  WITH DISTINCT w
  ORDER BY w.created_at, w.id
  RETURN collect(w) AS own
}
// Properties, roles and weights are read for the listed works only: a prolific artist made thousands
// (29,078 for the busiest of the generated 1M community: 150 ms when every work's roles were gathered, 110 ms now).
RETURN a {.*} AS artist, [w IN own | w.id] AS own,
       [w IN own[..coalesce($limit, size(own))] |
        {work: properties(w),
         roles: [(a)-[c:CONTRIBUTED]->(w) WHERE c.role IS NOT NULL | c.role],
         weight: reduce(total = 0.0, x IN [(a)-[c:CONTRIBUTED]->(w) | coalesce(c.weight, 0.0)] | total + x)}] AS works
