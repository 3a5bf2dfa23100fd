// LOAD CSV baseline: create or update the contributions of $url (artist -> work, keyed by role), 10,000 rows per transaction
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  MATCH (a:Artist {id: trim(row.artist_id)})
  MATCH (w:Work {id: trim(row.work_id)})
  MERGE (a)-[c:CONTRIBUTED {role: coalesce(row.role, $default_role)}]->(w)
  SET c.weight = toFloat(coalesce(row.weight, '1'))
} IN TRANSACTIONS OF 10000 ROWS
