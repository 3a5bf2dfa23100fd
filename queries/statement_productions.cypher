// The productions whose lineage holds a work the artist contributed to (a pruning expansion from the artist's works down to what derives from them): their ids
MATCH (:Artist {id: $artist_id})-[:CONTRIBUTED]->(w:Work)
WITH DISTINCT w
MATCH (w)<-[:REMIXES*0..]-(p:Work)
WHERE p.status = 'production' OR p.amount IS NOT NULL
RETURN DISTINCT p.id AS id
ORDER BY id
LIMIT $limit
