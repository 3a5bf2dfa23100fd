// Every REMIXES edge already in the graph, derived work id and source id (they count as accepted in the loader's cycle check).
MATCH (d:Work)-[:REMIXES]->(s:Work)
RETURN d.id AS work_id, s.id AS source_id
