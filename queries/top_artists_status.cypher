// How many artists there are, and how many lack one metric of `lineage metrics` ($metric, whitelisted in Python)
MATCH (a:Artist)
RETURN count(a) AS total, count(CASE WHEN a[$metric] IS NULL THEN 1 END) AS without
