// Delete the contributions $keys = [[artist id, work id, role]] (lineage load --replace: no longer in the dataset).
UNWIND $keys AS key
MATCH (:Artist {id: key[0]})-[c:CONTRIBUTED {role: key[2]}]->(:Work {id: key[1]})
DELETE c
