// How works are remixed: each kind of remix link, how often, its average weight, and the pair of media it joins most often.
// params: {}
MATCH (derived:Work)-[r:REMIXES]->(source:Work)
WITH coalesce(r.kind, '(none)') AS kind, coalesce(source.medium, '?') + ' -> ' + coalesce(derived.medium, '?') AS media,
     count(r) AS pair_links, sum(r.weight) AS pair_weight
ORDER BY pair_links DESC, media
WITH kind, sum(pair_links) AS links, sum(pair_weight) AS weight, collect(media)[0] AS commonest_media
RETURN kind, links, round(weight / links, 3) AS average_weight, commonest_media
ORDER BY links DESC, kind
