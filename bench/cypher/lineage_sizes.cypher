// Works whose stored lineage metrics (ancestors + descendants + 1) fall within [$low, $high], nearest to $target first
MATCH (w:Work)
WHERE w.ancestors IS NOT NULL AND w.descendants IS NOT NULL
WITH w, w.ancestors + w.descendants + 1 AS size
WHERE $low <= size <= $high
RETURN w.id AS id, size
ORDER BY abs(size - $target), id
LIMIT $limit
