// The console's schema panel: every relationship type and how many relationships have it (from Neo4j's count store).
CALL db.stats.retrieve('GRAPH COUNTS') YIELD data
WITH [r IN data.relationships WHERE r.relationshipType IS NOT NULL AND r.startLabel IS NULL AND r.endLabel IS NULL] AS counted
CALL db.relationshipTypes() YIELD relationshipType
RETURN relationshipType AS name,
       coalesce([r IN counted WHERE r.relationshipType = relationshipType | r.count][0], 0) AS count
ORDER BY name
