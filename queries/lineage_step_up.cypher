// One level of a breadth-first walk up a lineage: the sources of the $frontier works, as of a day ($before or null)
UNWIND $frontier AS id
MATCH (:Work {id: id})-[:REMIXES]->(s:Work)
WHERE $before IS NULL OR s.created_at IS NULL OR s.created_at < $before
RETURN collect(DISTINCT s.id) AS ids
