// LOAD CSV baseline: create or update the artists of $url, 10,000 rows per transaction
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  MERGE (a:Artist {id: trim(row.artist_id)})
  SET a.handle = trim(row.handle), a.name = row.name, a.joined_at = row.joined_at
} IN TRANSACTIONS OF 10000 ROWS
