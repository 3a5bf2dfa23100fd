// The console's editor completion: the procedures the database offers, with their signatures.
SHOW PROCEDURES YIELD name, signature, description
RETURN name, signature, description
ORDER BY name
