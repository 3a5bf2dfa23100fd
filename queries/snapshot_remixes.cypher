// The REMIXES relationships whose derived work's id lies in $first..$last, for one part of the Parquet snapshot, in records of $batch parallel lists
MATCH (d:Work)
WHERE d.id >= $first AND d.id <= $last
MATCH (d)-[r:REMIXES]->(s:Work)
WITH collect(d.id) AS derived, collect(s.id) AS sources, collect(coalesce(r.weight, 1.0)) AS weights
UNWIND range(0, size(derived) - 1, $batch) AS start
RETURN derived[start..start + $batch] AS derived, sources[start..start + $batch] AS sources,
       weights[start..start + $batch] AS weights
