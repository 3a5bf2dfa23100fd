// Constraints and indexes, created before the first write. Idempotent.
CREATE CONSTRAINT work_id IF NOT EXISTS FOR (w:Work) REQUIRE w.id IS UNIQUE;
CREATE CONSTRAINT artist_id IF NOT EXISTS FOR (a:Artist) REQUIRE a.id IS UNIQUE;
CREATE FULLTEXT INDEX work_title IF NOT EXISTS FOR (w:Work) ON EACH [w.title];
CREATE FULLTEXT INDEX artist_text IF NOT EXISTS FOR (a:Artist) ON EACH [a.handle, a.name];
CREATE INDEX work_created_at IF NOT EXISTS FOR (w:Work) ON (w.created_at);
