// Write one batch of artist metrics computed by `lineage metrics`: $ids and one parallel list per metric. Idempotent (plain SETs).
UNWIND range(0, size($ids) - 1) AS i
MATCH (a:Artist {id: $ids[i]})
SET a.works = $works[i], a.works_remixed = $works_remixed[i], a.downstream_works = $downstream_works[i],
    a.downstream_artists = $downstream_artists[i], a.h_index = $h_index[i], a.influence = $influence[i]
