// Set the extra columns of a batch of contributions: $rows = [{artist_id, work_id, role, extra: {property: value}}].
UNWIND $rows AS row
MATCH (:Artist {id: row.artist_id})-[c:CONTRIBUTED {role: row.role}]->(:Work {id: row.work_id})
SET c += row.extra
