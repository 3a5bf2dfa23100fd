// Every production (status production, or a work with an amount to pay out): id, title, created_at, amount, status; newest first
MATCH (p:Work)
WHERE p.status = 'production' OR p.amount IS NOT NULL
RETURN p.id AS id, p.title AS title, p.created_at AS created_at, p.amount AS amount, p.status AS status
ORDER BY p.created_at DESC, p.id
LIMIT $limit
