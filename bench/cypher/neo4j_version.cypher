// Which Neo4j answers: name, version and edition of the kernel
CALL dbms.components() YIELD name, versions, edition
RETURN name, versions[0] AS version, edition
