// An artist's collaborators: the other contributors to their works (as of a day, $before or null), with the count of works shared:
// how many collaborators in all, and the first $limit of them (most shared works first)
MATCH (me:Artist {id: $id})-[:CONTRIBUTED]->(w:Work)<-[:CONTRIBUTED]-(other:Artist)
WHERE other <> me AND ($before IS NULL OR w.created_at IS NULL OR w.created_at < $before)
WITH other, count(DISTINCT w) AS shared_works
ORDER BY shared_works DESC, other.id
WITH collect([other, shared_works]) AS ranked
RETURN size(ranked) AS total,
       [x IN ranked[..$limit] | {id: x[0].id, handle: x[0].handle, name: x[0].name, shared_works: x[1]}] AS artists
