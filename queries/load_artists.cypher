// Create or update a batch of artists: $rows = [{id, set: {property: value}, create}]; `set` holds only the properties
// of the columns the file has (a null removes the property), `create` (where it differs) every property, for a new artist.
// An artist whose properties are already as given is not written; returns how many were changed, and how many properties.
UNWIND $rows AS row
MERGE (a:Artist {id: row.id})
  ON CREATE SET a += coalesce(row.create, row.set)
WITH a, row, [k IN keys(row.set) WHERE NOT coalesce(a[k] = row.set[k], a[k] IS NULL AND row.set[k] IS NULL)] AS changed
WHERE changed <> []
SET a += row.set
RETURN count(a) AS updated, sum(size(changed)) AS properties
