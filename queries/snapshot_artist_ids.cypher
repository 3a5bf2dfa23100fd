// One page of artist ids in id order after $after, for the Parquet snapshot of `lineage metrics --engine spark` (keyset paging on the artist_id index, $limit ids)
MATCH (a:Artist)
WHERE a.id > $after
WITH a.id AS id
ORDER BY id
LIMIT $limit
RETURN collect(id) AS ids
