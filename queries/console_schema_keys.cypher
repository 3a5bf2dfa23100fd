// The console's schema panel: every property key, and how many of the first $sample nodes and relationships have it.
CALL db.propertyKeys() YIELD propertyKey
WITH collect(propertyKey) AS names
CALL () { MATCH (n) WITH n LIMIT $sample UNWIND keys(n) AS key RETURN key, count(*) AS nodes }
WITH names, collect([key, nodes]) AS on_nodes
CALL () { MATCH ()-[r]->() WITH r LIMIT $sample UNWIND keys(r) AS key RETURN key, count(*) AS relationships }
WITH names, on_nodes, collect([key, relationships]) AS on_rels
UNWIND names AS name
RETURN name,
       coalesce([p IN on_nodes WHERE p[0] = name | p[1]][0], 0) AS nodes,
       coalesce([p IN on_rels WHERE p[0] = name | p[1]][0], 0) AS relationships
ORDER BY name
