// How one work derives from another: the shortest chain of remixes from $work_id back to $source_id, as a path.
// params: {"work_id": "w000200", "source_id": "w000001"}
MATCH (w:Work {id: $work_id}), (s:Work {id: $source_id})
MATCH chain = shortestPath((w)-[:REMIXES*1..30]->(s))
RETURN length(chain) AS steps, [n IN nodes(chain) | n.title] AS titles, [r IN relationships(chain) | r.kind] AS kinds, chain
