// Which of the work ids $ids are already in the graph, with their created_at (the loader's reference check).
UNWIND $ids AS id
MATCH (w:Work {id: id})
RETURN w.id AS id, w.created_at AS created_at
