// networkx baseline: every remix edge, derived -> source, with its weight
MATCH (d:Work)-[r:REMIXES]->(s:Work)
RETURN d.id AS derived, s.id AS source, coalesce(r.weight, 1.0) AS weight
