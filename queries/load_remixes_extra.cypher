// Set the extra columns of a batch of remixes: $rows = [{work_id, source_id, extra: {property: value}}].
UNWIND $rows AS row
MATCH (:Work {id: row.work_id})-[r:REMIXES]->(:Work {id: row.source_id})
SET r += row.extra
