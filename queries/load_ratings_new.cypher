// Create a batch of ratings in a graph that held none when the load began (faster than MERGE): $rows as in load_ratings.
UNWIND $rows AS row
MATCH (a:Artist {id: row.artist_id})
MATCH (w:Work {id: row.work_id})
CREATE (a)-[:RATED {stars: row.stars, rated_at: row.rated_at}]->(w)
