// Stamp the graph's metrics as current, written last by `lineage metrics` (and dropped by the next load with
// queries/stored_drop.cypher): while it stands, a work's stored descendants and ancestors are its lineage's size
// when $exact (no count was estimated).
MERGE (m:MetricsRun {name: 'graph'})
SET m.exact = $exact
