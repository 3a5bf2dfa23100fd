// Delete every relationship, $batch per transaction (lineage db reset; relationships first, so that a node with
// many of them never makes one large transaction). Runs in an implicit transaction (CALL ... IN TRANSACTIONS).
MATCH ()-[r]->()
CALL (r) { DELETE r } IN TRANSACTIONS OF $batch ROWS
