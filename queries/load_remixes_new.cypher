// Create a batch of remixes in a graph that held none when the load took its lock (graph_loader/lock.py: no other load
// can add any meanwhile, so CREATE makes what MERGE would, without looking): $rows = [{work_id, source_id, kind, weight, temporal_anomaly}].
UNWIND $rows AS row
MATCH (d:Work {id: row.work_id})
MATCH (s:Work {id: row.source_id})
CREATE (d)-[:REMIXES {kind: row.kind, weight: row.weight, temporal_anomaly: row.temporal_anomaly}]->(s)
