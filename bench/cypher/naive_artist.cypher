// Naive loader: one artist, in a transaction of its own
MERGE (a:Artist {id: $artist_id})
SET a.handle = $handle, a.name = $name, a.joined_at = $joined_at
