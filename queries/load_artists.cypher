// Create or update a batch of artists: $rows = [{id, handle, name, joined_at}]; a null removes the property.
UNWIND $rows AS row
MERGE (a:Artist {id: row.id})
SET a.handle = row.handle, a.name = row.name, a.joined_at = row.joined_at
