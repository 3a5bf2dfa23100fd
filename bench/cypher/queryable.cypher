// Does the database answer a query: how many works it holds
MATCH (w:Work)
RETURN count(w) AS works
