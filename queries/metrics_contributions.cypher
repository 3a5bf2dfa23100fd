// Every CONTRIBUTED relationship (artist -> work) with its weight for `lineage metrics`, streamed in records of $batch parallel lists (an artist's roles on a work are summed later)
MATCH (a:Artist)-[c:CONTRIBUTED]->(w:Work)
WITH collect(a.id) AS artists, collect(w.id) AS works, collect(coalesce(c.weight, 1.0)) AS weights
UNWIND range(0, size(artists) - 1, $batch) AS start
RETURN artists[start..start + $batch] AS artists, works[start..start + $batch] AS works,
       weights[start..start + $batch] AS weights
