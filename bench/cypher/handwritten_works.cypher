// Hand-written loader baseline (Neo4j's documented pattern): a batch of works, $rows, in one managed write transaction
UNWIND $rows AS r
MERGE (w:Work {id: r.work_id})
SET w.title = r.title, w.medium = r.medium, w.created_at = r.created_at, w.status = r.status,
    w.license = r.license, w.url = r.url, w.tags = r.tags
