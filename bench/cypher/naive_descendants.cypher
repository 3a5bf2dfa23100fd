// What a newcomer writes for a work's descendants: every work derived from it, over all remix paths
MATCH p = (w:Work {id: $id})<-[:REMIXES*]-(d)
RETURN DISTINCT d
