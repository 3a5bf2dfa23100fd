// LOAD CSV baseline: create or update the works of $url, 10,000 rows per transaction
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  MERGE (w:Work {id: trim(row.work_id)})
  SET w.title = row.title,
      w.medium = coalesce(toLower(row.medium), $default_medium),
      w.created_at = row.created_at,
      w.status = coalesce(toLower(row.status), $default_status),
      w.license = row.license,
      w.url = row.url,
      w.tags = [t IN split(coalesce(row.tags, ''), ';') WHERE trim(t) <> '' | trim(t)]
} IN TRANSACTIONS OF 10000 ROWS
