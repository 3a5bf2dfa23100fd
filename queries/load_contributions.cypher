// Create or update a batch of contributions, keyed (artist, work, role): $rows = [{artist_id, work_id, role, weight}].
UNWIND $rows AS row
MATCH (a:Artist {id: row.artist_id})
MATCH (w:Work {id: row.work_id})
MERGE (a)-[c:CONTRIBUTED {role: row.role}]->(w)
SET c.weight = row.weight
