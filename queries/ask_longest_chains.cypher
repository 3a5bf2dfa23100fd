// The longest remix chains: from a work nobody remixed back to an original, as a path (at most 12 steps).
// params: {"limit": 10}
MATCH (last:Work)
WHERE NOT ()-[:REMIXES]->(last) AND (last)-[:REMIXES]->()
MATCH chain = (last)-[:REMIXES*1..12]->(origin:Work)
WHERE NOT (origin)-[:REMIXES]->()
WITH last, chain ORDER BY length(chain) DESC
WITH last, head(collect(chain)) AS chain
RETURN last.id AS work, length(chain) AS steps, [n IN nodes(chain) | n.id] AS works, chain
ORDER BY steps DESC, work
LIMIT $limit
