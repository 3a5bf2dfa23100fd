// Constraints and indexes, created before the first write. Idempotent.
CREATE CONSTRAINT work_id IF NOT EXISTS FOR (w:Work) REQUIRE w.id IS UNIQUE;
CREATE CONSTRAINT artist_id IF NOT EXISTS FOR (a:Artist) REQUIRE a.id IS UNIQUE;
CREATE INDEX work_created_at IF NOT EXISTS FOR (w:Work) ON (w.created_at);
CREATE INDEX artist_handle IF NOT EXISTS FOR (a:Artist) ON (a.handle);
// The reach of the widest-reaching artists, stored by `lineage metrics` (lineage/reach.py).
CREATE CONSTRAINT artist_reach_id IF NOT EXISTS FOR (x:ArtistReach) REQUIRE x.artist_id IS UNIQUE;
// The search's full-text indexes, one analyzer each (lineage/search.py says why). An index whose
// analyzer changes gets a new name, and the old one is dropped here, so an existing database is
// rebuilt by the loader or `lineage db reindex`. The indexes of the first search:
DROP INDEX work_title IF EXISTS;
DROP INDEX artist_text IF EXISTS;
CREATE FULLTEXT INDEX search_work_words IF NOT EXISTS FOR (w:Work) ON EACH [w.title]
  OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-no-stop-words'}};
CREATE FULLTEXT INDEX search_work_keys IF NOT EXISTS FOR (w:Work) ON EACH [w.id]
  OPTIONS {indexConfig: {`fulltext.analyzer`: 'keyword'}};
CREATE FULLTEXT INDEX search_artist_words IF NOT EXISTS FOR (a:Artist) ON EACH [a.handle, a.name]
  OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-no-stop-words'}};
CREATE FULLTEXT INDEX search_artist_keys IF NOT EXISTS FOR (a:Artist) ON EACH [a.id, a.handle]
  OPTIONS {indexConfig: {`fulltext.analyzer`: 'keyword'}};
CREATE FULLTEXT INDEX search_artist_parts IF NOT EXISTS FOR (a:Artist) ON EACH [a.handle]
  OPTIONS {indexConfig: {`fulltext.analyzer`: 'simple'}};
