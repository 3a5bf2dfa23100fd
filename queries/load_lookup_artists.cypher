// Which of the artist ids $ids are already in the graph (the loader's reference check).
UNWIND $ids AS id
MATCH (a:Artist {id: id})
RETURN a.id AS id
