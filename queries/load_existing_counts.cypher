// How many works, artists and remixes the graph holds before a load (the loader skips look-ups in an empty graph).
CALL () { MATCH (w:Work) RETURN count(w) AS works }
CALL () { MATCH (a:Artist) RETURN count(a) AS artists }
CALL () { MATCH ()-[r:REMIXES]->() RETURN count(r) AS remixes }
RETURN works, artists, remixes
