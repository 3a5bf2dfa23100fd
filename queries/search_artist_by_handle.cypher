// The ids of the artists whose handle is exactly $handle (at most two: a handle should name one artist)
MATCH (a:Artist) WHERE a.handle = $handle
RETURN a.id AS id ORDER BY id LIMIT 2
