// The artists (other than $artist) who contributed to the works $ids, each with how many of those works:
// how many such artists in all, and the first $limit of them (most works first)
UNWIND $ids AS id
MATCH (w:Work {id: id})<-[:CONTRIBUTED]-(a:Artist)
WHERE a.id <> $artist
WITH a, count(DISTINCT w) AS works
ORDER BY works DESC, a.id
// Properties are read for the listed artists only: a prolific artist reaches tens of thousands.
WITH collect([a, works]) AS ranked
RETURN size(ranked) AS total,
       [x IN ranked[..$limit] | {id: x[0].id, handle: x[0].handle, name: x[0].name, works: x[1]}] AS artists
