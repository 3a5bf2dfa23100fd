// One level of the focus view's walk up: the sources of the $frontier works that pass the filters and are not in $seen (at most $level_cap), each as [id, medium, rank value, links, element id], and their count
// $frontier and $seen hold element ids, valid within the one transaction of the walk (lineage.explore):
// a lookup by element id is direct, where one by id goes through the index.
// A pruning breadth-first step: each work once (DISTINCT), never one row per path; LIMIT stops the expand early.
// Filters (each null when unused): $before (as of, exclusive), $media, $kinds (of the link), $date_from,
// $date_before (a date range; undated works fail it), $min_key/$min_value (a stored metric at least a value).
// $rank is a whitelisted metric name (lineage.explore); `links` counts the work's remix links in the whole graph.
// $count_only: count the works without reading them (the level past the depth is only counted).
UNWIND $frontier AS e
MATCH (w) WHERE elementId(w) = e
MATCH (w)-[r:REMIXES]->(x:Work)
WHERE ($kinds IS NULL OR coalesce(r.kind, 'remix') IN $kinds)
  AND ($before IS NULL OR x.created_at IS NULL OR x.created_at < $before)
  AND ($media IS NULL OR coalesce(x.medium, 'other') IN $media)
  AND ($date_from IS NULL OR x.created_at >= $date_from)
  AND ($date_before IS NULL OR x.created_at < $date_before)
  AND ($min_key IS NULL OR x[$min_key] >= $min_value)
WITH DISTINCT x
WHERE NOT elementId(x) IN $seen
WITH x LIMIT $level_cap
RETURN collect(CASE WHEN $count_only THEN null ELSE [x.id, x.medium, x[$rank], COUNT { (x)-[:REMIXES]-() }, elementId(x)] END) AS works,
       count(x) AS count
