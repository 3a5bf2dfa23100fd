// Every work id in the graph, streamed (lineage load --replace: which works the dataset no longer holds).
MATCH (w:Work)
RETURN w.id AS id
