// Dataset at a glance: how many works, artists, remixes, contributions and ratings there are.
CALL () { MATCH (w:Work) RETURN count(w) AS works }
CALL () { MATCH (a:Artist) RETURN count(a) AS artists }
CALL () { MATCH ()-[r:REMIXES]->() RETURN count(r) AS remixes }
CALL () { MATCH ()-[c:CONTRIBUTED]->() RETURN count(c) AS contributions }
CALL () { MATCH ()-[r:RATED]->() RETURN count(r) AS ratings }
RETURN works, artists, remixes, contributions, ratings
