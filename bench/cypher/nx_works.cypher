// networkx baseline: every work id
MATCH (w:Work)
RETURN w.id AS id
