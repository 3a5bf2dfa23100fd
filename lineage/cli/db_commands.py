"""``lineage db start|stop|status``: the project's own local Neo4j."""

from __future__ import annotations

import click

from lineage.cli import UserError, main
from lineage.cli.options import home_option, json_option, print_json, settings_for
from lineage.localdb import LocalNeo4j


@main.group()
def db() -> None:
    """Start, stop and inspect the local Neo4j (used where NEO4J_URI is unset)."""


@db.command()
@click.option("--port", type=click.IntRange(1, 65535), default=None,
              help="Bolt port on 127.0.0.1 (default: the last one used, else 7687).")
@click.option("--password", default=None,
              help="When the store is first created: require user neo4j with this password "
                   "(then set NEO4J_PASSWORD for the other commands). Default: no password, loopback only.")
@home_option
def start(port: int | None, password: str | None, home: str | None) -> None:
    """Start the local Neo4j in the background and print its Bolt URI."""
    local = LocalNeo4j(settings_for(home).home)
    status, already = local.start(port=port, password=password)
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
@home_option
@json_option
def status(home: str | None, as_json: bool) -> None:
    """Say whether the local Neo4j runs, and where (exit code 3 when it does not)."""
    local = LocalNeo4j(settings_for(home).home)
    current = local.status()
    if as_json:
        print_json({"running": current.running, "pid": current.pid, "uri": current.uri if current.running else None,
                    "home": str(local.home)})
    elif current.running:
        click.echo(f"running: {current.uri} (pid {current.pid}, home {local.home})")
    else:
        click.echo(f"not running (home {local.home})")
    if not current.running:
        raise SystemExit(3)


__all__ = ["db", "UserError"]
