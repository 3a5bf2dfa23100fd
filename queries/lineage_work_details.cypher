// One work: its properties, contributors, sources and remixes (the lists cut at $cap, oldest first, with their full counts)
MATCH (w:Work {id: $id})
RETURN w {.*} AS work,
       COLLECT { MATCH (a:Artist)-[c:CONTRIBUTED]->(w)
                 RETURN {id: a.id, handle: a.handle, name: a.name, role: c.role, weight: c.weight} AS row
                 ORDER BY c.weight DESC, a.id, c.role LIMIT $cap } AS contributors,
       COUNT { (:Artist)-[:CONTRIBUTED]->(w) } AS contributor_count,
       COLLECT { MATCH (w)-[r:REMIXES]->(s:Work)
                 RETURN {work: s {.*}, kind: r.kind, weight: r.weight, temporal_anomaly: r.temporal_anomaly} AS row
                 ORDER BY s.created_at, s.id LIMIT $cap } AS sources,
       COUNT { (w)-[:REMIXES]->(:Work) } AS source_count,
       COLLECT { MATCH (d:Work)-[r:REMIXES]->(w)
                 RETURN {work: d {.*}, kind: r.kind, weight: r.weight, temporal_anomaly: r.temporal_anomaly} AS row
                 ORDER BY d.created_at, d.id LIMIT $cap } AS remixes,
       COUNT { (:Work)-[:REMIXES]->(w) } AS remix_count
