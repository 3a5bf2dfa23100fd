// LOAD CSV baseline: create or update the ratings of $url (artist -> work), 10,000 rows per transaction
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  MATCH (a:Artist {id: trim(row.artist_id)})
  MATCH (w:Work {id: trim(row.work_id)})
  MERGE (a)-[r:RATED]->(w)
  SET r.stars = toInteger(row.stars), r.rated_at = row.rated_at
} IN TRANSACTIONS OF 10000 ROWS
