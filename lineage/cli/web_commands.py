"""``lineage serve``: the web site on waitress (a production WSGI server)."""

from __future__ import annotations

import click

from lineage import limits
from lineage.cli import UserError, main
from lineage.cli.options import as_of_option, cap_option, depth_option, home_option, settings_for

LOOPBACK = ("127.0.0.1", "localhost", "::1")
# waitress, sized for a site on a small machine (docs/reliability.md, "Web input II"):
# - threads answer requests; a console query holds one for at most its timeout and a second,
#   and at most CONSOLE_QUERIES of them (web/__init__.py) do at once;
# - connections are cheap for waitress's event loop (poll, not select and its 1,024 limit):
#   idle ones must not fill the limit (waitress's 100 was filled by 120 idle sockets, and the
#   site stopped answering until they timed out) and are closed after CHANNEL_TIMEOUT seconds.
CONNECTION_LIMIT = 1000
CHANNEL_TIMEOUT = 30
CLEANUP_INTERVAL = 10
# Bodies past this are refused by waitress before the site reads them (Flask's own limit is lower).
MAX_REQUEST_BODY = 1024 * 1024


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (loopback by default; anything else exposes the site).")
@click.option("--port", type=click.IntRange(0, 65535), default=5000, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--threads", type=click.IntRange(1, 64), default=8, show_default=True,
              help="Worker threads answering requests.")
@click.option("--connection-limit", type=click.IntRange(10, 10_000), default=CONNECTION_LIMIT, show_default=True,
              help="Open connections at most (idle ones are closed after "
                   f"{CHANNEL_TIMEOUT} s); past it, new ones wait.")
@click.option("--allowed-host", "allowed_hosts", multiple=True, metavar="NAME",
              help="A host name the site answers to besides localhost, 127.0.0.1, ::1 and the --host "
                   "address (the name in the browser's address bar). Repeat for more; any other Host is a 400.")
@home_option
def serve(host: str, port: int, threads: int, connection_limit: int, allowed_hosts: tuple[str, ...],
          home: str | None) -> None:
    """Serve the web site (search, work and artist pages, console, JSON API).

    Uses the Neo4j named by NEO4J_URI, or starts the local one on demand.
    """
    import waitress

    from lineage.db import Graph
    from web import create_app
    from web.guards import allowed_hosts as host_names

    settings = settings_for(home)
    if settings.uses_local:
        from lineage.db import no_database
        from lineage.localdb import LocalNeo4j

        local = LocalNeo4j(settings.home)
        if not local.status().running and not local.store_exists():
            raise no_database(local.home)  # a mistyped home is not a new, empty site
        status, already = local.start(memory=settings)
        if not already:
            click.echo(f"started the local Neo4j: {status.uri} (home {settings.home})")
        if status.note:  # as lineage db start says it: a server that had died, a home just secured
            click.echo(f"note: {status.note}", err=True)
    # Fail here, with one line, rather than on the first page.
    Graph.connect(settings, start_local=False).close()
    names = host_names(allowed_hosts, bound=host)
    app = create_app({"LINEAGE_SETTINGS": settings, "ALLOWED_HOSTS": names})
    try:
        server = waitress.create_server(
            app, host=host, port=port, threads=threads, ident="lineage", connection_limit=connection_limit,
            channel_timeout=CHANNEL_TIMEOUT, cleanup_interval=CLEANUP_INTERVAL, asyncore_use_poll=True,
            max_request_body_size=MAX_REQUEST_BODY,
        )
    except OSError as err:
        raise UserError(f"cannot listen on {host}:{port}: {err.strerror or err}") from None
    shown = f"[{host}]" if ":" in host else host
    try:  # a Ctrl-C right after the address is printed is still a clean stop
        click.echo(f"serving the Remix Lineage Explorer at http://{shown}:{server.effective_port}/  (Ctrl-C to stop)")
        if host not in LOOPBACK:
            click.echo(f"note: listening on {host}, not only on this machine; it answers to the host names "
                       f"{', '.join(names)} (--allowed-host adds one)", err=True)
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        if settings.uses_local:  # the database outlives the site: say so, and how to stop it
            click.echo(f"stopped the site; the local Neo4j of {settings.home} still runs "
                       f"(lineage db stop stops it)", err=True)


@main.command()
@click.argument("work_id")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="graph.html",
              show_default=True, help="File to write ('-' for standard output).")
@click.option("--direction", type=click.Choice(limits.DIRECTIONS), default=limits.DEFAULT_DIRECTION, show_default=True,
              help="Sources (up), remixes (down) or both.")
@depth_option
@as_of_option("Draw the lineage as it stood on that day.")
@cap_option
@click.option("--size", "size_metric", default="degree", show_default=True,
              help="Metric that sizes the nodes: degree, direct_remixes, descendants, ancestors, generation, "
                   "pagerank or bridge.")
@click.option("--layout", type=click.Choice(["hierarchical", "free"]), default="hierarchical", show_default=True,
              help="Hierarchical (sources above, remixes below) or free (physics).")
@home_option
def render(work_id: str, output: str, direction: str, depth: int | None, as_of: str | None, cap: int,
           size_metric: str, layout: str, home: str | None) -> None:
    """Write a work's derivation graph as one self-contained HTML file.

    vis-network and the graph data are inlined: the file opens offline and
    requests nothing from anywhere.
    """
    from pathlib import Path

    from lineage import api
    from lineage.db import Graph
    from web import graphs

    size_metric = graphs.parse_size(size_metric)
    graph = Graph.connect(settings_for(home))
    try:
        html, _, data = graphs.render_work_standalone(
            graph, api.resolve_work(graph, work_id), direction=direction, depth=depth, as_of=as_of, cap=cap, size=size_metric, layout=layout
        )
    finally:
        graph.close()
    if output == "-":
        click.echo(html, nl=False)
        return
    target = Path(output)
    try:
        target.write_text(html, encoding="utf-8")
    except OSError as err:
        raise UserError(f"cannot write {output}: {err.strerror or err}") from None
    left = f" ({data['left_out']:,} left out: raise --cap)" if data["truncated"] else ""
    click.echo(f"wrote {output}: {data['shown']:,} of {data['total']:,} works, {len(data['edges']):,} links{left}; "
               "it opens offline")


__all__ = ["serve", "render"]
