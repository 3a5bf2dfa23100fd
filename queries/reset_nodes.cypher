// Delete every node, $batch per transaction (lineage db reset, after the relationships; DETACH for any made
// meanwhile). Constraints and indexes stay. Runs in an implicit transaction (CALL ... IN TRANSACTIONS).
MATCH (n)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF $batch ROWS
