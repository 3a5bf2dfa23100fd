// LOAD CSV baseline: create or update the remixes of $url (derived -> source), 10,000 rows per transaction
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  MATCH (d:Work {id: trim(row.work_id)})
  MATCH (s:Work {id: trim(row.source_id)})
  MERGE (d)-[r:REMIXES]->(s)
  SET r.kind = coalesce(toLower(row.kind), $default_kind), r.weight = toFloat(coalesce(row.weight, '1'))
} IN TRANSACTIONS OF 10000 ROWS
