// The id, handle and name of each of the artists $ids that exists, for lists of artists computed elsewhere (lineage/reach.py)
UNWIND $ids AS id
MATCH (a:Artist {id: id})
RETURN collect(a {.id, .handle, .name}) AS artists
