// How many works, artists, contributions, remixes, ratings and temporal anomalies (remixes dated before their source) the graph holds.
CALL () { MATCH (w:Work) RETURN count(w) AS works }
CALL () { MATCH (a:Artist) RETURN count(a) AS artists }
CALL () { MATCH ()-[c:CONTRIBUTED]->() RETURN count(c) AS contributions }
CALL () { MATCH ()-[r:REMIXES]->() RETURN count(r) AS remixes }
CALL () { MATCH ()-[r:RATED]->() RETURN count(r) AS ratings }
CALL () { MATCH ()-[r:REMIXES]->() WHERE r.temporal_anomaly = true RETURN count(r) AS temporal_anomalies }
RETURN works, artists, contributions, remixes, ratings, temporal_anomalies
