// A work's ancestors within $depth remixes (null: all) as of a day, each with its shortest distance: the $cap nearest and the total
MATCH p = ANY SHORTEST (w:Work {id: $id})(()-[:REMIXES]->(x:Work)
      WHERE $before IS NULL OR x.created_at IS NULL OR x.created_at < $before)+(a:Work)
WITH a.id AS id, length(p) AS distance
WHERE $depth IS NULL OR distance <= $depth
ORDER BY distance, id
WITH collect({id: id, distance: distance}) AS found
RETURN size(found) AS total, found[0..$cap] AS nodes
