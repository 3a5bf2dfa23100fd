// The artists ranked highest by one metric written by `lineage metrics` ($metric: a name of lineage.model.ARTIST_METRICS, checked in Python), ties by id
MATCH (a:Artist)
WHERE a[$metric] IS NOT NULL
RETURN a.id AS id, a.handle AS handle, a.name AS name, a[$metric] AS value
ORDER BY value DESC, id
LIMIT $limit
