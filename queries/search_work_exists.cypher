// The work with id $id, if there is one
MATCH (w:Work {id: $id}) RETURN w.id AS id
