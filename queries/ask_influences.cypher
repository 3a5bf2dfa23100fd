// Who influenced this work most: the artists behind the works it derives from, by how many of its sources they made, nearest first.
// params: {"work_id": "w000200", "limit": 25}
MATCH path = (w:Work {id: $work_id})-[:REMIXES*1..8]->(source:Work)
WITH source, min(length(path)) AS distance
MATCH (a:Artist)-[:CONTRIBUTED]->(source)
RETURN a.id AS artist, a.handle AS handle, count(DISTINCT source) AS source_works, min(distance) AS nearest
ORDER BY source_works DESC, nearest, artist
LIMIT $limit
