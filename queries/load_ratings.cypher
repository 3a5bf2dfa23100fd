// Create or update a batch of ratings, keyed (artist, work): $rows = [{artist_id, work_id, set, create}]
// (`set`: the properties of the columns the file has; `create`, where it differs: every property, for a new one).
// MERGE, so that a rating is never there twice; returns how many were changed, and how many properties.
UNWIND $rows AS row
MATCH (a:Artist {id: row.artist_id})
MATCH (w:Work {id: row.work_id})
MERGE (a)-[r:RATED]->(w)
  ON CREATE SET r += coalesce(row.create, row.set)
WITH r, row, [k IN keys(row.set) WHERE NOT coalesce(r[k] = row.set[k], r[k] IS NULL AND row.set[k] IS NULL)] AS changed
WHERE changed <> []
SET r += row.set
RETURN count(r) AS updated, sum(size(changed)) AS properties
