// One page of work ids in id order after $after, for the Parquet snapshot of `lineage metrics --engine spark` (keyset paging on the work_id index, $limit ids)
MATCH (w:Work)
WHERE w.id > $after
WITH w.id AS id
ORDER BY id
LIMIT $limit
RETURN collect(id) AS ids
