// The console's editor completion: the functions the database offers, with their signatures.
SHOW FUNCTIONS YIELD name, signature, description
RETURN name, signature, description
ORDER BY name
