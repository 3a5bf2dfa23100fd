// Create or update a batch of works: $rows = [{id, set: {property: value}, create}]; `set` holds only the properties
// of the columns the file has (a null removes the property), `create` (where it differs) every property, for a new work.
// A work whose properties are already as given is not written; returns how many were changed, and how many properties.
UNWIND $rows AS row
MERGE (w:Work {id: row.id})
  ON CREATE SET w += coalesce(row.create, row.set)
WITH w, row, [k IN keys(row.set) WHERE NOT coalesce(w[k] = row.set[k], w[k] IS NULL AND row.set[k] IS NULL)] AS changed
WHERE changed <> []
SET w += row.set
RETURN count(w) AS updated, sum(size(changed)) AS properties
