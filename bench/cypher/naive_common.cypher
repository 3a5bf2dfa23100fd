// What a newcomer writes for the works both $a and $b derive from: every pair of paths meeting in a work
MATCH (a:Work {id: $a})-[:REMIXES*]->(c:Work)<-[:REMIXES*]-(b:Work {id: $b})
RETURN DISTINCT c
