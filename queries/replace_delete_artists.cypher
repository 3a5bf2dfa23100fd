// Delete the artists $ids with their relationships (lineage load --replace: artists the dataset no longer holds).
UNWIND $ids AS id
MATCH (a:Artist {id: id})
DETACH DELETE a
