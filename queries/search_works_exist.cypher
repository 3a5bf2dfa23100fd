// Which of the ids $ids are works
UNWIND $ids AS id
MATCH (w:Work {id: id}) RETURN w.id AS id
