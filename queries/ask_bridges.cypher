// The works that bridge the most lineages: remixes drawing on the most separate originals (works with no sources of their own, up to 6 steps back).
// params: {"limit": 20}
MATCH (w:Work)-[:REMIXES]->()
WITH DISTINCT w
MATCH (w)-[:REMIXES*1..6]->(origin:Work)
WHERE NOT (origin)-[:REMIXES]->()
WITH w, count(DISTINCT origin) AS originals
RETURN w.id AS work, w.title AS title, w.medium AS medium, originals
ORDER BY originals DESC, work
LIMIT $limit
