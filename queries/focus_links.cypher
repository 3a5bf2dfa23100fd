// The focus view's links: REMIXES among the works of $rep (element id -> what draws it: the work's own id or its group), merged per pair of drawn things, links of other $kinds left out
// One row per pair: how many links, how many of each kind ([kind, n], kind null for a plain remix), how many are
// temporal anomalies, and for a single link its own [kind, weight, temporal_anomaly] (it is drawn as itself).
// Counted per kind in the query: a pair of groups can hold thousands of links, and their lists cost more than the walk.
// Element ids (valid within the walk's one transaction) spare an index lookup per work and a read of each id.
UNWIND keys($rep) AS e
MATCH (a) WHERE elementId(a) = e
MATCH (a)-[r:REMIXES]->(b:Work)
WITH $rep[e] AS from, $rep[elementId(b)] AS to, r
WHERE to IS NOT NULL AND from <> to AND ($kinds IS NULL OR coalesce(r.kind, 'remix') IN $kinds)
WITH from, to, r.kind AS kind, count(r) AS n, sum(CASE WHEN r.temporal_anomaly THEN 1 ELSE 0 END) AS anomalies,
     min(r.weight) AS weight
WITH from, to, sum(n) AS count, collect([kind, n]) AS kinds, sum(anomalies) AS anomalies,
     head(collect(kind)) AS kind, min(weight) AS weight
RETURN from, to, count, kinds, anomalies,
       CASE WHEN count = 1 THEN [kind, weight, anomalies > 0] END AS single
