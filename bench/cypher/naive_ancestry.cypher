// What a newcomer writes for a work's ancestry: every work it derives from, over all remix paths
MATCH p = (w:Work {id: $id})-[:REMIXES*]->(a)
RETURN DISTINCT a
