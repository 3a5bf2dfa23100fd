// Naive loader: one remix (derived -> source), in a transaction of its own
MATCH (d:Work {id: $work_id})
MATCH (s:Work {id: $source_id})
MERGE (d)-[r:REMIXES]->(s)
SET r.kind = $kind, r.weight = $weight
