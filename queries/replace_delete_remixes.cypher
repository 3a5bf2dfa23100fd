// Delete the remixes $keys = [[derived work id, source work id]] (lineage load --replace: no longer in the dataset).
UNWIND $keys AS key
MATCH (:Work {id: key[0]})-[r:REMIXES]->(:Work {id: key[1]})
DELETE r
