// The stored reach of the artist $id (lineage/reach.py), if `lineage metrics` stored one since the last load
MATCH (x:ArtistReach {artist_id: $id})
RETURN x.data AS data
