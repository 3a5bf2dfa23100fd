// Drop what `lineage metrics` stored for the pages (lineage/reach.py): every artist's reach and the run's stamp.
// Run by `lineage metrics` before it stores new ones, and by a load before its first write, so what is stored
// always describes the graph as it is. Returns how many nodes were dropped.
MATCH (x) WHERE x:ArtistReach OR x:MetricsRun
DETACH DELETE x
RETURN count(*) AS dropped
