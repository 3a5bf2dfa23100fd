// Set the extra columns of a batch of ratings: $rows = [{artist_id, work_id, extra: {property: value}}].
UNWIND $rows AS row
MATCH (:Artist {id: row.artist_id})-[r:RATED]->(:Work {id: row.work_id})
SET r += row.extra
