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

from lineage.errors import InvalidParameter
from web.db import get_graph

MAX_QUERY = 20_000
MAX_PARAMS = 50_000
_slots_lock = threading.Lock()
# A cell starting with one of these is read as a formula by spreadsheets.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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


def to_csv(columns: list[str], rows: list) -> str:
    """The result as CSV; cells a spreadsheet would run as formulas are quoted with a leading '.

    >>> print(to_csv(["a", "b"], [[1, "=cmd()"], {"a": None, "b": "x,y"}]), end="")
    a,b
    1,'=cmd()
    ,"x,y"
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([_safe_cell(c) for c in columns])
    for row in rows:
        values = [row.get(c) for c in columns] if isinstance(row, dict) else list(row)
        writer.writerow([_safe_cell(cell_text(v)) for v in values])
    return out.getvalue()


def _safe_cell(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


def row_values(columns: list[str], row: Any) -> list:
    """A row as a list in column order (rows may come as dicts or lists)."""
    return [row.get(c) for c in columns] if isinstance(row, dict) else list(row)
