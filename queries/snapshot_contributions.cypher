// The CONTRIBUTED relationships to works whose id lies in $first..$last, for one part of the Parquet snapshot, in records of $batch parallel lists
MATCH (w:Work)
WHERE w.id >= $first AND w.id <= $last
MATCH (a:Artist)-[c:CONTRIBUTED]->(w)
WITH collect(a.id) AS artists, collect(w.id) AS works, collect(coalesce(c.weight, 1.0)) AS weights
UNWIND range(0, size(artists) - 1, $batch) AS start
RETURN artists[start..start + $batch] AS artists, works[start..start + $batch] AS works,
       weights[start..start + $batch] AS weights
