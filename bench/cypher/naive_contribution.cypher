// Naive loader: one contribution, in a transaction of its own
MATCH (a:Artist {id: $artist_id})
MATCH (w:Work {id: $work_id})
MERGE (a)-[c:CONTRIBUTED {role: $role}]->(w)
SET c.weight = $weight
