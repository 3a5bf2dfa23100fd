"""One vocabulary for the command line and the JSON API: each concept's name, default and range.

``lineage ancestry --cap N`` and ``/api/works/W/lineage?cap=N`` are one concept
with one name, one default and one accepted range; both the CLI options
(lineage/cli) and the URL parameters (web/params.py, web/openapi.py) read them
from here, so they cannot drift apart again (issue 11).

Names: the query parameter is the name; the CLI option is the same word with
``--`` and hyphens (``as_of`` is ``--as-of``). The one old name kept as an
alias is ``lineage top --by`` for ``--metric`` (docs/lineage.md).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Parameter:
    """A parameter shared by the CLI and the API.

    Attributes
    ----------
    name
        Its query-parameter name (the CLI option is ``--`` + name with hyphens).
    default
        The value when it is not given (None: no limit).
    low, high
        The accepted range, both ends included.
    """

    name: str
    default: int | None
    low: int
    high: int

    @property
    def option(self) -> str:
        """The CLI option: ``--as-of`` for ``as_of``."""
        return "--" + self.name.replace("_", "-")


# Most works in a lineage answer, the nearest first (the focus work counts).
CAP = Parameter("cap", 2000, 1, 10_000)
# Remixes to follow away from the work; absent: all of them.
DEPTH = Parameter("depth", None, 1, 50)
# Rows of a ranking (``lineage top``, /api/metrics/top).
TOP_LIMIT = Parameter("limit", 10, 1, 1000)
# The ranking's metric: ``metric`` everywhere (``--by`` kept as the CLI's alias).
METRIC = "metric"
# The key a JSON answer lists its results under (``lineage top --json``, /api/metrics/top, /api/search).
ITEMS = "items"

__all__ = ["Parameter", "CAP", "DEPTH", "TOP_LIMIT", "METRIC", "ITEMS"]
