// Create a batch of works in a graph that held none when the load began (faster than MERGE): $rows as in load_works.
UNWIND $rows AS row
CREATE (:Work {id: row.id, title: row.title, medium: row.medium, created_at: row.created_at, status: row.status,
               license: row.license, url: row.url, tags: row.tags})
