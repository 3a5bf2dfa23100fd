// The artists whose work other artists built on most: distinct other artists who remixed them, and the remixes.
// params: {"limit": 25}
MATCH (a:Artist)-[:CONTRIBUTED]->(:Work)<-[:REMIXES]-(remix:Work)<-[:CONTRIBUTED]-(other:Artist)
WHERE other <> a
RETURN a.id AS artist, a.handle AS handle, count(DISTINCT other) AS remixing_artists, count(DISTINCT remix) AS remixes
ORDER BY remixing_artists DESC, remixes DESC, artist
LIMIT $limit
