// Create a batch of contributions in a graph that held none when the load took its lock (graph_loader/lock.py: no other load
// can add any meanwhile, so CREATE makes what MERGE would, without looking): $rows = [{artist_id, work_id, role, weight}].
UNWIND $rows AS row
MATCH (a:Artist {id: row.artist_id})
MATCH (w:Work {id: row.work_id})
CREATE (a)-[:CONTRIBUTED {role: row.role, weight: row.weight}]->(w)
