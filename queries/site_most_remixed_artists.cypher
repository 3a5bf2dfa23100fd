// The artists whose works were remixed most often (used before metrics are computed), at most $limit.
MATCH (a:Artist)-[:CONTRIBUTED]->(w:Work)
WITH DISTINCT a, w
MATCH (w)<-[r:REMIXES]-()
WITH a, count(r) AS remixes_of_their_work
RETURN a.id AS id, a.handle AS handle, a.name AS name, remixes_of_their_work
ORDER BY remixes_of_their_work DESC, id
LIMIT $limit
