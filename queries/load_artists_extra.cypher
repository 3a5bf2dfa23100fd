// Set the extra columns of a batch of artists: $rows = [{id, extra: {property: value}}]; a null removes the property.
UNWIND $rows AS row
MATCH (a:Artist {id: row.id})
SET a += row.extra
