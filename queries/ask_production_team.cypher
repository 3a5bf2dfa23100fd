// Who made a production: every artist credited on the works with status 'production', with their roles and weights.
// params: {"status": "production", "limit": 100}
MATCH (w:Work {status: $status})<-[c:CONTRIBUTED]-(a:Artist)
RETURN w.id AS production, w.title AS title, a.id AS artist, a.handle AS handle, c.role AS role, c.weight AS weight
ORDER BY production, weight DESC, artist
LIMIT $limit
