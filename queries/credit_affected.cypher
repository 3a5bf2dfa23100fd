// The productions whose lineage holds one of $work_ids (the works a what-if changes): their ids
UNWIND $work_ids AS work_id
MATCH (w:Work {id: work_id})
WITH DISTINCT w
MATCH (w)<-[:REMIXES*0..]-(p:Work)
WHERE p.status = 'production' OR p.amount IS NOT NULL
RETURN DISTINCT p.id AS id
ORDER BY id
LIMIT $limit
