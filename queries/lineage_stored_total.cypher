// The size of a work's lineage one way ($metric: 'descendants' or 'ancestors', from a fixed list) as `lineage metrics`
// stored it, when the metrics are current (stamped since the last load) and exact; else null. No row when there is no work $id.
MATCH (w:Work {id: $id})
OPTIONAL MATCH (m:MetricsRun {name: 'graph'})
RETURN CASE WHEN m.exact THEN w[$metric] END AS total
