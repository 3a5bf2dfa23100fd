// Every rating in the graph as [artist id, work id], streamed (lineage load --replace).
MATCH (a:Artist)-[:RATED]->(w:Work)
RETURN [a.id, w.id] AS key
