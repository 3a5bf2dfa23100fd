// How many works were created in each month (YYYY-MM), oldest first; undated works are counted apart.
MATCH (w:Work)
WITH CASE WHEN w.created_at IS NULL OR size(w.created_at) < 7 THEN null ELSE substring(w.created_at, 0, 7) END AS month
RETURN month, count(*) AS works
ORDER BY month
