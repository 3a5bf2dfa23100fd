// Create a batch of artists in a graph that held none when the load began (faster than MERGE): $rows as in load_artists.
UNWIND $rows AS row
CREATE (:Artist {id: row.id, handle: row.handle, name: row.name, joined_at: row.joined_at})
