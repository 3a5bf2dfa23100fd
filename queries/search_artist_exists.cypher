// The artist with id $id, if there is one
MATCH (a:Artist {id: $id}) RETURN a.id AS id
