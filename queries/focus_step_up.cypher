// One level of the focus view's walk up: the sources of the $frontier works that pass the filters and are not in $seen (at most $level_cap), each as [id, medium, rank value, links]
// A pruning breadth-first step: each work once (DISTINCT), never one row per path; LIMIT stops the expand early.
// Filters (each null when unused): $before (as of, exclusive), $media, $kinds (of the link), $date_from,
// $date_before (a date range; undated works fail it), $min_key/$min_value (a stored metric at least a value).
// $rank is a whitelisted metric name (lineage.explore); `links` counts the work's remix links in the whole graph.
UNWIND $frontier AS id
MATCH (:Work {id: id})-[r:REMIXES]->(x:Work)
WHERE ($kinds IS NULL OR coalesce(r.kind, 'remix') IN $kinds)
  AND ($before IS NULL OR x.created_at IS NULL OR x.created_at < $before)
  AND ($media IS NULL OR coalesce(x.medium, 'other') IN $media)
  AND ($date_from IS NULL OR x.created_at >= $date_from)
  AND ($date_before IS NULL OR x.created_at < $date_before)
  AND ($min_key IS NULL OR x[$min_key] >= $min_value)
WITH DISTINCT x
WHERE NOT x.id IN $seen
WITH x LIMIT $level_cap
RETURN collect([x.id, x.medium, x[$rank], COUNT { (x)-[:REMIXES]-() }]) AS works
