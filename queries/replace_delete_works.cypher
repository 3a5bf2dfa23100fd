// Delete the works $ids with their relationships (lineage load --replace: works the dataset no longer holds).
UNWIND $ids AS id
MATCH (w:Work {id: id})
DETACH DELETE w
