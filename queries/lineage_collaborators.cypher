// An artist's collaborators: the other contributors to their works (as of a day, $before or null), with the count of works shared
MATCH (me:Artist {id: $id})-[:CONTRIBUTED]->(w:Work)<-[:CONTRIBUTED]-(other:Artist)
WHERE other <> me AND ($before IS NULL OR w.created_at IS NULL OR w.created_at < $before)
WITH other, count(DISTINCT w) AS shared_works
RETURN other.id AS id, other.handle AS handle, other.name AS name, shared_works
ORDER BY shared_works DESC, id
