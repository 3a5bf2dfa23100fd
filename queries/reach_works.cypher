// Every work's id and created_at ("" when undated) for an index of as-of reaches (lineage/reach.py, web/reach_index.py), streamed in records of $batch
MATCH (w:Work)
// collect() leaves out nulls: "" keeps an undated work's place beside its id.
WITH collect(w.id) AS ids, collect(coalesce(w.created_at, "")) AS created
UNWIND range(0, size(ids) - 1, $batch) AS start
RETURN ids[start..start + $batch] AS ids, created[start..start + $batch] AS created
