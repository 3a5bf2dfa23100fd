// One artist's properties, without their works (the artist page lists those from its influence answer)
MATCH (a:Artist {id: $id})
RETURN a {.*} AS artist
