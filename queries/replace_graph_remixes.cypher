// Every remix in the graph as [derived work id, source work id], streamed (lineage load --replace).
MATCH (d:Work)-[:REMIXES]->(s:Work)
RETURN [d.id, s.id] AS key
