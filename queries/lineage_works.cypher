// Works by id, as one row: each work's main fields and metrics, whether it has sources as of a day ($before or null), and its REMIXES to the other works of $ids
// One row of lists decodes far faster than a row of maps per work; edges are filtered to the works asked for.
UNWIND $ids AS id
MATCH (w:Work {id: id})
RETURN collect([
  w {.id, .title, .medium, .created_at, .status,
     .direct_remixes, .descendants, .ancestors, .generation, .pagerank, .bridge},
  EXISTS { (w)-[:REMIXES]->(x:Work) WHERE $before IS NULL OR x.created_at IS NULL OR x.created_at < $before },
  [(w)-[r:REMIXES]->(s:Work) WHERE s.id IN $ids | [s.id, r.kind, r.weight, r.temporal_anomaly]]
]) AS works
