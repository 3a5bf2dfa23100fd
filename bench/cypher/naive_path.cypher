// What a newcomer writes for the derivation chain from $derived back to $source: every path, the shortest kept
MATCH p = (a:Work {id: $derived})-[:REMIXES*]->(b:Work {id: $source})
RETURN p
ORDER BY length(p)
LIMIT 1
