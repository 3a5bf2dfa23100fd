// The work of the largest lineage by the stored metrics: most ancestors + descendants, ties by id
MATCH (w:Work)
WHERE w.descendants IS NOT NULL
RETURN w.id AS id, coalesce(w.ancestors, 0) AS ancestors, w.descendants AS descendants
ORDER BY coalesce(w.ancestors, 0) + w.descendants DESC, id
LIMIT 1
