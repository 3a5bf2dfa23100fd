// Works remixed across media: how often a source of one medium became a work of another, most frequent first.
// params: {"limit": 25}
MATCH (derived:Work)-[:REMIXES]->(source:Work)
WHERE derived.medium IS NOT NULL AND source.medium IS NOT NULL AND derived.medium <> source.medium
RETURN source.medium AS from_medium, derived.medium AS to_medium, count(*) AS remixes,
       collect(derived.id)[..5] AS examples
ORDER BY remixes DESC, from_medium, to_medium
LIMIT $limit
