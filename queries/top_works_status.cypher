// How many works there are, and how many lack one metric of `lineage metrics` ($metric, whitelisted in Python)
MATCH (w:Work)
RETURN count(w) AS total, count(CASE WHEN w[$metric] IS NULL THEN 1 END) AS without
