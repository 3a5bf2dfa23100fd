"""Options shared by several commands, as decorators (the sqlite-utils way)."""

from __future__ import annotations

import json
import sys
from typing import Any, Callable

import click

from lineage.config import Settings, from_env


def home_option(fn: Callable) -> Callable:
    """``--home DIR``: the local Neo4j's home folder (default $LINEAGE_HOME or .lineage/)."""
    return click.option(
        "--home",
        type=click.Path(file_okay=False),
        default=None,
        help="Home folder of the local Neo4j (default: $LINEAGE_HOME or .lineage/).",
    )(fn)


def json_option(fn: Callable) -> Callable:
    """``--json``: print machine-readable JSON instead of a table."""
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")(fn)


def settings_for(home: str | None) -> Settings:
    return from_env().with_home(home)


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")


def print_table(rows: list[dict], columns: list[str] | None = None) -> None:
    """A plain aligned table; long cells are cut so a row fits a terminal line."""
    if not rows:
        click.echo("(no rows)")
        return
    columns = columns or list(rows[0].keys())
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    click.echo("  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip())
    click.echo("  ".join("-" * w for w in widths))
    for r in cells:
        click.echo("  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip())


def _cell(value: Any, limit: int = 60) -> str:
    if value is None:
        text = ""
    elif isinstance(value, float):
        text = f"{value:.6g}"
    elif isinstance(value, (list, tuple)):
        text = ", ".join(str(v) for v in value)
    else:
        text = str(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
