// The shortest derivation chain from work $derived back to work $source (derived first), if $derived derives from $source
MATCH (a:Work {id: $derived}), (b:Work {id: $source})
MATCH p = ANY SHORTEST (a)-[:REMIXES]->+(b)
RETURN [n IN nodes(p) | n {.*}] AS works,
       [r IN relationships(p) | {kind: r.kind, weight: r.weight, temporal_anomaly: r.temporal_anomaly}] AS remixes
