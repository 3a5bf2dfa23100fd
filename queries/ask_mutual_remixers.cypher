// Artists who remix each other: pairs where each made a work that remixes a work of the other, with how often each way.
// params: {"limit": 25}
MATCH (a:Artist)-[:CONTRIBUTED]->(:Work)-[:REMIXES]->(:Work)<-[:CONTRIBUTED]-(b:Artist)
WHERE a <> b
WITH a, b, count(*) AS a_remixed_b
MATCH (b)-[:CONTRIBUTED]->(:Work)-[:REMIXES]->(:Work)<-[:CONTRIBUTED]-(a)
WITH a, b, a_remixed_b, count(*) AS b_remixed_a
WHERE a.id < b.id
RETURN a.id AS artist_a, a.handle AS handle_a, b.id AS artist_b, b.handle AS handle_b, a_remixed_b, b_remixed_a
ORDER BY a_remixed_b + b_remixed_a DESC, artist_a, artist_b
LIMIT $limit
