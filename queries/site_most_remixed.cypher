// The most directly remixed works (used before metrics are computed), most remixes first, at most $limit.
MATCH (w:Work)<-[:REMIXES]-()
WITH w, count(*) AS direct_remixes
RETURN w.id AS id, w.title AS title, w.medium AS medium, direct_remixes
ORDER BY direct_remixes DESC, id
LIMIT $limit
