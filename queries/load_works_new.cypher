// Create a batch of works in a graph that held none when the load took its lock (graph_loader/lock.py: no other load
// can add any meanwhile, so CREATE makes what MERGE would, without looking): $rows = [{id, title, medium, created_at, status, license, url, tags}].
UNWIND $rows AS row
CREATE (:Work {id: row.id, title: row.title, medium: row.medium, created_at: row.created_at, status: row.status,
               license: row.license, url: row.url, tags: row.tags})
