// Works remixed soon after they appeared: direct remixes made within $days days of the source, most first.
// params: {"days": 90, "limit": 20}
MATCH (source:Work)<-[:REMIXES]-(remix:Work)
WHERE source.created_at IS NOT NULL AND remix.created_at IS NOT NULL
  AND duration.inDays(datetime(source.created_at), datetime(remix.created_at)).days <= $days
RETURN source.id AS work, source.title AS title, source.medium AS medium, count(remix) AS quick_remixes
ORDER BY quick_remixes DESC, work
LIMIT $limit
