// Create or update a batch of ratings, keyed (artist, work): $rows = [{artist_id, work_id, stars, rated_at}].
UNWIND $rows AS row
MATCH (a:Artist {id: row.artist_id})
MATCH (w:Work {id: row.work_id})
MERGE (a)-[r:RATED]->(w)
SET r.stars = row.stars, r.rated_at = row.rated_at
