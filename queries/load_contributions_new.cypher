// Create a batch of contributions in a graph that held none when the load began (faster than MERGE): $rows as in load_contributions.
UNWIND $rows AS row
MATCH (a:Artist {id: row.artist_id})
MATCH (w:Work {id: row.work_id})
CREATE (a)-[:CONTRIBUTED {role: row.role, weight: row.weight}]->(w)
