// The PageRank `lineage metrics` stored on every work
MATCH (w:Work)
RETURN w.id AS id, w.pagerank AS pagerank
