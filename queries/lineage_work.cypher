// Works by id: every property, and the REMIXES edges to their sources (with each source's date, for as-of filtering)
UNWIND $ids AS id
MATCH (w:Work {id: id})
RETURN w {.*} AS work,
       [(w)-[r:REMIXES]->(s:Work) | {target: s.id, target_created_at: s.created_at, kind: r.kind,
                                     weight: r.weight, temporal_anomaly: r.temporal_anomaly}] AS sources
