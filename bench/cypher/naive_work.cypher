// Naive loader: one work, in a transaction of its own
MERGE (w:Work {id: $work_id})
SET w.title = $title, w.medium = $medium, w.created_at = $created_at, w.status = $status,
    w.license = $license, w.url = $url, w.tags = $tags
