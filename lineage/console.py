"""A safe runner for anyone's Cypher: read-only, time-limited, row-capped.

Used by ``lineage cypher`` and by the web console. The guarantees come from
Neo4j itself, not from reading the text:

1. The query runs in a transaction opened in READ access mode, so the server
   refuses every write, schema change or write procedure
   (``Neo.ClientError.Statement.AccessMode``), wherever it hides (after a
   comment, inside a ``CALL`` subquery, behind a unicode look-alike).
2. Before running, the same transaction asks Neo4j for the query's plan
   (``EXPLAIN``) and refuses, by operator, what read mode lets through but a
   public console must not do: ``LOAD CSV`` (reads files and URLs from the
   server), ``CALL { ... } IN TRANSACTIONS``, administration commands,
   ``SHOW SETTINGS`` / ``SHOW TRANSACTIONS`` / ``TERMINATE TRANSACTIONS``,
   any graph other than our database (``USE system``), and the procedures of
   :data:`DENIED_PROCEDURES` (configuration, connections, query statistics).
3. The transaction has a server-side timeout; at most ``row_cap`` rows and
   ``byte_cap`` bytes of answer are pulled (a few rows at a time), then the
   transaction is rolled back (the rest is never computed).
4. The caller waits no longer than the timeout (and a second): Neo4j checks
   its timeout only at its own check points, which a long ``reduce`` over a
   range never reaches (it runs on, and even answers, long after). The query
   runs on a thread of its own; past the deadline the caller gets
   :class:`~lineage.errors.QueryTimeout` and the thread drops whatever comes.
   With :class:`Slots`, at most that many console queries are on Neo4j at
   once, counted until Neo4j has really finished each (so abandoned ones still
   count), and a query over the limit is refused at once (:class:`ConsoleBusy`).
5. Brackets nested deeper than :data:`MAX_NESTING` are refused before the
   text reaches Neo4j: its parser overflows its stack on a few hundred and
   never answers.
"""

from __future__ import annotations

import base64
import json
import logging
import math
import re
import threading
import time
from typing import Any

import neo4j
import neo4j.graph
import neo4j.spatial
from neo4j.exceptions import ClientError, DriverError, Neo4jError, TransientError

from lineage import limits
from lineage.db import UNAVAILABLE_CODES, Graph, translated_errors
from lineage.errors import InvalidParameter, LineageError, QueryFailed, QueryRefused, QueryTimeout

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT, MAX_TIMEOUT = limits.CONSOLE_TIMEOUT, limits.MAX_CONSOLE_TIMEOUT
DEFAULT_ROW_CAP, MAX_ROW_CAP = limits.CONSOLE_ROWS, limits.MAX_CONSOLE_ROWS
MAX_QUERY_LENGTH = limits.MAX_QUERY_CHARS
# Most bytes of answer (rows as JSON, and the nodes and relationships listed once) pulled.
DEFAULT_BYTE_CAP, MAX_BYTE_CAP = limits.CONSOLE_BYTES, limits.MAX_CONSOLE_BYTES
# Rows asked of Neo4j at a time: the byte cap then stops a stream of huge rows
# after a few of them, not after the driver's default batch of 1,000.
FETCH_SIZE = 20
# Seconds the caller waits past the timeout for Neo4j's own timeout error, which has the better message.
DEADLINE_GRACE = 1.0
# Lists and maps inside lists and maps, in parameters and in results, and
# brackets in the query's text: deeper ones are refused rather than exhausting
# Python's stack (a 500 on the site, a traceback on the command line) or
# Neo4j's parser's (400 deep: no answer for 120 s).
MAX_NESTING = 100
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1

# Procedures a read transaction may call but a public console must not: they
# reveal the server's configuration, connections or other users' queries, or
# change server state. Names are matched case-insensitively; an entry ending
# in "." denies its whole namespace.
DENIED_PROCEDURES = (
    "dbms.listConfig", "dbms.setConfigValue", "dbms.checkConfigValue", "dbms.queryJmx",
    "dbms.listConnections", "dbms.killConnection", "dbms.killConnections",
    "dbms.listQueries", "dbms.killQuery", "dbms.killQueries",
    "dbms.listTransactions", "dbms.killTransaction", "dbms.killTransactions",
    "dbms.listCapabilities", "dbms.listPools", "dbms.upgrade", "dbms.upgradeStatus",
    "dbms.cluster.", "dbms.routing.", "dbms.security.", "dbms.scheduler.", "dbms.setDefault",
    # The whole dbms namespace but ALLOWED_PROCEDURES: clientConfig, info, showCurrentUser
    # and whatever a later version adds reveal the server, not the graph.
    "dbms.", "db.info",
    "db.stats.", "db.clearQueryCaches", "db.prepareForReplanning", "db.checkpoint",
    "db.resampleIndex", "db.resampleOutdatedIndexes", "db.create.", "db.createLabel",
    "db.createProperty", "db.createRelationshipType", "db.index.vector.createNodeIndex",
    "tx.setMetaData", "apoc.", "gds.",
)
# Plan operators that are never allowed, with the reason given to the user.
DENIED_OPERATORS = {
    "LoadCSV": "LOAD CSV is refused: it reads files and URLs from the server",
    "TransactionForeach": "CALL { ... } IN TRANSACTIONS is refused: it commits as it goes",
    "TransactionApply": "CALL { ... } IN TRANSACTIONS is refused: it commits as it goes",
    "AdministrationCommand": "administration commands are refused",
    "ShowSettings": "SHOW SETTINGS is refused: it reveals the server's configuration",
    "ShowTransactions": "SHOW TRANSACTIONS is refused: it reveals other users' queries",
    "TerminateTransactions": "TERMINATE TRANSACTIONS is refused",
}
# Exceptions to DENIED_PROCEDURES: the server's name, version and edition only.
ALLOWED_PROCEDURES = ("dbms.components",)
READ_ONLY = "the console is read-only"


class ConsoleBusy(LineageError):
    """As many console queries as allowed are running on Neo4j; try again shortly."""

    http_status = 429


class Slots:
    """At most ``size`` console queries on Neo4j at once.

    A slot is taken before the query is sent and given back when Neo4j has
    finished with it, not when its caller stopped waiting: a query Neo4j
    cannot interrupt keeps its slot (and the console refuses more) until it
    ends, so hostile queries never hold more than ``size`` of Neo4j's threads.
    """

    def __init__(self, size: int):
        if isinstance(size, bool) or not isinstance(size, int) or size < 1:
            raise ValueError(f"slots must be a whole number from 1 (got {size!r})")
        self.size = size
        self._free = threading.BoundedSemaphore(size)
        self._lock = threading.Lock()
        self.running = 0

    def take(self) -> None:
        if not self._free.acquire(blocking=False):
            raise ConsoleBusy(f"{self.size} console quer{'y is' if self.size == 1 else 'ies are'} already "
                              f"running, the most allowed at once (a query that ran past its timeout counts "
                              f"until Neo4j has finished it); try again in a few seconds")
        with self._lock:
            self.running += 1

    def give_back(self) -> None:
        with self._lock:
            self.running -= 1
        self._free.release()


# -- parameters --------------------------------------------------------------------
def check_limits(timeout: float, row_cap: int) -> tuple[float, int]:
    """Validate a timeout (seconds, 0 < t <= 300) and a row cap (1 .. 1,000,000).

    >>> check_limits(2, 10)
    (2.0, 10)
    >>> check_limits(0, 10)
    Traceback (most recent call last):
    ...
    lineage.errors.InvalidParameter: timeout must be a number of seconds above 0 and at most 300 (got 0)
    """
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 < timeout <= MAX_TIMEOUT \
            or math.isnan(timeout):
        raise InvalidParameter(f"timeout must be a number of seconds above 0 and at most {MAX_TIMEOUT:g} "
                               f"(got {timeout!r})")
    if isinstance(row_cap, bool) or not isinstance(row_cap, int) or not 1 <= row_cap <= MAX_ROW_CAP:
        raise InvalidParameter(f"row cap must be a whole number from 1 to {MAX_ROW_CAP} (got {row_cap!r})")
    return float(timeout), row_cap


_PARAM_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def check_params(params: dict | None) -> dict:
    """Parameters must be a dict keyed by plain names, with values Neo4j can take.

    Integers must fit in 64 bits, text must be valid Unicode (JSON may carry a
    lone surrogate such as ``"\\ud800"``) and lists and maps may nest at most
    :data:`MAX_NESTING` levels: the driver would fail on anything else with an
    error that is not the user's to read.

    >>> check_params({"id": "w1"})
    {'id': 'w1'}
    >>> check_params({"bad name": 1})
    Traceback (most recent call last):
    ...
    lineage.errors.InvalidParameter: parameter names must be plain names like work_id (got 'bad name')
    >>> check_params({"n": [1, 2**63]})
    Traceback (most recent call last):
    ...
    lineage.errors.InvalidParameter: parameter 'n' holds an integer outside the 64-bit range Neo4j stores (9223372036854775808)
    """
    if params is None:
        return {}
    if not isinstance(params, dict):
        raise InvalidParameter("parameters must be a map of names to values")
    for name, value in params.items():
        if not isinstance(name, str) or not _PARAM_NAME.fullmatch(name):
            raise InvalidParameter(f"parameter names must be plain names like work_id (got {name!r})")
        _check_value(value, name, 0)
    return params


def _check_value(value: Any, name: str, depth: int) -> None:
    if depth > MAX_NESTING:
        raise InvalidParameter(f"parameter {name!r} nests lists or maps more than {MAX_NESTING} levels deep")
    if isinstance(value, bool):
        return
    if isinstance(value, int):
        if not INT64_MIN <= value <= INT64_MAX:
            shown = str(value) if abs(value) < 10**40 else f"{str(value)[:20]}... ({len(str(abs(value)))} digits)"
            raise InvalidParameter(f"parameter {name!r} holds an integer outside the 64-bit range Neo4j "
                                   f"stores ({shown})")
    elif isinstance(value, str):
        check_text(value, f"parameter {name!r}")
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str):
                check_text(key, f"parameter {name!r}")
            _check_value(item, name, depth + 1)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _check_value(item, name, depth + 1)


def check_text(text: str, what: str) -> str:
    """Text that can be sent to Neo4j (UTF-8): no lone surrogates.

    >>> check_text("Zoë ☃", "the query")
    'Zoë ☃'
    >>> check_text("a\\udc80b", "the query")
    Traceback (most recent call last):
    ...
    lineage.errors.InvalidParameter: the query holds a character that is not valid Unicode (a lone surrogate, U+DC80, at position 1)
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        raise InvalidParameter(f"{what} holds a character that is not valid Unicode (a lone surrogate, "
                               f"U+{ord(text[err.start]):04X}, at position {err.start})") from None
    return text


# What the bracket scan steps over whole (strings, quoted names, comments), or a bracket.
_TOKENS = re.compile(r"""'(?:\\.|[^'\\])*'?|"(?:\\.|[^"\\])*"?|`[^`]*`?|//[^\n\r]*|/\*.*?(?:\*/|\Z)|[\[\]{}()]""",
                     re.S)
_OPENERS = "([{"


def check_nesting(cypher: str, limit: int = MAX_NESTING) -> str:
    """Refuse brackets nested more than ``limit`` deep, before the text reaches Neo4j.

    ``(``, ``[`` and ``{`` count alike; those inside strings, quoted names and
    comments do not count.

    >>> check_nesting("RETURN [[1], {a: [2]}] AS x, '[[[[' AS s // ((((")
    "RETURN [[1], {a: [2]}] AS x, '[[[[' AS s // (((("
    >>> check_nesting("RETURN " + "[" * 101 + "]" * 101)
    Traceback (most recent call last):
    ...
    lineage.errors.InvalidParameter: the query nests brackets more than 100 deep (at character 107); Neo4j's parser cannot take that
    """
    depth = 0
    for token in _TOKENS.finditer(cypher):
        char = token.group()
        if len(char) != 1 or char not in "()[]{}":
            continue
        if char in _OPENERS:
            depth += 1
            if depth > limit:
                raise InvalidParameter(f"the query nests brackets more than {limit} deep (at character "
                                       f"{token.start()}); Neo4j's parser cannot take that")
        elif depth:
            depth -= 1
    return cypher


_LEADING = re.compile(r"\A(?:\s+|//[^\n]*(?:\n|\Z)|/\*.*?\*/)*", re.S)
_EXPLAIN_OR_PROFILE = re.compile(r"(?i)(EXPLAIN|PROFILE)\b")


def plan_text(cypher: str) -> str:
    """The text whose ``EXPLAIN`` shows the plan of ``cypher``.

    A query that already starts with EXPLAIN or PROFILE (after comments) is
    explained as it is written without that word.

    >>> plan_text("MATCH (n) RETURN n")
    'EXPLAIN MATCH (n) RETURN n'
    >>> plan_text("// hi\\nprofile MATCH (n) RETURN n")
    'EXPLAIN  MATCH (n) RETURN n'
    """
    start = _LEADING.match(cypher).end()
    keyword = _EXPLAIN_OR_PROFILE.match(cypher, start)
    if keyword:
        return "EXPLAIN " + cypher[keyword.end():]
    return "EXPLAIN " + cypher


def plan_mode(cypher: str) -> str | None:
    """``"EXPLAIN"`` or ``"PROFILE"`` when the query starts with that word (after comments), else None.

    >>> plan_mode("/* c */ profile MATCH (n) RETURN n"), plan_mode("MATCH (n) RETURN n")
    ('PROFILE', None)
    """
    keyword = _EXPLAIN_OR_PROFILE.match(cypher, _LEADING.match(cypher).end())
    return keyword.group(1).upper() if keyword else None


def plan_tree(plan: dict | None) -> dict | None:
    """A plan or profile from the driver's result summary as ``{operator, details, estimated_rows,
    rows, db_hits, identifiers, children}`` (``rows`` and ``db_hits`` None in a plain plan).

    >>> t = plan_tree({"operatorType": "ProduceResults@neo4j", "args": {"Details": "n", "EstimatedRows": 3.0},
    ...                "identifiers": ["n"], "dbHits": 0, "rows": 3, "children": [
    ...                    {"operatorType": "AllNodesScan@neo4j", "args": {"EstimatedRows": 3.0}, "dbHits": 4,
    ...                     "rows": 3, "identifiers": ["n"], "children": []}]})
    >>> t["operator"], t["children"][0]["operator"], t["children"][0]["db_hits"], t["estimated_rows"]
    ('ProduceResults', 'AllNodesScan', 4, 3.0)
    """
    if not plan:
        return None
    args = plan.get("args") or plan.get("arguments") or {}
    estimated = args.get("EstimatedRows")
    return {
        "operator": str(plan.get("operatorType", "")).partition("@")[0],
        "details": str(args.get("Details") or ""),
        "estimated_rows": float(estimated) if isinstance(estimated, (int, float)) else None,
        "rows": plan.get("rows"),
        "db_hits": plan.get("dbHits"),
        "identifiers": [str(i) for i in plan.get("identifiers") or []],
        "children": [plan_tree(child) for child in plan.get("children") or []],
    }


def plan_totals(tree: dict, raw: dict | None) -> dict:
    """The totals of a plan tree: db hits of every operator, the rows the root produced, planner and runtime.

    >>> plan_totals({"db_hits": 1, "rows": 2, "children": [{"db_hits": 4, "rows": 9, "children": []}]},
    ...             {"args": {"runtime": "PIPELINED", "planner": "COST"}})
    {'db_hits': 5, 'rows': 2, 'operators': 2, 'runtime': 'PIPELINED', 'planner': 'COST'}
    """
    hits, count, stack, profiled = 0, 0, [tree], tree.get("db_hits") is not None
    while stack:
        node = stack.pop()
        count += 1
        hits += node.get("db_hits") or 0
        stack.extend(node.get("children") or [])
    args = (raw or {}).get("args") or {}
    return {"db_hits": hits if profiled else None, "rows": tree.get("rows"), "operators": count,
            "runtime": args.get("runtime"), "planner": args.get("planner")}


# -- the plan check -----------------------------------------------------------------
def _operators(plan: dict | None) -> list[tuple[str, str, str]]:
    """(operator, graph, details) for every operator of a plan, depth first."""
    found = []
    stack = [plan] if plan else []
    while stack:
        node = stack.pop()
        name, _, graph = str(node.get("operatorType", "")).partition("@")
        details = str((node.get("args") or {}).get("Details") or "")
        found.append((name, graph, details))
        stack.extend(node.get("children") or [])
    return found


def _procedure_name(details: str) -> str:
    return details.split("(", 1)[0].strip().strip("`")


def denied_procedure(name: str) -> bool:
    """Whether a procedure is on the deny list.

    >>> denied_procedure("dbms.listConfig"), denied_procedure("DBMS.LISTCONFIG"), denied_procedure("dbms.clientConfig")
    (True, True, True)
    >>> denied_procedure("db.stats.retrieve"), denied_procedure("dbms.components"), denied_procedure("db.labels")
    (True, False, False)
    """
    lowered = name.lower()
    if lowered in (a.lower() for a in ALLOWED_PROCEDURES):
        return False
    for entry in DENIED_PROCEDURES:
        entry = entry.lower()
        if lowered == entry or (entry.endswith(".") and lowered.startswith(entry)):
            return True
    return False


def check_plan(plan: dict | None, query_type: str | None, database: str) -> None:
    """Refuse a query by its plan (see the module's docstring); return if it may run."""
    for name, graph, details in _operators(plan):
        if graph and graph != database:
            raise QueryRefused(f"only the {database!r} database can be queried here (not {graph!r})")
        if name in DENIED_OPERATORS:
            raise QueryRefused(DENIED_OPERATORS[name])
        if name.startswith("Terminate"):
            raise QueryRefused(f"{name} is refused: {READ_ONLY}")
        if name == "ProcedureCall":
            procedure = _procedure_name(details)
            if denied_procedure(procedure):
                raise QueryRefused(f"the procedure {procedure} is refused here: it reveals or changes the "
                                   f"server's configuration or state")
    if query_type in ("w", "rw"):
        raise QueryRefused(f"writes are refused: {READ_ONLY}")


# -- serialisation ---------------------------------------------------------------------
class _Collector:
    """Turns driver values into JSON-able ones, gathering the nodes and relationships seen."""

    def __init__(self) -> None:
        self.nodes: dict[str, dict] = {}
        self.relationships: dict[str, dict] = {}
        self.listed_bytes = 0  # the nodes' and relationships' size as JSON, listed once each

    def mark(self) -> tuple[int, int, int]:
        return len(self.nodes), len(self.relationships), self.listed_bytes

    def rollback(self, mark: tuple[int, int, int]) -> None:
        """Forget what was listed since ``mark`` (a row left out of the answer)."""
        for where, keep in ((self.nodes, mark[0]), (self.relationships, mark[1])):
            for key in list(where)[keep:]:
                del where[key]
        self.listed_bytes = mark[2]

    def _list(self, where: dict, out: dict) -> None:
        if out["id"] not in where:
            where[out["id"]] = out
            self.listed_bytes += json_size(out)

    def node(self, node: neo4j.graph.Node) -> dict:
        out = {"id": node.element_id, "labels": sorted(node.labels),
               "properties": {k: self.value(v) for k, v in node.items()}}
        self._list(self.nodes, out)
        return out

    def relationship(self, rel: neo4j.graph.Relationship) -> dict:
        out = {"id": rel.element_id, "type": rel.type,
               "start": rel.start_node.element_id if rel.start_node is not None else None,
               "end": rel.end_node.element_id if rel.end_node is not None else None,
               "properties": {k: self.value(v) for k, v in rel.items()}}
        self._list(self.relationships, out)
        return out

    def value(self, value: Any, depth: int = 0) -> Any:
        if value is None or isinstance(value, (bool, int, str)):
            return value
        if depth > MAX_NESTING:
            raise QueryFailed(f"the result nests lists or maps more than {MAX_NESTING} levels deep; "
                              f"return something flatter")
        if isinstance(value, float):
            return value if math.isfinite(value) else str(value)
        if isinstance(value, neo4j.graph.Node):
            return self.node(value)
        if isinstance(value, neo4j.graph.Relationship):
            return self.relationship(value)
        if isinstance(value, neo4j.graph.Path):
            return {"nodes": [self.node(n) for n in value.nodes],
                    "relationships": [self.relationship(r) for r in value.relationships]}
        # Before lists: Duration and Point are tuples underneath.
        if hasattr(value, "iso_format"):  # neo4j.time Date, Time, DateTime, Duration
            return value.iso_format()
        if isinstance(value, neo4j.spatial.Point):
            return {"srid": value.srid, "coordinates": [float(c) for c in value]}
        if isinstance(value, (list, tuple)):
            return [self.value(v, depth + 1) for v in value]
        if isinstance(value, dict):
            return {str(k): self.value(v, depth + 1) for k, v in value.items()}
        if isinstance(value, (bytes, bytearray)):
            return base64.b64encode(bytes(value)).decode("ascii")
        return str(value)  # anything newer: its text form


def json_size(value: Any) -> int:
    """Bytes of ``value`` as (ASCII) JSON: what it adds to an answer.

    >>> json_size(["é", 1])
    13
    """
    return len(json.dumps(value, default=str))


# -- errors ----------------------------------------------------------------------------------
def _first_line(text: str | None) -> str:
    text = (text or "").strip()
    return text.splitlines()[0][:300] if text else ""


def _translate(err: Neo4jError, timeout: float) -> Exception:
    code = err.code or ""
    message = _first_line(err.message) or code
    if code.endswith("AccessMode") or "read access mode" in message:
        return QueryRefused(f"writes are refused: {READ_ONLY} (Neo4j: {message})")
    if "TransactionTimedOut" in code or code.endswith("Transaction.Terminated") or "timed out" in message.lower():
        return QueryTimeout(f"the query ran past its {timeout:g} s timeout and was stopped")
    if code.endswith(("UnsupportedAdministrationCommand", "NotSystemDatabaseError")):
        return QueryRefused("administration commands are refused")
    if code.endswith("Security.Forbidden") or code.endswith("Security.AuthorizationExpired"):
        return QueryRefused(f"refused by Neo4j: {message}")
    return QueryFailed(f"Neo4j could not run the query: {message}")


# -- the runner -----------------------------------------------------------------------------------
def run_readonly(graph: Graph, cypher: str, params: dict | None = None, *, timeout: float = DEFAULT_TIMEOUT,
                 row_cap: int = DEFAULT_ROW_CAP, byte_cap: int = DEFAULT_BYTE_CAP,
                 slots: Slots | None = None) -> dict:
    """Run one Cypher query read-only, with a timeout, a row cap and a byte cap.

    Parameters
    ----------
    graph : lineage.db.Graph
    cypher : str
        One query; values belong in ``params``.
    params : dict, optional
        Query parameters (JSON-like values).
    timeout : float
        Seconds the query may run (planning included): Neo4j stops it where it
        can, and the caller waits no longer than this and :data:`DEADLINE_GRACE`.
    row_cap : int
        Rows returned at most; the query is stopped after that many.
    byte_cap : int
        Bytes of answer at most (rows as JSON, and the nodes and relationships
        listed once each); rows stop being pulled before the one that passes it.
    slots : Slots, optional
        Shared limit on the console queries running at once (the web site's).

    Returns
    -------
    dict
        ``{"columns": [str], "rows": [[value, ...]], "nodes": [node], "relationships": [rel],
        "truncated": bool, "truncated_reason": str | None, "elapsed_ms": float}`` where a
        node is ``{"id", "labels", "properties"}``, a relationship ``{"id", "type", "start",
        "end", "properties"}`` (ids are Neo4j element ids), a path ``{"nodes",
        "relationships"}``; the ``nodes`` and ``relationships`` lists gather, once each,
        those found anywhere in the rows (a relationship's end nodes are listed only if
        returned). Temporal values come as ISO 8601 text, bytes as base64.
        ``truncated_reason`` says which cap cut the answer. A query starting with EXPLAIN or
        PROFILE also has ``"plan": {"mode", "root", "totals", "note"}`` (:func:`plan_tree`,
        :func:`plan_totals`).

    Raises
    ------
    QueryRefused
        The query would write, or do what a read-only console must not.
    QueryTimeout
        It ran past ``timeout``.
    ConsoleBusy
        ``slots`` are all taken.
    QueryFailed
        Neo4j rejected it (syntax error, unknown function, missing parameter...).
    InvalidParameter
        Bad ``timeout``, ``row_cap``, ``byte_cap`` or ``params``, or an empty, huge or
        too deeply nested query.
    """
    timeout, row_cap = check_limits(timeout, row_cap)
    if isinstance(byte_cap, bool) or not isinstance(byte_cap, int) or not 1 <= byte_cap <= MAX_BYTE_CAP:
        raise InvalidParameter(f"byte cap must be a whole number from 1 to {MAX_BYTE_CAP} (got {byte_cap!r})")
    params = check_params(params)
    if not isinstance(cypher, str) or not cypher.strip():
        raise InvalidParameter("the query is empty")
    if len(cypher) > MAX_QUERY_LENGTH:
        raise InvalidParameter(f"the query is longer than {MAX_QUERY_LENGTH} characters")
    if "\x00" in cypher:
        raise InvalidParameter("the query holds a NUL character")
    check_text(cypher, "the query")
    check_nesting(cypher)

    if slots is not None:
        slots.take()
    run = _Run(graph, cypher, params, timeout, row_cap, byte_cap)
    worker = threading.Thread(target=run.work, args=(slots,), name="console-query", daemon=True)
    try:
        worker.start()
    except BaseException:
        if slots is not None:
            slots.give_back()
        raise
    if not run.done.wait(timeout + DEADLINE_GRACE):
        run.abandoned = True
        # info, not warning: on the command line a warning would be a second line on stderr.
        log.info("a console query ran past its %g s timeout and was abandoned: %.200s", timeout, cypher)
        later = "; it counts against the console's limit until then" if slots is not None else ""
        raise QueryTimeout(f"the query ran past its {timeout:g} s timeout and was stopped (Neo4j may go on "
                           f"computing it for a while{later})")
    if run.error is not None:
        raise run.error
    return run.answer


class _Run:
    """One console query on a thread of its own; the caller waits on ``done``."""

    def __init__(self, graph: Graph, cypher: str, params: dict, timeout: float, row_cap: int, byte_cap: int):
        self.graph, self.cypher, self.params = graph, cypher, params
        self.timeout, self.row_cap, self.byte_cap = timeout, row_cap, byte_cap
        self.done = threading.Event()
        self.abandoned = False  # set by the caller past the deadline: stop pulling rows
        self.answer: dict | None = None
        self.error: BaseException | None = None

    def work(self, slots: Slots | None) -> None:
        try:
            self.answer = self._execute()
        except BaseException as err:  # handed to the caller, who raises it
            self.error = err
        finally:
            if slots is not None:
                slots.give_back()
            self.done.set()

    def _execute(self) -> dict:
        graph, timeout = self.graph, self.timeout
        collector = _Collector()
        rows: list[list] = []
        size = 0
        reason = None
        started = time.perf_counter()
        with translated_errors(graph.uri):
            try:
                with graph.session(default_access_mode=neo4j.READ_ACCESS, fetch_size=FETCH_SIZE) as session:
                    tx = session.begin_transaction(timeout=timeout)
                    mode, plan_note = plan_mode(self.cypher), None
                    try:
                        summary = tx.run(plan_text(self.cypher), self.params).consume()
                        check_plan(summary.plan, summary.query_type, graph.database)
                        raw_plan = summary.plan
                        result = tx.run(self.cypher, self.params)
                        columns = list(result.keys())
                        size = json_size(columns)
                        for record in result:
                            if self.abandoned:
                                break
                            if len(rows) >= self.row_cap:
                                reason = f"the row cap of {self.row_cap:,} rows"
                                break
                            mark = collector.mark()
                            row = [collector.value(v) for v in record.values()]
                            grown = json_size(row) + collector.listed_bytes - mark[2]
                            if size + grown > self.byte_cap:
                                collector.rollback(mark)
                                reason = f"the size cap of {_mib(self.byte_cap)} of answer"
                                break
                            size += grown
                            rows.append(row)
                        if mode == "PROFILE":
                            if reason is None and not self.abandoned:
                                raw_plan = result.consume().profile or raw_plan
                            else:  # Neo4j gives the profile once every row is out: show the plan instead
                                plan_note = "the result was cut, so this is the plan without the rows and db hits"
                    finally:
                        # Nothing to keep: roll back, which also drops the rows never pulled.
                        try:
                            tx.close()
                        except Neo4jError:
                            # A PROFILE left unfinished: Neo4j fails the discard of its rows ("not
                            # materialised yet") yet rolls back; the rows and the plan are kept.
                            if not (mode == "PROFILE" and plan_note):
                                raise
            except (ClientError, TransientError) as err:
                if (err.code or "") in UNAVAILABLE_CODES:
                    raise  # a missing or unavailable database: translated_errors says so, as for any command
                raise _translate(err, timeout) from None
            except Neo4jError as err:  # DatabaseError: the server failed on this query
                raise QueryFailed(f"Neo4j could not run the query: {_first_line(err.message) or err.code}") from None
            except DriverError as err:
                if "timed out" in str(err).lower():
                    raise QueryTimeout(f"the query ran past its {timeout:g} s timeout and was stopped") from None
                raise
        answer = {
            "columns": columns,
            "rows": rows,
            "nodes": list(collector.nodes.values()),
            "relationships": list(collector.relationships.values()),
            "truncated": reason is not None,
            "truncated_reason": f"cut at {reason}" if reason else None,
            "elapsed_ms": round((time.perf_counter() - started) * 1000, 1),
        }
        if mode:
            tree = plan_tree(raw_plan)
            answer["plan"] = {"mode": mode, "root": tree, "totals": plan_totals(tree, raw_plan) if tree else None,
                              "note": plan_note}
        return answer


def _mib(size: int) -> str:
    """A byte count for people.

    >>> _mib(4 * 1024 * 1024), _mib(1536)
    ('4 MiB', '1.5 KiB')
    """
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:g} MiB"
    return f"{size / 1024:g} KiB" if size >= 1024 else f"{size} bytes"


__all__ = ["run_readonly", "check_plan", "plan_mode", "plan_tree", "plan_totals", "check_nesting", "denied_procedure", "ConsoleBusy", "Slots",
           "DENIED_PROCEDURES", "DENIED_OPERATORS", "DEFAULT_TIMEOUT", "DEFAULT_ROW_CAP", "DEFAULT_BYTE_CAP"]
