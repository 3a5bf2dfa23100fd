"""Options shared by several commands, as decorators (the sqlite-utils way)."""

from __future__ import annotations

import json
import shutil
import sys
import textwrap
from typing import Any, Callable, Iterable

import click

from lineage import asof
from lineage.config import Settings, from_env
from lineage.limits import CAP, DEPTH


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


def depth_option(fn: Callable) -> Callable:
    """``--depth N``: the range of :data:`lineage.limits.DEPTH`, shared with the API."""
    return click.option(DEPTH.option, type=click.IntRange(DEPTH.low, DEPTH.high), default=DEPTH.default,
                        help="Keep works at most N remixes away (default: all).")(fn)


def cap_option(fn: Callable) -> Callable:
    """``--cap N``: the default and range of :data:`lineage.limits.CAP`, shared with the API."""
    return click.option(CAP.option, type=click.IntRange(CAP.low, CAP.high), default=CAP.default, show_default=True,
                        help="Return at most N works (the nearest); the total is still counted.")(fn)


def as_of_option(help: str = "The lineage as it stood that day: later works and their remixes left out.") -> Callable:
    """``--as-of YYYY-MM-DD``, checked as it is read (:func:`lineage.asof.check_day`: one line, exit code 2)."""
    return click.option("--as-of", "as_of", metavar="YYYY-MM-DD", default=None,
                        callback=lambda ctx, param, value: asof.check_day(value), help=help)


def settings_for(home: str | None) -> Settings:
    return from_env().with_home(home)


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")


# -- tables ---------------------------------------------------------------------------------
SHOWN_ROWS = 25  # rows a listing shows unless --limit N or --all says otherwise
TEXT_WIDTH = 60  # a longer free-text cell (a title, a name) is cut to this many characters with "…"
SHOWN_IDS = 10  # ids an inline list (the origins) names before "and N more (--all)"
# Columns holding identifiers are never cut: a cut id cannot be copied into the next command.
ID_COLUMNS = frozenset({"id", "work", "artist", "production", "handle", "source", "target", "a", "b"})


def plural(count: int, word: str, many: str | None = None) -> str:
    """``count`` and ``word``, with the plural form when ``count`` is not 1.

    >>> plural(1, "row"), plural(2, "row"), plural(0, "remix", "remixes"), plural(1, "remix", "remixes")
    ('1 row', '2 rows', '0 remixes', '1 remix')
    """
    return f"{count:,} {word if count == 1 else (many or word + 's')}"


def is_identifier(column: str) -> bool:
    """Whether a column holds identifiers (never cut): ``id``, ``work``, ``*_id``, ``w.id`` ...

    >>> [is_identifier(c) for c in ("id", "artist_id", "w.id", "title", "valid")]
    [True, True, True, False, False]
    """
    name = column.lower()
    return name in ID_COLUMNS or name.endswith(("_id", ".id", " id"))


def listing_options(fn: Callable) -> Callable:
    """``--limit N`` and ``--all``: how many rows of each table a listing shows."""
    fn = click.option("--all", "show_all", is_flag=True,
                      help="Show every row (and every id of an inline list).")(fn)
    return click.option("--limit", type=click.IntRange(min=1), default=SHOWN_ROWS, show_default=True,
                        help="Show at most N rows of each table.")(fn)


def print_table(rows: list[dict], columns: list[str] | None = None, *, limit: int | None = None,
                what: str = "rows", keep: Iterable[str] = ()) -> None:
    """A plain aligned table: the one renderer of the command line.

    Parameters
    ----------
    rows, columns
        The rows (dicts) and the columns to show, in order (default: the keys of the first row).
    limit
        Show at most this many rows, then a line saying how many more there are and how to
        see them (``None``: every row).
    what
        The plural noun of that line ("works", "artists").
    keep
        Columns never cut besides the identifier columns (:func:`is_identifier`); other
        cells longer than :data:`TEXT_WIDTH` are cut with an ellipsis.
    """
    if not rows:
        click.echo("(no rows)")
        return
    columns = columns or list(rows[0].keys())
    kept = set(keep)
    shown = rows if limit is None else rows[:limit]
    cells = [[_cell(row.get(c), None if c in kept or is_identifier(c) else TEXT_WIDTH) for c in columns]
             for row in shown]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    click.echo("  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip())
    click.echo("  ".join("-" * w for w in widths))
    for r in cells:
        click.echo("  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip())
    if len(rows) > len(shown):
        click.echo(f"... and {len(rows) - len(shown):,} more {what} (--limit N or --all shows more)")


def id_list(lead: str, ids: list[str], show_all: bool, indent: int = 2) -> str:
    """``lead`` then a list of ids folded to the terminal's width: the first :data:`SHOWN_IDS` unless ``show_all``.

    Ids are never broken across lines. Returns one line, or several lines each
    after the first indented by ``indent`` spaces.

    >>> id_list("origins: ", ["o1", "o2"], False)
    'origins: o1, o2'
    """
    if not ids:
        return lead + "none"
    named = ids if show_all or len(ids) <= SHOWN_IDS else ids[:SHOWN_IDS]
    text = ", ".join(named)
    if len(named) < len(ids):
        # No-break spaces (textwrap breaks at ASCII ones only) keep the tail on one line.
        text += f" and\u00a0{len(ids) - len(named):,}\u00a0more\u00a0(--all)"
    width = shutil.get_terminal_size((100, 24)).columns
    return textwrap.fill(lead + text, width=max(width - indent, 20), subsequent_indent=" " * indent,
                         break_long_words=False, break_on_hyphens=False).replace("\u00a0", " ")


def _cell(value: Any, limit: int | None = TEXT_WIDTH) -> str:
    if value is None:
        text = ""
    elif isinstance(value, float):
        text = f"{value:.6g}"
    elif isinstance(value, (list, tuple)):
        text = ", ".join(str(v) for v in value)
    else:
        text = str(value)
    text = " ".join(text.split())
    return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"
