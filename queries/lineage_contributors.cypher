// The artists (other than $artist) who contributed to the works $ids, each with how many of those works
UNWIND $ids AS id
MATCH (w:Work {id: id})<-[:CONTRIBUTED]-(a:Artist)
WHERE a.id <> $artist
WITH a, count(DISTINCT w) AS works
RETURN a.id AS id, a.handle AS handle, a.name AS name, works
ORDER BY works DESC, id
