"""``lineage generate``: write a synthetic community dataset (graph_loader.generate)."""

from __future__ import annotations

import click

from graph_loader.generate import generate as generate_dataset
from lineage.cli import UserError, main


class WholeNumber(click.ParamType):
    """An integer option whose bad value is one line (``Error: ...``), exit code 2.

    Click's own types print the usage block too; the project's rule is one line.
    """

    name = "integer"

    def __init__(self, minimum: int):
        self.minimum = minimum

    def convert(self, value, param, ctx):
        flag = f"--{param.name}" if param is not None else "value"
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            try:
                number = int(str(value).strip().replace("_", ""), 10)
            except ValueError:
                raise UserError(f"{flag} must be a whole number (got {value!r})") from None
        if number < self.minimum:
            raise UserError(f"{flag} must be at least {self.minimum} (got {number})")
        return number


@main.command()
@click.argument("out_dir", type=click.Path())
@click.option("--works", type=WholeNumber(1), default=1000, show_default=True,
              help="Number of works (underscores allowed: 1_000_000).")
@click.option("--artists", type=WholeNumber(1), default=None,
              help="Number of artists (default: one per seven works).")
@click.option("--seed", type=WholeNumber(0), default=1, show_default=True,
              help="Random seed: the same seed writes byte-identical files.")
@click.option("--prefix", default="", show_default=False,
              help="Put before every work and artist id (--prefix c2- writes c2-w000000, c2-a00000), so that two "
                   "generated communities loaded into one graph do not share ids; letters, digits, - _ . only. "
                   "Default none: w000000, a00000, whatever the seed.")
def generate(out_dir: str, works: int, artists: int | None, seed: int, prefix: str) -> None:
    """Write a synthetic creative community to OUT_DIR as a dataset.

    artists.csv, works.csv, contributions.csv, remixes.csv and ratings.csv, in
    the format `lineage load` reads (docs/dataset-format.md): heavy-tailed
    activity per artist, remix popularity by preferential attachment, remixes
    always later than their sources (the remix graph is acyclic), and a few
    large productions drawing on dozens of sources and contributors. Files of
    the same names in OUT_DIR are replaced. Ids are w000000… and a00000… for
    every seed (the examples and docs name them); --prefix keeps two
    generated communities apart in one graph.

    \b
    Example:
      lineage generate /tmp/community --works 100000 --artists 20000 --seed 1
      lineage generate /tmp/other --works 1000 --seed 2 --prefix s2-
    """
    summary = generate_dataset(out_dir, works=works, artists=artists, seed=seed, prefix=prefix)
    click.echo(summary.line())
