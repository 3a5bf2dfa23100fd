"""The as-of rules: what "the lineage as it stood on a day" means, in one place.

An as-of day is a real calendar date ``YYYY-MM-DD``. A work (or artist)
existed on it when it is undated, or when its ``created_at`` (a date, or a
date and time in any zone, as the dataset gave it) comes before the next day
starts. That is a string comparison of ISO 8601 text against the next day,
:func:`before`, which is also the ``$before`` every Cypher query of an as-of
answer takes (``$before IS NULL OR w.created_at IS NULL OR w.created_at < $before``;
``created_at`` is stored as that text), so the database and the Python
computations keep the same works.

>>> bound = before("2024-01-01")
>>> bound
'2024-01-02'
>>> existed("2024-01-01T23:59:00+02:00", bound), existed("2024-01-02", bound), existed(None, bound)
(True, False, True)
"""

from __future__ import annotations

import datetime as _dt

import networkx as nx

from lineage.errors import InvalidParameter

__all__ = ["next_day", "before", "check_day", "existed", "existed_on", "require_existed", "graph_as_of"]


def next_day(day: str) -> str:
    """Validate a ``YYYY-MM-DD`` date and return the day after, same form.

    >>> next_day("2024-02-28"), next_day("2024-12-31")
    ('2024-02-29', '2025-01-01')
    >>> next_day("2023-02-30")
    Traceback (most recent call last):
    ...
    lineage.errors.InvalidParameter: as-of must be a real date YYYY-MM-DD (got '2023-02-30')
    """
    if not isinstance(day, str) or len(day) != 10 or day[4] != "-" or day[7] != "-":
        raise InvalidParameter(f"as-of must be a real date YYYY-MM-DD (got {day!r})")
    try:
        parsed = _dt.date.fromisoformat(day)
        return (parsed + _dt.timedelta(days=1)).isoformat()
    except (ValueError, OverflowError):
        raise InvalidParameter(f"as-of must be a real date YYYY-MM-DD (got {day!r})") from None


def before(as_of: str | None) -> str | None:
    """The exclusive upper bound of an as-of day (its next day), or None without a day.

    >>> before(None), before("2020-02-29")
    (None, '2020-03-01')
    """
    return None if as_of is None else next_day(as_of)


def check_day(as_of: str | None) -> str | None:
    """An as-of day checked (InvalidParameter when it is not a real date), or None.

    >>> check_day("2024-02-29"), check_day(None)
    ('2024-02-29', None)
    """
    before(as_of)
    return as_of


def existed(created_at, before: str | None) -> bool:
    """Whether something created at ``created_at`` existed before ``before`` (see :func:`before`).

    Undated ones (None or empty) always existed; so does everything when ``before`` is None.

    >>> existed("2024-01-01T23:59:00+02:00", "2024-01-02"), existed("2024-01-02", "2024-01-02")
    (True, False)
    >>> existed(None, "2024-01-02"), existed("2999-01-01", None)
    (True, True)
    """
    return before is None or not created_at or str(created_at) < before


def existed_on(created_at, as_of: str | None) -> bool:
    """Whether something created at ``created_at`` existed on the day ``as_of`` (None: today).

    >>> existed_on("2024-01-01T23:59:00+02:00", "2024-01-01"), existed_on("2024-01-02", "2024-01-01")
    (True, False)
    """
    return existed(created_at, before(as_of))


def require_existed(work_id: str, created_at, as_of: str | None) -> None:
    """Raise InvalidParameter when the work an as-of answer is about did not exist on the day.

    >>> require_existed("w1", "2024-05-01", "2024-04-30")
    Traceback (most recent call last):
    ...
    lineage.errors.InvalidParameter: work 'w1' did not exist yet on 2024-04-30 (created 2024-05-01)
    """
    if not existed_on(created_at, as_of):
        raise InvalidParameter(f"work {work_id!r} did not exist yet on {as_of} (created {created_at})")


def graph_as_of(G: nx.DiGraph, as_of: str) -> nx.DiGraph:
    """The graph as it stood on ``as_of``: later works and their remixes left out.

    A work's ``created_at`` attribute decides; undated works are kept.

    Examples
    --------
    >>> G = nx.DiGraph([("b", "a"), ("c", "b")])
    >>> nx.set_node_attributes(G, {"a": "2020-01-01", "b": "2020-06-01T10:00:00Z",
    ...                            "c": "2021-01-01"}, "created_at")
    >>> sorted(graph_as_of(G, "2020-06-01").edges)
    [('b', 'a')]
    >>> sorted(graph_as_of(G, "2019-12-31"))
    []
    """
    bound = next_day(as_of)
    keep = [n for n, created in G.nodes(data="created_at") if existed(created, bound)]
    return G.subgraph(keep).copy()
