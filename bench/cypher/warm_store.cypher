// Touch every work and artist, their properties and relationships once, so that the page cache holds the store
MATCH (n)
WHERE n:Work OR n:Artist
OPTIONAL MATCH (n)-[r]-()
RETURN count(n) AS nodes, count(r) AS relationships, sum(size(coalesce(n.title, n.handle, ''))) AS characters
