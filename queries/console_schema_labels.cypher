// The console's schema panel: every label and how many nodes carry it (from Neo4j's count store, not a scan).
CALL db.stats.retrieve('GRAPH COUNTS') YIELD data
WITH [n IN data.nodes WHERE n.label IS NOT NULL] AS counted
CALL db.labels() YIELD label
RETURN label AS name, coalesce([n IN counted WHERE n.label = label | n.count][0], 0) AS count
ORDER BY name
