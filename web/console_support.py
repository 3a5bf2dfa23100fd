"""The console: example queries, request parsing, running, and result downloads.

Every query goes through :func:`lineage.console.run_readonly` (a read-only
transaction on the server, a timeout and a row cap); this module only reads
the request and shapes the answer.
"""

from __future__ import annotations

import csv
import io
import json
import threading
from typing import Any

from flask import current_app

from lineage import limits
from lineage.cells import safe_cell
from lineage.errors import InvalidParameter
from web.db import get_graph

# The editor: @neo4j-cypher/codemirror bundled by tools/build_codemirror.sh (the version is the package's).
EDITOR_VERSION = "1.0.3"
EDITOR_JS = f"vendor/cypher-editor-{EDITOR_VERSION}.min.js"
EDITOR_CSS = f"vendor/cypher-editor-{EDITOR_VERSION}.min.css"
MAX_QUERY, MAX_PARAMS = limits.MAX_QUERY_CHARS, limits.MAX_PARAMS_CHARS
# Most characters of JSON the page itself shows in its JSON view (larger: the download only).
JSON_VIEW_MAX = 512 * 1024
_slots_lock = threading.Lock()
# A node's caption: the first of these properties it has (its label when it has none), as Neo4j Browser does.
CAPTION_KEYS = ("title", "handle", "name", "id")
# The keys of the values lineage.console.run_readonly writes for graph values.
NODE_KEYS = frozenset({"id", "labels", "properties"})
RELATIONSHIP_KEYS = frozenset({"id", "type", "start", "end", "properties"})
PATH_KEYS = frozenset({"nodes", "relationships"})


def examples() -> list[dict]:
    """The console's examples: the analyst's library, ``{name, description, text, params}``.

    Each comes with parameters that return rows as given (:mod:`lineage.analyst`); the
    application's own statements (``queries/`` outside ``ask_*``) are not offered.
    """
    from lineage import analyst

    return analyst.library()


def check_query(query: Any) -> str:
    """The Cypher text of a request: a non-empty string of bounded length.

    >>> check_query("RETURN 1")
    'RETURN 1'
    >>> check_query("  ")
    Traceback (most recent call last):
    ...
    lineage.errors.InvalidParameter: the query is empty
    """
    if not isinstance(query, str):
        raise InvalidParameter("'query' must be a string of Cypher")
    if not query.strip():
        raise InvalidParameter("the query is empty")
    if len(query) > MAX_QUERY:
        raise InvalidParameter(f"the query is {len(query)} characters long; at most {MAX_QUERY} are accepted")
    return query


def check_params(value: Any) -> dict:
    """Query parameters: a JSON object (None or {} for none).

    >>> check_params(None), check_params({"id": "w1"})
    ({}, {'id': 'w1'})
    >>> check_params([1])
    Traceback (most recent call last):
    ...
    lineage.errors.InvalidParameter: 'params' must be a JSON object such as {"id": "w1"}
    """
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InvalidParameter("'params' must be a JSON object such as {\"id\": \"w1\"}")
    return value


def parse_params_text(text: str | None) -> dict:
    """Parameters typed as JSON text in the console's form.

    >>> parse_params_text('{"limit": 5}'), parse_params_text("  ")
    ({'limit': 5}, {})
    >>> parse_params_text("{limit: 5}")
    Traceback (most recent call last):
    ...
    lineage.errors.InvalidParameter: the parameters are not valid JSON (line 1, column 2): Expecting property name enclosed in double quotes
    """
    if text is None or not text.strip():
        return {}
    if len(text) > MAX_PARAMS:
        raise InvalidParameter(f"the parameters are {len(text)} characters long; at most {MAX_PARAMS} are accepted")
    try:
        value = json.loads(text)
    except json.JSONDecodeError as err:
        raise InvalidParameter(
            f"the parameters are not valid JSON (line {err.lineno}, column {err.colno}): {err.msg}"
        ) from None
    except RecursionError:  # json gives up on very deep nesting with this, not a ValueError
        raise InvalidParameter("the parameters nest lists or objects too deeply to read") from None
    return check_params(value)


SLOTS = "lineage_console_slots"


def slots():
    """The app's limit on console queries running at once (CONSOLE_QUERIES)."""
    from lineage.console import Slots

    app = current_app._get_current_object()
    found = app.extensions.get(SLOTS)
    if found is None:
        with _slots_lock:
            found = app.extensions.setdefault(SLOTS, Slots(int(app.config["CONSOLE_QUERIES"])))
    return found


def run(query: str, params: dict) -> dict:
    """Run a console query read-only; the result of ``run_readonly`` plus a ``graph`` when nodes came back."""
    graph = get_graph(console=True)
    from lineage.console import run_readonly

    config = current_app.config
    result = run_readonly(
        graph, query, params, timeout=float(config["QUERY_TIMEOUT"]), row_cap=int(config["ROW_CAP"]),
        byte_cap=int(config["CONSOLE_MAX_BYTES"]), slots=slots(),
    )
    result = dict(result)
    nodes = result.get("nodes") or []
    if nodes:
        from web import graphs

        result["graph"] = graphs.console_payload(nodes, result.get("relationships") or [])
    else:
        result["graph"] = None
    return result


def cell_text(value: Any) -> str:
    """A result value as one cell of text: scalars as they are, the rest as JSON.

    >>> cell_text(None), cell_text(1.5), cell_text("a"), cell_text({"id": "w1"}), cell_text([1, "x"])
    ('', '1.5', 'a', '{"id": "w1"}', '[1, "x"]')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, str)):
        return str(value)
    return json.dumps(value, ensure_ascii=False, default=str)


def kind(value: Any) -> str | None:
    """``"node"``, ``"relationship"`` or ``"path"`` for a graph value of a result, else None.

    >>> kind({"id": "4:x:1", "labels": ["Work"], "properties": {}}), kind({"nodes": [], "relationships": []})
    ('node', 'path')
    >>> kind({"id": "w1"}), kind([1])
    (None, None)
    """
    if not isinstance(value, dict):
        return None
    keys = value.keys()
    if keys == NODE_KEYS:
        return "node"
    if keys == RELATIONSHIP_KEYS:
        return "relationship"
    if keys == PATH_KEYS:
        return "path"
    return None


def has_graph(values: Any) -> bool:
    """Whether a list holds a node, relationship or path (shown as such, not as text)."""
    return isinstance(values, list) and any(kind(v) for v in values)


def caption(node: dict) -> str:
    """A node's caption: its first property of :data:`CAPTION_KEYS`, else its first label.

    >>> caption({"id": "1", "labels": ["Work"], "properties": {"id": "w1", "title": "Song"}})
    'Song'
    >>> caption({"id": "1", "labels": ["Tag"], "properties": {"x": 1}})
    'Tag'
    """
    props = node.get("properties") or {}
    for key in CAPTION_KEYS:
        if props.get(key) not in (None, ""):
            return cell_text(props[key])
    labels = node.get("labels") or []
    return str(labels[0]) if labels else str(node.get("id"))


def value_text(value: Any) -> str:
    """A result value as text the way the table shows it: graph values in Cypher's notation.

    >>> n = {"id": "1", "labels": ["Work"], "properties": {"title": "A"}}
    >>> m = {"id": "2", "labels": ["Work"], "properties": {"title": "B"}}
    >>> r = {"id": "9", "type": "REMIXES", "start": "2", "end": "1", "properties": {}}
    >>> value_text(n), value_text(r), value_text({"nodes": [n, m], "relationships": [r]})
    ('(:Work "A")', '[:REMIXES]', '(:Work "A")<-[:REMIXES]-(:Work "B")')
    """
    found = kind(value)
    if found == "node":
        labels = "".join(":" + str(label) for label in value.get("labels") or [])
        return f"({labels} {json.dumps(caption(value), ensure_ascii=False)})"
    if found == "relationship":
        return f"[:{value.get('type')}]"
    if found == "path":
        nodes, rels = value.get("nodes") or [], value.get("relationships") or []
        parts = [value_text(nodes[0])] if nodes else []
        for i, rel in enumerate(rels):
            forward = i >= len(nodes) or rel.get("start") == nodes[i].get("id")
            step = f"-{value_text(rel)}->" if forward else f"<-{value_text(rel)}-"
            parts.append(step + (value_text(nodes[i + 1]) if i + 1 < len(nodes) else "()"))
        return "".join(parts)
    if has_graph(value):
        return "[" + ", ".join(value_text(v) for v in value) + "]"
    return cell_text(value)


def _property_order(keys: set[str]) -> list[str]:
    """Caption keys first (id first of all), then the rest in name order."""
    first = [k for k in ("id",) + CAPTION_KEYS[:-1] if k in keys]
    return first + sorted(keys - set(first))


def flat_table(columns: list[str], rows: list) -> tuple[list[str], list[list[str]]]:
    """The result as a flat table of text: a node or relationship column becomes one column per property.

    A column holding only nodes (or nulls) becomes ``c:labels`` and ``c.<key>`` for every
    property key found in it (``w.id``, ``w.title``...); one holding only relationships
    ``c:type`` and its keys. Anything else stays one column of :func:`value_text`.

    >>> n = {"id": "1", "labels": ["Work"], "properties": {"id": "w1", "title": "A"}}
    >>> m = {"id": "2", "labels": ["Work"], "properties": {"id": "w2", "medium": "film"}}
    >>> flat_table(["w", "n"], [[n, 1], [m, 2], [None, 3]])
    (['w:labels', 'w.id', 'w.title', 'w.medium', 'n'], [['Work', 'w1', 'A', '', '1'], ['Work', 'w2', '', 'film', '2'], ['', '', '', '', '3']])
    """
    lists = [row_values(columns, row) for row in rows]
    header: list[str] = []
    makers = []
    for i, column in enumerate(columns):
        values = [r[i] if i < len(r) else None for r in lists]
        kinds = {kind(v) for v in values if v is not None}
        if kinds in ({"node"}, {"relationship"}):
            keys = _property_order({k for v in values if v is not None for k in v.get("properties") or {}})
            graph_kind = kinds.pop()
            header.append(f"{column}:labels" if graph_kind == "node" else f"{column}:type")
            header.extend(f"{column}.{k}" for k in keys)

            def make(v, keys=keys, graph_kind=graph_kind):
                if v is None:
                    return [""] * (len(keys) + 1)
                first = ":".join(v.get("labels") or []) if graph_kind == "node" else str(v.get("type"))
                props = v.get("properties") or {}
                return [first] + [cell_text(props.get(k)) for k in keys]
        else:
            header.append(column)

            def make(v):
                return [value_text(v)]
        makers.append(make)
    out = []
    for r in lists:
        line: list[str] = []
        for i, make in enumerate(makers):
            line.extend(make(r[i] if i < len(r) else None))
        out.append(line)
    return header, out


def to_csv(columns: list[str], rows: list) -> str:
    """The result as CSV (:func:`flat_table`); cells a spreadsheet would run as formulas get a leading '.

    >>> print(to_csv(["a", "b"], [[1, "=cmd()"], {"a": None, "b": "x,y"}]), end="")
    a,b
    1,'=cmd()
    ,"x,y"
    """
    header, table = flat_table(columns, rows)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([safe_cell(c) for c in header])
    for line in table:
        writer.writerow([safe_cell(cell) for cell in line])
    return out.getvalue()


def row_values(columns: list[str], row: Any) -> list:
    """A row as a list in column order (rows may come as dicts or lists)."""
    return [row.get(c) for c in columns] if isinstance(row, dict) else list(row)


# -- the schema panel and the editor's completion ---------------------------------------------------
# Nodes and relationships whose property keys the schema panel counts (the first ones Neo4j finds).
SCHEMA_SAMPLE = 10_000
# Seconds one schema answer is reused: every console page asks for it, and it changes only with loads.
SCHEMA_SECONDS = 30.0
SCHEMA_CACHE = "lineage_console_schema"


def schema() -> dict:
    """The database's labels, relationship types and property keys with counts, and its procedures and functions.

    Returns ``{"labels": [{name, count}], "relationship_types": [{name, count}], "property_keys":
    [{name, nodes, relationships}], "sample": int, "procedures": [{name, signature, description}],
    "functions": [...]}``. Label and type counts are exact (Neo4j's count store); property keys are
    counted on the first :data:`SCHEMA_SAMPLE` nodes and relationships. Procedures the console
    refuses (:func:`lineage.console.denied_procedure`) are left out. Kept :data:`SCHEMA_SECONDS`.
    """
    import time

    import queries
    from lineage.console import denied_procedure

    app = current_app._get_current_object()
    kept = app.extensions.get(SCHEMA_CACHE)
    if kept and time.monotonic() - kept[0] < SCHEMA_SECONDS:
        return kept[1]
    graph = get_graph()

    def read(name: str, **params: Any) -> list[dict]:
        return graph.read_text(queries.load(name), params)

    answer = {
        "labels": read("console_schema_labels"),
        "relationship_types": read("console_schema_types"),
        "property_keys": read("console_schema_keys", sample=SCHEMA_SAMPLE),
        "sample": SCHEMA_SAMPLE,
        "procedures": [p for p in read("console_schema_procedures") if not denied_procedure(p["name"])],
        "functions": read("console_schema_functions"),
    }
    app.extensions[SCHEMA_CACHE] = (time.monotonic(), answer)
    return answer
