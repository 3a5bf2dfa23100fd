// The works ranked highest by a computed metric $metric (a name from lineage.model.WORK_METRICS), at most $limit.
MATCH (w:Work)
WHERE w[$metric] IS NOT NULL
RETURN w.id AS id, w.title AS title, w.medium AS medium, w[$metric] AS value
ORDER BY value DESC, id
LIMIT $limit
