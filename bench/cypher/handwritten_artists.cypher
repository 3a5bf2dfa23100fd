// Hand-written loader baseline (Neo4j's documented pattern): a batch of artists, $rows, in one managed write transaction
UNWIND $rows AS r
MERGE (a:Artist {id: r.artist_id})
SET a.handle = r.handle, a.name = r.name, a.joined_at = r.joined_at
