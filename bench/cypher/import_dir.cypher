// Where LOAD CSV reads file:/// URLs from (null: anywhere on the server's machine) and whether it may
SHOW SETTINGS YIELD name, value
WHERE name IN ['server.directories.import', 'dbms.security.allow_csv_import_from_file_urls']
RETURN name, value
