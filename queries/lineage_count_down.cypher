// How many works derive from a work, transitively, as of a day ($before: the day after, or null); each work visited once
MATCH (w:Work {id: $id})(()<-[:REMIXES]-(x:Work)
      WHERE $before IS NULL OR x.created_at IS NULL OR x.created_at < $before)+(d:Work)
WHERE d <> w  // never its own ancestor, should a cycle slip in
RETURN count(DISTINCT d) AS total
