// Set the extra columns of a batch of works: $rows = [{id, extra: {property: value}}]; a null removes the property.
UNWIND $rows AS row
MATCH (w:Work {id: row.id})
SET w += row.extra
