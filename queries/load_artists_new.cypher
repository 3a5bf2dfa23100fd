// Create a batch of artists in a graph that held none when the load took its lock (graph_loader/lock.py: no other load
// can add any meanwhile, so CREATE makes what MERGE would, without looking): $rows = [{id, handle, name, joined_at}].
UNWIND $rows AS row
CREATE (:Artist {id: row.id, handle: row.handle, name: row.name, joined_at: row.joined_at})
