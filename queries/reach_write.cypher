// Store the reach of a batch of artists computed by `lineage metrics` (lineage/reach.py): $rows of {artist_id, data (JSON)}. Idempotent.
UNWIND $rows AS r
MERGE (x:ArtistReach {artist_id: r.artist_id})
SET x.data = r.data
