// Create or update a batch of artists: $rows = [{id, props: {handle, name, joined_at, ...extra columns}}].
// A null in props removes the property, so a reloaded dataset leaves exactly what it says.
UNWIND $rows AS row
MERGE (a:Artist {id: row.id})
SET a += row.props
