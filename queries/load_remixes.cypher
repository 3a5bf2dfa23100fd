// Create or update a batch of remixes, derived -> source, keyed (work, source): $rows = [{work_id, source_id, set, create}]
// (`set`: the properties of the columns the file has, and temporal_anomaly; `create`, where it differs: every property).
// MERGE, so that a remix is never there twice; returns how many were changed, and how many properties.
UNWIND $rows AS row
MATCH (d:Work {id: row.work_id})
MATCH (s:Work {id: row.source_id})
MERGE (d)-[r:REMIXES]->(s)
  ON CREATE SET r += coalesce(row.create, row.set)
WITH r, row, [k IN keys(row.set) WHERE NOT coalesce(r[k] = row.set[k], r[k] IS NULL AND row.set[k] IS NULL)] AS changed
WHERE changed <> []
SET r += row.set
RETURN count(r) AS updated, sum(size(changed)) AS properties
