"""``lineage ancestry|descendants|path|common|artist|cypher|export``: lineage answers on the command line.

Each prints a readable table by default and JSON with ``--json``; an unknown
id or a bad option is one line on stderr and exit code 2.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sys
from pathlib import Path
from typing import Iterator

import click

from lineage import api, console, export, limits
from lineage.cli import UserError, main
from lineage.cli.options import (as_of_option, cap_option, depth_option, home_option, id_list, json_option,
                                 listing_options, plural, print_json, print_table, settings_for)
from lineage.db import Graph

# Neo4j's notices ("this property key does not exist yet") are for query authors, not for
# someone asking for a lineage; they would otherwise land on stderr as log warnings.
logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)


@contextlib.contextmanager
def opened(home: str | None) -> Iterator[Graph]:
    graph = Graph.connect(settings_for(home))
    try:
        yield graph
    finally:
        graph.close()


# -- printing -----------------------------------------------------------------------------------
def _title(work: dict) -> str:
    title = work.get("title")
    return f"{work['id']} ({title!r})" if title else str(work["id"])


def _shown(limit: int, show_all: bool) -> int | None:
    """Rows a table shows: ``None`` (every row) with --all."""
    return None if show_all else limit


def _print_lineage(found: api.Lineage, noun: str, limit: int | None) -> None:
    click.echo(f"{noun} of {_title(found.focus)}"
               + (f", as of {found.as_of}" if found.as_of else "")
               + (f", depth {found.depth}" if found.depth else ""))
    # The focus is never counted in what is printed (the cap counts it: the API's rule).
    others = len(found.nodes) - 1
    click.echo(id_list(f"{plural(others, 'work')}, {plural(len(found.edges), 'remix', 'remixes')} among them; "
                       f"origins: ", found.origins, limit is None))
    if found.truncated:
        click.echo(f"showing the nearest {others:,} of {found.total - 1:,} works (--cap {found.cap} counts "
                   f"the work itself); --cap widens")
    rows = [dict(n, origin="yes" if n["origin"] else "") for n in found.nodes[1:]]
    if rows:
        click.echo("")
        print_table(rows, ["distance", "id", "title", "medium", "created_at", "origin"], limit=limit, what="works")


def _show_lineage(home: str | None, as_json: bool, noun: str, work_id: str, limit: int, show_all: bool,
                  **options) -> None:
    """``lineage ancestry`` and ``lineage descendants``: one direction of ``api.lineage``, as JSON or a table."""
    with opened(home) as graph:
        found = api.lineage(graph, api.resolve_work(graph, work_id), **options)
    if as_json:
        print_json(found.to_dict())
    else:
        _print_lineage(found, noun, _shown(limit, show_all))


# -- lineage commands ---------------------------------------------------------------------------
@main.command()
@click.argument("work_id")
@depth_option
@as_of_option()
@cap_option
@listing_options
@json_option
@home_option
def ancestry(work_id: str, depth: int | None, as_of: str | None, cap: int, limit: int, show_all: bool,
             as_json: bool, home: str | None) -> None:
    """Every work WORK_ID derives from, nearest first, with the origins.

    Distances count remixes (the shortest way); a source reached through
    several paths is listed once.
    """
    _show_lineage(home, as_json, "Ancestry", work_id, limit, show_all, direction="up", depth=depth, as_of=as_of, cap=cap)


@main.command()
@click.argument("work_id")
@depth_option
@as_of_option()
@cap_option
@listing_options
@json_option
@home_option
def descendants(work_id: str, depth: int | None, as_of: str | None, cap: int, limit: int, show_all: bool,
                as_json: bool, home: str | None) -> None:
    """Every work derived from WORK_ID, nearest first."""
    _show_lineage(home, as_json, "Descendants", work_id, limit, show_all, direction="down", depth=depth, as_of=as_of, cap=cap)


@main.command()
@click.argument("a")
@click.argument("b")
@json_option
@home_option
def path(a: str, b: str, as_json: bool, home: str | None) -> None:
    """The shortest derivation chain between works A and B, either way round.

    The chain starts at the derived work and ends at its source; when neither
    work derives from the other, it says so.
    """
    with opened(home) as graph:
        a, b = api.resolve_work(graph, a), api.resolve_work(graph, b)
        chain = api.path(graph, a, b)
    derived, source = (chain[0]["id"], chain[-1]["id"]) if chain else (None, None)
    if as_json:
        print_json({"from": a, "to": b, "derived": derived, "source": source,
                    "remixes": len(chain) - 1 if chain else None, "path": chain})
        return
    if chain is None:
        click.echo(f"not derived: neither {a} nor {b} derives from the other")
        return
    steps = len(chain) - 1
    click.echo(f"{derived} derives from {source} through {plural(steps, 'remix', 'remixes')}")
    rows = [dict(w, step=i, kind=(w.get("remix") or {}).get("kind", "")) for i, w in enumerate(chain)]
    print_table(rows, ["step", "id", "title", "created_at", "kind"])


@main.command()
@click.argument("a")
@click.argument("b")
@as_of_option()
@listing_options
@json_option
@home_option
def common(a: str, b: str, as_of: str | None, limit: int, show_all: bool, as_json: bool, home: str | None) -> None:
    """The works both A and B derive from, nearest first.

    Ordered by the sum of the two distances, then the larger one, then id.
    """
    with opened(home) as graph:
        a, b = api.resolve_work(graph, a), api.resolve_work(graph, b)
        shared = api.common_ancestry(graph, a, b, as_of=as_of)
    if as_json:
        print_json({"a": a, "b": b, "as_of": as_of, "common": shared})
        return
    if not shared:
        click.echo(f"{a} and {b} share no sources" + (f" as of {as_of}" if as_of else ""))
        return
    click.echo(f"{plural(len(shared), 'work')} both {a} and {b} derive from"
               + (f", as of {as_of}" if as_of else ""))
    print_table(shared, ["distance_a", "distance_b", "id", "title", "created_at"], limit=_shown(limit, show_all),
                what="works")


@main.command()
@click.argument("artist_id")
@as_of_option()
@cap_option
@listing_options
@json_option
@home_option
def artist(artist_id: str, as_of: str | None, cap: int, limit: int, show_all: bool, as_json: bool,
           home: str | None) -> None:
    """An artist's influence: their works, what was derived from them, whom they reached and drew on.

    ARTIST_ID is an artist's id or their exact handle.
    """
    with opened(home) as graph:
        out = api.artist_influence(graph, api.resolve_artist(graph, artist_id), as_of=as_of, cap=cap)
    if as_json:
        print_json(out)
        return
    who = out["artist"]
    click.echo(f"{who['id']}" + (f" (@{who['handle']})" if who.get("handle") else "")
               + (f" {who['name']}" if who.get("name") else "") + (f", as of {as_of}" if as_of else ""))
    derived = out["derived"]
    counts = out["counts"]
    click.echo(f"{plural(counts['works'], 'work')}; {derived['direct']:,} derived directly, "
               f"{derived['transitive']:,} in all; {plural(counts['downstream_artists'], 'downstream artist')}, "
               f"{counts['upstream_artists']:,} upstream, {plural(counts['collaborators'], 'collaborator')}")
    if counts["works"] > len(out["works"]) or derived["truncated"] or any(
            counts[k] > len(out[k]) for k in ("downstream_artists", "upstream_artists", "collaborators")):
        click.echo(f"each list holds at most {cap} entries (--cap widens)")
    for heading, rows, columns, what in (
        ("Works", out["works"], ["id", "title", "created_at", "role", "weight"], "works"),
        ("Derived works", derived["works"], ["distance", "id", "title", "created_at"], "derived works"),
        ("Downstream artists", out["downstream_artists"], ["id", "handle", "name", "works"], "artists"),
        ("Upstream artists", out["upstream_artists"], ["id", "handle", "name", "works"], "artists"),
        ("Collaborators", out["collaborators"], ["id", "handle", "name", "shared_works"], "artists"),
    ):
        click.echo(f"\n{heading}")
        print_table(rows, columns, limit=_shown(limit, show_all), what=what)


# -- cypher ------------------------------------------------------------------------------------------
def parse_param(text: str) -> tuple[str, object]:
    """``name=value``: the value read as JSON when it is JSON, else kept as text.

    >>> parse_param("n=3"), parse_param("id=w1"), parse_param('ids=["a", "b"]'), parse_param('id="42"')
    (('n', 3), ('id', 'w1'), ('ids', ['a', 'b']), ('id', '42'))
    """
    name, sep, raw = text.partition("=")
    name = name.strip()
    if not sep or not name:
        raise UserError(f"--param takes name=value (got {text!r})")
    try:
        value = json.loads(raw)
    except ValueError:
        value = raw
    except RecursionError:  # json gives up on very deep nesting with this, not a ValueError
        raise UserError(f"--param {name} nests lists or objects too deeply to read "
                        f"(at most {console.MAX_NESTING} levels are accepted)") from None
    return name, value


def _name_key(props: dict) -> str | None:
    """The property that names a node in a table: its id, else title, handle or name."""
    return next((k for k in ("id", "title", "handle", "name") if k in props), None)


def _node_key(node: dict) -> str:
    """A node's name in a path: its id (or title, handle, name), else its labels."""
    props = node.get("properties") or {}
    key = _name_key(props)
    return str(props[key]) if key else ":" + ":".join(node.get("labels") or [])


def _arrow(rel: dict, left: dict | None, right: dict | None) -> str:
    """``-[:T]->`` when ``rel`` runs from ``left`` to ``right``, ``<-[:T]-`` when it runs back."""
    if left is not None and rel.get("start") == left.get("id"):
        return f"-[:{rel['type']}]->"
    if right is not None and rel.get("start") == right.get("id"):
        return f"<-[:{rel['type']}]-"
    return f"-[:{rel['type']}]-"


def _show(value: object, nodes: dict | None = None) -> str:
    """A compact text form of a console value for a table cell; paths keep their direction.

    ``nodes``: the answer's nodes by element id, to name a relationship's two ends.

    >>> a = {"id": "e1", "labels": ["Work"], "properties": {"id": "w1"}}
    >>> b = {"id": "e2", "labels": ["Work"], "properties": {"id": "w2"}}
    >>> r = {"id": "r1", "type": "REMIXES", "start": "e2", "end": "e1", "properties": {}}
    >>> _show({"nodes": [a, b], "relationships": [r]})
    '(w1)<-[:REMIXES]-(w2)'
    >>> _show(r, {"e1": a, "e2": b})
    '(w2)-[:REMIXES]->(w1)'
    """
    nodes = nodes or {}
    if isinstance(value, dict) and {"id", "labels", "properties"} <= value.keys():
        props = value["properties"]
        key = _name_key(props)
        shown = f" {{{key}: {props[key]!r}}}" if key else ""
        return f"(:{':'.join(value['labels'])}{shown})"
    if isinstance(value, dict) and {"type", "start", "end"} <= value.keys():
        start, end = nodes.get(value["start"]), nodes.get(value["end"])
        if start is None or end is None:
            return f"[:{value['type']}]"
        return f"({_node_key(start)})-[:{value['type']}]->({_node_key(end)})"
    if isinstance(value, dict) and {"nodes", "relationships"} <= value.keys():
        path_nodes, rels = value["nodes"], value["relationships"]
        text = f"({_node_key(path_nodes[0])})" if path_nodes else ""
        for i, rel in enumerate(rels):
            left = path_nodes[i] if i < len(path_nodes) else None
            right = path_nodes[i + 1] if i + 1 < len(path_nodes) else None
            text += _arrow(rel, left, right) + (f"({_node_key(right)})" if right else "()")
        return text
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


@main.command()
@click.argument("query")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A query parameter; the value is read as JSON when it is JSON (3, true, [\"a\"], \"42\"), "
                   "else as text. Repeat for more.")
@click.option("--timeout", type=click.FloatRange(0, console.MAX_TIMEOUT, min_open=True),
              default=console.DEFAULT_TIMEOUT, show_default=True, help="Seconds before the query is stopped.")
@click.option("--limit", type=click.IntRange(1, console.MAX_ROW_CAP), default=console.DEFAULT_ROW_CAP,
              show_default=True, help="Return at most N rows.")
@click.option("--all", "show_all", is_flag=True,
              help=f"Return as many rows as the console allows ({console.MAX_ROW_CAP:,}).")
@json_option
@home_option
def cypher(query: str, params: tuple[str, ...], timeout: float, limit: int, show_all: bool, as_json: bool,
           home: str | None) -> None:
    """Run a read-only Cypher QUERY ("-" reads it from stdin).

    The query runs in a read transaction: writes, schema changes, LOAD CSV,
    CALL {...} IN TRANSACTIONS, other databases and procedures that reveal the
    server's configuration are refused. It is stopped after --timeout seconds
    (the command waits no longer, even where Neo4j cannot stop it), and at
    most --limit rows (and a bounded size of answer) come back.
    """
    if query == "-":
        query = sys.stdin.read()
    values = dict(parse_param(p) for p in params)
    if show_all:
        limit = console.MAX_ROW_CAP
    with opened(home) as graph:
        result = console.run_readonly(graph, query, values, timeout=timeout, row_cap=limit)
    if as_json:
        print_json(result)
        return
    nodes = {n["id"]: n for n in result.get("nodes", [])}
    rows = [{c: _show(v, nodes) for c, v in zip(result["columns"], row)} for row in result["rows"]]
    # Nodes, relationships and paths name works by id: their columns are never cut.
    graphy = {c for row in result["rows"] for c, v in zip(result["columns"], row) if isinstance(v, dict)}
    if result["columns"]:
        print_table(rows, result["columns"], keep=graphy)
    count = len(result["rows"])
    note = ""
    if result["truncated"]:
        note = f", stopped at --limit {limit}" if count >= limit else f", {result['truncated_reason']}"
    click.echo(f"({plural(count, 'row')}{note}; {result['elapsed_ms']:g} ms)")


# -- export -------------------------------------------------------------------------------------------
@main.command("export")
@click.argument("work_id")
@click.option("--format", "fmt", type=click.Choice(export.FORMATS), required=True,
              help="prov-json (W3C PROV), graphml (Gephi, yEd), csv (one table: --table) or csv-zip "
                   "(a zip of nodes.csv and edges.csv; also csv with an -o name ending .zip).")
@click.option("--table", type=click.Choice(export.CSV_TABLES), default=None,
              help="With --format csv: the table to write, nodes (works and artists) or edges "
                   "(remixes and contributions).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write to FILE (default: standard output; csv-zip needs a file).")
@click.option("--direction", type=click.Choice(limits.DIRECTIONS), default=limits.DEFAULT_DIRECTION, show_default=True,
              help="Ancestors (up), descendants (down) or both.")
@depth_option
@as_of_option()
@cap_option
@home_option
def export_command(work_id: str, fmt: str, table: str | None, output: str | None, direction: str,
                   depth: int | None, as_of: str | None, cap: int, home: str | None) -> None:
    """Export the lineage of WORK_ID with its artists as PROV-JSON, GraphML or CSV.

    Works and the remixes among them, plus the artists who contributed to
    those works. In PROV-JSON works are entities, artists agents, remixes
    wasDerivedFrom and contributions wasAttributedTo.
    """
    if fmt == "csv" and output is not None and output.lower().endswith(".zip") and table is None:
        fmt = "csv-zip"  # -o x.zip asks for the archive of both tables
    if table is not None and fmt != "csv":
        raise UserError(f"--table goes with --format csv (--format {fmt} writes every table)")
    if fmt == "csv" and table is None:
        raise UserError("--format csv writes one table: add --table nodes or --table edges, "
                        "or write both with --format csv-zip -o FILE.zip")
    if fmt == "csv-zip" and output is None:
        raise UserError("--format csv-zip writes a zip archive (nodes.csv and edges.csv): give -o FILE.zip")
    with opened(home) as graph:
        bundle = export.collect(graph, api.resolve_work(graph, work_id), direction=direction, depth=depth, as_of=as_of, cap=cap)
    content = export.render(bundle, fmt, table)
    if output is None:
        sys.stdout.write(content.decode("utf-8"))
        return
    try:
        Path(output).write_bytes(content)
    except OSError as err:
        raise UserError(f"cannot write {output}: {err.strerror or err}") from None
    found = bundle["lineage"]
    what = f"the {table} table of " if fmt == "csv" else ""
    click.echo(f"wrote {output}: {what}{plural(len(found['nodes']), 'work')}, "
               f"{plural(len(bundle['artists']), 'artist')}, {plural(len(found['edges']), 'remix', 'remixes')}, "
               f"{plural(len(bundle['contributions']), 'contribution')}"
               + (f" (nearest {len(found['nodes']):,} of {found['total']:,}: --cap widens)" if found["truncated"] else ""),
               err=True)
