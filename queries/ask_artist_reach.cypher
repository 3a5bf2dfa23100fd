// How far an artist's work travelled: for each of their works, the works derived from it (up to 10 steps) and the other artists behind those.
// params: {"artist_id": "a00006", "limit": 25}
MATCH (a:Artist {id: $artist_id})-[:CONTRIBUTED]->(own:Work)
OPTIONAL MATCH (own)<-[:REMIXES*1..10]-(later:Work)
WITH a, own, collect(DISTINCT later) AS derived
OPTIONAL MATCH (other:Artist)-[:CONTRIBUTED]->(d:Work) WHERE d IN derived AND other <> a
RETURN own.id AS work, own.title AS title, size(derived) AS derived_works, count(DISTINCT other) AS other_artists
ORDER BY derived_works DESC, work
LIMIT $limit
