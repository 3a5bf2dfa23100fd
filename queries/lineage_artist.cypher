// One artist's properties and the works they contributed to as of a day ($before or null), roles and weights summed per work
MATCH (a:Artist {id: $id})
RETURN a {.*} AS artist,
       COLLECT { MATCH (a)-[c:CONTRIBUTED]->(w:Work)
                 WHERE $before IS NULL OR w.created_at IS NULL OR w.created_at < $before
                 WITH w, collect(DISTINCT c.role) AS roles, sum(coalesce(c.weight, 0.0)) AS weight
                 RETURN {work: w {.*}, roles: roles, weight: weight} AS row
                 ORDER BY w.created_at, w.id } AS works
