// Create a batch of remixes in a graph that held none when the load began (faster than MERGE): $rows as in load_remixes.
UNWIND $rows AS row
MATCH (d:Work {id: row.work_id})
MATCH (s:Work {id: row.source_id})
CREATE (d)-[:REMIXES {kind: row.kind, weight: row.weight, temporal_anomaly: row.temporal_anomaly}]->(s)
