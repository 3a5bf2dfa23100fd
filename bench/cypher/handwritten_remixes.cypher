// Hand-written loader baseline (Neo4j's documented pattern): a batch of remixes, $rows (derived -> source)
UNWIND $rows AS r
MATCH (d:Work {id: r.work_id})
MATCH (s:Work {id: r.source_id})
MERGE (d)-[x:REMIXES]->(s)
SET x.kind = r.kind, x.weight = r.weight
