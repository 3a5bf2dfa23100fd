// Every artist id in the graph, streamed (lineage load --replace: which artists the dataset no longer holds).
MATCH (a:Artist)
RETURN a.id AS id
