// Every contribution in the graph as [artist id, work id, role], streamed (lineage load --replace).
MATCH (a:Artist)-[c:CONTRIBUTED]->(w:Work)
RETURN [a.id, w.id, c.role] AS key
