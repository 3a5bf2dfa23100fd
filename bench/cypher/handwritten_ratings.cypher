// Hand-written loader baseline (Neo4j's documented pattern): a batch of ratings, $rows (artist -> work)
UNWIND $rows AS r
MATCH (a:Artist {id: r.artist_id})
MATCH (w:Work {id: r.work_id})
MERGE (a)-[x:RATED]->(w)
SET x.stars = r.stars, x.rated_at = r.rated_at
