// How many works sit at each remix depth (generation 0 = an origin), from the computed metrics.
MATCH (w:Work)
WHERE w.generation IS NOT NULL
RETURN w.generation AS generation, count(*) AS works
ORDER BY generation
