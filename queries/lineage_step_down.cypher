// One level of a breadth-first walk down a lineage: the works remixing the $frontier works, as of a day ($before or null)
UNWIND $frontier AS id
MATCH (:Work {id: id})<-[:REMIXES]-(d:Work)
WHERE $before IS NULL OR d.created_at IS NULL OR d.created_at < $before
RETURN collect(DISTINCT d.id) AS ids
