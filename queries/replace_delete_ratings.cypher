// Delete the ratings $keys = [[artist id, work id]] (lineage load --replace: no longer in the dataset).
UNWIND $keys AS key
MATCH (:Artist {id: key[0]})-[r:RATED]->(:Work {id: key[1]})
DELETE r
