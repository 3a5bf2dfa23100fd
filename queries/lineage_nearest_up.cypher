// A work's ancestors within $depth remixes (null: all) as of a day, each with its shortest distance: the $cap nearest and the total
// min(length(p)) over a variable-length pattern is planned as a pruning breadth-first expand: each work is
// reached once, at its shortest distance, however many paths lead to it (ANY SHORTEST to every end node is not:
// it grows with the number of equally short paths, 2^n on a ladder of n diamonds).
MATCH p = (w:Work {id: $id})(()-[:REMIXES]->(x:Work)
      WHERE $before IS NULL OR x.created_at IS NULL OR x.created_at < $before)+(a:Work)
WHERE a <> w
WITH a.id AS id, min(length(p)) AS distance
WHERE $depth IS NULL OR distance <= $depth
ORDER BY distance, id
WITH collect({id: id, distance: distance}) AS found
RETURN size(found) AS total, found[0..$cap] AS nodes
