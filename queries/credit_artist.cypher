// One artist by id, for explaining a credit split: id, handle, name (no row if there is none)
MATCH (a:Artist {id: $artist_id})
RETURN a.id AS id, a.handle AS handle, a.name AS name
