// Create or update a batch of remixes, derived -> source, keyed (work, source): $rows = [{work_id, source_id, kind, weight, temporal_anomaly}].
UNWIND $rows AS row
MATCH (d:Work {id: row.work_id})
MATCH (s:Work {id: row.source_id})
MERGE (d)-[r:REMIXES]->(s)
SET r.kind = row.kind, r.weight = row.weight, r.temporal_anomaly = row.temporal_anomaly
