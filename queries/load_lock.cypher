// Take the load lock $name: run in a transaction that stays open for the whole load and is rolled back at its end,
// so the node is never committed; another load's MERGE of it waits until then (graph_loader/lock.py).
MERGE (l:LoadLock {name: $name})
