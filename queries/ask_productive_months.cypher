// The community's most productive months: works created and remixes made in each month (YYYY-MM), busiest first.
// params: {"limit": 12}
MATCH (w:Work)
WHERE w.created_at IS NOT NULL AND size(w.created_at) >= 7
WITH substring(w.created_at, 0, 7) AS month, w
RETURN month, count(w) AS works, sum(CASE WHEN (w)-[:REMIXES]->() THEN 1 ELSE 0 END) AS remixes,
       count(DISTINCT w.medium) AS media
ORDER BY works DESC, month
LIMIT $limit
