"""``lineage search TEXT`` and ``lineage db reindex``: find works and artists; rebuild the search indexes."""

from __future__ import annotations

import click

from lineage import search as search_module
from lineage.cli import main
from lineage.cli.db_commands import db
from lineage.cli.lineage_commands import opened
from lineage.cli.options import home_option, json_option, print_json, print_table


@main.command("search")
@click.argument("text")
@click.option("--kind", type=click.Choice(search_module.KINDS), default="all", show_default=True,
              help="Search works, artists, or both in one list.")
@click.option("--limit", type=click.IntRange(1, search_module.SEARCH_CANDIDATES), default=20, show_default=True,
              help="Show the best N results.")
@click.option("--all", "show_all", is_flag=True,
              help=f"Show as many results as a search ranks ({search_module.SEARCH_CANDIDATES:,}).")
@json_option
@home_option
def search_command(text: str, kind: str, limit: int, show_all: bool, as_json: bool, home: str | None) -> None:
    """Find works by title or id and artists by handle, name or id, best match first.

    Words match exactly, as prefixes and with a typo or two; an exact title,
    handle or id comes first, then a handle or id starting with TEXT, the
    words as a phrase, all words, some words. Ties go to the more influential
    (descendants, then PageRank).
    """
    text = search_module.check_text(text)
    if show_all:
        limit = search_module.SEARCH_CANDIDATES
    with opened(home) as graph:
        found = search_module.search(graph, text, kind, page_size=limit)
    if as_json:
        print_json(found)
        return
    if not found["items"]:
        click.echo(f"nothing matches {text!r}")
        return
    rows = [{"kind": item["kind"], "id": item["id"], "name": search_module.label(item),
             "detail": search_module.detail(item), "match": item["match"]} for item in found["items"]]
    print_table(rows, ["kind", "id", "name", "detail", "match"])
    shown, total = len(rows), found["total"]
    if total > shown or found["more"]:
        click.echo(f"showing {shown} of {total}{'+' if found['more'] else ''} matches (--limit shows more)")


@db.command("reindex")
@home_option
def reindex(home: str | None) -> None:
    """Create the constraints and search indexes a database lacks, dropping outdated ones, and wait for them.

    The loader does this before it writes; run it for a database loaded
    before the search indexes changed.
    """
    with opened(home) as graph:
        graph.ensure_schema()
    click.echo("indexes up to date")
