// Create or update a batch of works: $rows = [{id, props: {title, medium, created_at, status, license, url, tags, ...}}].
// A null in props removes the property, so a reloaded dataset leaves exactly what it says.
UNWIND $rows AS row
MERGE (w:Work {id: row.id})
SET w += row.props
