// Create or update a batch of works: $rows = [{id, title, medium, created_at, status, license, url, tags}]; a null removes the property.
UNWIND $rows AS row
MERGE (w:Work {id: row.id})
SET w.title = row.title, w.medium = row.medium, w.created_at = row.created_at, w.status = row.status,
    w.license = row.license, w.url = row.url, w.tags = row.tags
