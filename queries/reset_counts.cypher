// How many nodes and relationships the database holds (lineage db reset: what it would remove, and what is left).
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
RETURN nodes, relationships
