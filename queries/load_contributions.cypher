// Create or update a batch of contributions, keyed (artist, work, role): $rows = [{artist_id, work_id, role, set, create}]
// (`set`: the properties of the columns the file has; `create`, where it differs: every property, for a new one).
// MERGE, so that a contribution is never there twice; returns how many were changed, and how many properties.
UNWIND $rows AS row
MATCH (a:Artist {id: row.artist_id})
MATCH (w:Work {id: row.work_id})
MERGE (a)-[c:CONTRIBUTED {role: row.role}]->(w)
  ON CREATE SET c += coalesce(row.create, row.set)
WITH c, row, [k IN keys(row.set) WHERE NOT coalesce(c[k] = row.set[k], c[k] IS NULL AND row.set[k] IS NULL)] AS changed
WHERE changed <> []
SET c += row.set
RETURN count(c) AS updated, sum(size(changed)) AS properties
