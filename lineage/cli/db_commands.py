"""``lineage db start|stop|status|reset``: the project's own local Neo4j, and emptying a database."""

from __future__ import annotations

import click

from lineage.cli import UserError, main
from lineage.cli.options import home_option, json_option, print_json, settings_for
from lineage.localdb import LocalNeo4j

RESET_BATCH = 10_000  # nodes or relationships per transaction: a 1M-work graph in bounded memory


@main.group()
def db() -> None:
    """Start, stop and inspect the local Neo4j (used where NEO4J_URI is unset)."""


@db.command()
@click.option("--port", type=click.IntRange(1, 65535), default=None,
              help="Bolt port on 127.0.0.1 (default: the last one used, else 7687).")
@click.option("--password", default=None,
              help="When the store is first created: the password of user neo4j (8 characters or more). "
                   "Default: a generated one. Either way it is kept in the home (mode 0600) and used by "
                   "every command; lineage db status --show-password prints it.")
@home_option
def start(port: int | None, password: str | None, home: str | None) -> None:
    """Start the local Neo4j in the background and print its Bolt URI.

    It listens on 127.0.0.1 only, asks for user neo4j and the password kept in
    the home, and refuses WebSocket connections (no web page can reach it).
    """
    settings = settings_for(home)
    local = LocalNeo4j(settings.home)
    status, already = local.start(port=port, password=password, memory=settings)
    if status.note:
        click.echo(f"note: {status.note}", err=True)
    if already:
        note = "" if port in (None, status.port) else f" (on port {status.port}, not {port}: stop it first)"
        click.echo(f"already running: {status.uri} (pid {status.pid}){note}")
    else:
        click.echo(f"started: {status.uri} (pid {status.pid}, home {local.home})")


@db.command()
@home_option
def stop(home: str | None) -> None:
    """Stop the local Neo4j cleanly."""
    local = LocalNeo4j(settings_for(home).home)
    if local.stop():
        click.echo(f"stopped the local Neo4j of {local.home}")
    else:
        click.echo(f"not running: no local Neo4j for {local.home}")


@db.command()
@click.option("--show-password", is_flag=True,
              help="Also print the user and password kept in the home (to reach the database from "
                   "cypher-shell, Neo4j Browser or a driver).")
@home_option
@json_option
def status(show_password: bool, home: str | None, as_json: bool) -> None:
    """Say whether the local Neo4j runs, and where (exit code 3 when it does not)."""
    local = LocalNeo4j(settings_for(home).home)
    current = local.status()
    password = local.password
    if as_json:
        shown = {"running": current.running, "pid": current.pid,
                 "uri": current.uri if current.running else None, "home": str(local.home),
                 "user": "neo4j", "password_file": str(local.password_file) if password else None}
        if show_password:
            shown["password"] = password
        print_json(shown)
    else:
        if current.running:
            click.echo(f"running: {current.uri} (pid {current.pid}, home {local.home})")
        else:
            click.echo(f"not running (home {local.home})")
        if show_password:
            if password:
                click.echo(f"user: neo4j\npassword: {password}")
            else:
                click.echo(f"no password is kept in {local.home} yet (lineage db start makes one)")
    if not current.running:
        raise SystemExit(3)


@db.command()
@click.option("--yes", is_flag=True, help="Do not ask for confirmation (for scripts).")
@click.option("--wait", type=click.FloatRange(0, None), default=60.0, show_default=True,
              help="Seconds to wait for a load into the same database to finish first.")
@home_option
def reset(yes: bool, wait: float, home: str | None) -> None:
    """Empty the database: remove every node and relationship.

    Works on the local Neo4j of the home and on the server NEO4J_URI names
    (the database NEO4J_DATABASE names). It first says which database and
    how many nodes and relationships it holds, and asks; --yes skips the
    question. Constraints and indexes stay (a load after it needs no
    lineage db reindex). Deletes in batches of 10,000 per transaction, so a
    graph of millions of nodes is emptied without running out of memory.
    Waits for a load into the same database to end first.
    """
    from graph_loader.lock import load_lock
    from lineage.db import Graph

    settings = settings_for(home)
    with Graph.connect(settings) as graph:
        where = f"database {graph.database} at {graph.uri}" + (f" (home {settings.home})" if settings.uses_local else "")
        before = graph.read_one("reset_counts") or {"nodes": 0, "relationships": 0}
        if not before["nodes"] and not before["relationships"]:
            click.echo(f"nothing to remove: the {where} is empty")
            return
        held = f"{before['nodes']:,} nodes and {before['relationships']:,} relationships"
        if not yes:
            if not click.confirm(f"Remove all {held} from the {where}? Constraints and indexes stay",
                                 default=False, err=True):
                click.echo("nothing removed", err=True)
                raise SystemExit(1)
        with load_lock(graph, "(lineage db reset)", wait=wait, home=settings.home,
                       say=lambda message: click.echo(message, err=True)):
            start = graph.read_one("reset_counts")  # a load may have ended meanwhile: count what is removed
            graph.run_batched("reset_relationships", batch=RESET_BATCH)
            graph.run_batched("reset_nodes", batch=RESET_BATCH)
            after = graph.read_one("reset_counts")
    click.echo(f"removed {start['nodes'] - after['nodes']:,} nodes and "
               f"{start['relationships'] - after['relationships']:,} relationships from the {where}; "
               "constraints and indexes kept")


__all__ = ["db", "UserError"]
