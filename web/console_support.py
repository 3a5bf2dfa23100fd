"""The console's example queries and result shaping."""

from __future__ import annotations

import re

import queries

# Named queries that write or change the schema are not offered as examples.
WRITE_PATTERN = re.compile(r"\b(CREATE|MERGE|SET|DELETE|REMOVE|DROP|LOAD\s+CSV|FOREACH)\b|IN\s+TRANSACTIONS", re.I)
EXCLUDED_PREFIXES = ("load_", "schema", "site_", "write_", "metrics_write")


def examples() -> list[dict]:
    """Read-only named queries from ``queries/``: ``{name, description, text}``."""
    found = []
    for name in queries.names():
        if name.startswith(EXCLUDED_PREFIXES):
            continue
        text = queries.load(name)
        body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
        if WRITE_PATTERN.search(body):
            continue
        found.append({"name": name, "description": queries.describe(name), "text": text.strip()})
    return found
