// The contributions to the works $ids: who contributed to which work, in what role and with what weight
UNWIND $ids AS id
MATCH (a:Artist)-[c:CONTRIBUTED]->(w:Work {id: id})
RETURN w.id AS work, a {.id, .handle, .name} AS artist, c.role AS role, c.weight AS weight
ORDER BY work, artist.id, role
