// Hand-written loader baseline (Neo4j's documented pattern): a batch of contributions, $rows (artist -> work, keyed by role)
UNWIND $rows AS r
MATCH (a:Artist {id: r.artist_id})
MATCH (w:Work {id: r.work_id})
MERGE (a)-[c:CONTRIBUTED {role: r.role}]->(w)
SET c.weight = r.weight
