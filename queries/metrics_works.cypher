// Every work's id for `lineage metrics`, streamed in records of $batch ids (a position becomes the work's compact integer id)
MATCH (w:Work)
WITH collect(w.id) AS ids
UNWIND range(0, size(ids) - 1, $batch) AS start
RETURN ids[start..start + $batch] AS ids
