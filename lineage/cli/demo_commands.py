"""``lineage demo``: the README's main job in one command.

Start the local Neo4j (unless NEO4J_URI names a server), load the example
dataset, compute the influence metrics, and serve the site.
"""

from __future__ import annotations

from pathlib import Path

import click

from lineage.cli import main
from lineage.cli.options import home_option

# The example dataset ships with the repository, beside the packages.
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@main.command()
@click.option("--dataset", type=click.Path(exists=True, path_type=Path), default=EXAMPLES, show_default=True,
              help="Dataset to load (folder, .zip or .jsonl).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address the site listens on.")
@click.option("--port", type=click.IntRange(0, 65535), default=5000, show_default=True,
              help="Port the site listens on (0: any free port).")
@click.option("--db-port", type=click.IntRange(1, 65535), default=None,
              help="Bolt port of the local Neo4j (default: the last one used, else 7687); for a machine that "
                   "already runs a Neo4j on 7687.")
@click.option("--no-serve", is_flag=True, help="Stop after loading and computing the metrics.")
@home_option
@click.pass_context
def demo(ctx: click.Context, dataset: Path, host: str, port: int, db_port: int | None, no_serve: bool,
         home: str | None) -> None:
    """Start the local Neo4j, load the example dataset, compute metrics, serve the site."""
    from lineage.cli.db_commands import start
    from lineage.cli.load_commands import load, stats
    from lineage.cli.metrics_commands import metrics_command
    from lineage.cli.options import settings_for
    from lineage.cli.web_commands import serve

    if settings_for(home).uses_local:
        click.echo("== the local Neo4j")
        ctx.invoke(start, home=home, port=db_port)
    click.echo(f"== loading {dataset}")
    ctx.invoke(load, path=dataset, home=home)
    click.echo("== influence metrics")
    ctx.invoke(metrics_command, home=home)
    click.echo("== what the graph holds")
    ctx.invoke(stats, home=home)
    if not no_serve:
        click.echo("== the site")
        ctx.invoke(serve, host=host, port=port, home=home)
