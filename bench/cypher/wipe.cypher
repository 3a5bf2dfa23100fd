// Delete every node and relationship, 10,000 nodes per transaction (the schema stays)
MATCH (n)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
