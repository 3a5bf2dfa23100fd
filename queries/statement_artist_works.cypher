// An artist's works with how far each travelled: the number of distinct works derived from it (the descendants metric where `lineage metrics` wrote it, else counted), most first
MATCH (:Artist {id: $artist_id})-[:CONTRIBUTED]->(w:Work)
WITH DISTINCT w
RETURN w.id AS id, w.title AS title, w.created_at AS created_at,
       coalesce(w.descendants, size(COLLECT { MATCH (w)<-[:REMIXES*1..]-(d:Work) RETURN DISTINCT d })) AS descendants
ORDER BY descendants DESC, id
LIMIT $limit
