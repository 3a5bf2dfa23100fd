// How many works a work derives from, transitively, as of a day ($before: the day after, or null); each work visited once
MATCH (w:Work {id: $id})(()-[:REMIXES]->(x:Work)
      WHERE $before IS NULL OR x.created_at IS NULL OR x.created_at < $before)+(a:Work)
WHERE a <> w  // never its own ancestor, should a cycle slip in
RETURN count(DISTINCT a) AS total
