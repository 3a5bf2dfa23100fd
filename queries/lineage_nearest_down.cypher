// A work's descendants within $depth remixes (null: all) as of a day, each with its shortest distance: the $cap nearest and the total
// Planned as a pruning breadth-first expand (see lineage_nearest_up.cypher): one visit per work.
MATCH p = (w:Work {id: $id})(()<-[:REMIXES]-(x:Work)
      WHERE $before IS NULL OR x.created_at IS NULL OR x.created_at < $before)+(d:Work)
WHERE d <> w
WITH d.id AS id, min(length(p)) AS distance
WHERE $depth IS NULL OR distance <= $depth
ORDER BY distance, id
WITH collect({id: id, distance: distance}) AS found
RETURN size(found) AS total, found[0..$cap] AS nodes
