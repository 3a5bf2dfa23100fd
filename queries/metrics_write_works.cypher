// Write one batch of work metrics computed by `lineage metrics`: $ids and one parallel list per metric. Idempotent (plain SETs).
UNWIND range(0, size($ids) - 1) AS i
MATCH (w:Work {id: $ids[i]})
SET w.direct_remixes = $direct_remixes[i], w.descendants = $descendants[i], w.ancestors = $ancestors[i],
    w.generation = $generation[i], w.pagerank = $pagerank[i], w.bridge = $bridge[i]
