// The works the focus view draws, by id, as one row: each work's properties, whether it has sources as of a day ($before or null), and its element id
// properties(w) rather than a projection of named keys: metrics may not exist yet, and the page's log stays free of notices.
UNWIND $ids AS id
MATCH (w:Work {id: id})
RETURN collect([
  properties(w),
  EXISTS { (w)-[:REMIXES]->(x:Work) WHERE $before IS NULL OR x.created_at IS NULL OR x.created_at < $before },
  elementId(w)
]) AS works
