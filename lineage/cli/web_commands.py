"""``lineage serve``: the web site on waitress (a production WSGI server)."""

from __future__ import annotations

import click

from lineage.cli import UserError, main
from lineage.cli.options import home_option, settings_for

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (loopback by default; anything else exposes the site).")
@click.option("--port", type=click.IntRange(0, 65535), default=5000, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--threads", type=click.IntRange(1, 64), default=8, show_default=True,
              help="Worker threads answering requests.")
@home_option
def serve(host: str, port: int, threads: int, home: str | None) -> None:
    """Serve the web site (search, work and artist pages, console, JSON API).

    Uses the Neo4j named by NEO4J_URI, or starts the local one on demand.
    """
    import waitress

    from lineage.db import Graph
    from web import create_app

    settings = settings_for(home)
    if settings.uses_local:
        from lineage.localdb import LocalNeo4j

        status, already = LocalNeo4j(settings.home).start()
        if not already:
            click.echo(f"started the local Neo4j: {status.uri} (home {settings.home})")
    # Fail here, with one line, rather than on the first page.
    Graph.connect(settings, start_local=False).close()
    app = create_app({"LINEAGE_SETTINGS": settings})
    try:
        server = waitress.create_server(app, host=host, port=port, threads=threads, ident="lineage")
    except OSError as err:
        raise UserError(f"cannot listen on {host}:{port}: {err.strerror or err}") from None
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"serving the Remix Lineage Explorer at http://{shown}:{server.effective_port}/  (Ctrl-C to stop)")
    if host not in LOOPBACK:
        click.echo(f"note: listening on {host}, not only on this machine", err=True)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


__all__ = ["serve"]
