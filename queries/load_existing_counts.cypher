// How many works, artists, contributions, remixes and ratings the graph holds (the loader: look-ups, and CREATE where a kind is new).
CALL () { MATCH (w:Work) RETURN count(w) AS works }
CALL () { MATCH (a:Artist) RETURN count(a) AS artists }
CALL () { MATCH ()-[c:CONTRIBUTED]->() RETURN count(c) AS contributions }
CALL () { MATCH ()-[r:REMIXES]->() RETURN count(r) AS remixes }
CALL () { MATCH ()-[r:RATED]->() RETURN count(r) AS ratings }
RETURN works, artists, contributions, remixes, ratings
