// The uniqueness constraint that makes MERGE (:LoadLock {name}) wait for another open transaction's (graph_loader/lock.py).
CREATE CONSTRAINT load_lock IF NOT EXISTS FOR (l:LoadLock) REQUIRE l.name IS UNIQUE;
