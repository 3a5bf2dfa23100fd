// The artists ranked highest by a computed metric $metric (a name from lineage.model.ARTIST_METRICS), at most $limit.
MATCH (a:Artist)
WHERE a[$metric] IS NOT NULL
RETURN a.id AS id, a.handle AS handle, a.name AS name, a[$metric] AS value
ORDER BY value DESC, id
LIMIT $limit
