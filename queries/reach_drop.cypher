// Drop every stored artist reach (lineage/reach.py): run by `lineage metrics` before it stores new ones, and by a load before its first write, so a stored reach always describes the graph as it is. Returns how many were dropped.
MATCH (x:ArtistReach)
DETACH DELETE x
RETURN count(*) AS dropped
