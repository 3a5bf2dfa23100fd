// Every artist's id for `lineage metrics`, streamed in records of $batch ids (a position becomes the artist's compact integer id)
MATCH (a:Artist)
WITH collect(a.id) AS ids
UNWIND range(0, size(ids) - 1, $batch) AS start
RETURN ids[start..start + $batch] AS ids
