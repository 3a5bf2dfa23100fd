// The works ranked highest by one metric written by `lineage metrics` ($metric: a name of lineage.model.WORK_METRICS, checked in Python), ties by id
MATCH (w:Work)
WHERE w[$metric] IS NOT NULL
RETURN w.id AS id, w.title AS title, w.medium AS medium, w[$metric] AS value
ORDER BY value DESC, id
LIMIT $limit
