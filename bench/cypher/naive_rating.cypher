// Naive loader: one rating, in a transaction of its own
MATCH (a:Artist {id: $artist_id})
MATCH (w:Work {id: $work_id})
MERGE (a)-[r:RATED]->(w)
SET r.stars = $stars, r.rated_at = $rated_at
