// The focus view's links: REMIXES among the works of $rep (id -> what draws it: the work's own id or its group), merged per pair of drawn things, links of other $kinds left out
// One row per pair: how many links, their kinds, how many are temporal anomalies, and the first link's fields (a single link between two works is drawn as itself).
UNWIND keys($rep) AS id
MATCH (a:Work {id: id})-[r:REMIXES]->(b:Work)
WITH $rep[id] AS from, $rep[b.id] AS to, r
WHERE to IS NOT NULL AND from <> to AND ($kinds IS NULL OR coalesce(r.kind, 'remix') IN $kinds)
RETURN from, to, count(r) AS count, collect(r.kind) AS kinds,
       sum(CASE WHEN r.temporal_anomaly THEN 1 ELSE 0 END) AS anomalies,
       head(collect([r.kind, r.weight, r.temporal_anomaly])) AS first
