"""The project's own exceptions.

Every :class:`LineageError` is a user's mistake or a condition the user can fix;
the command line turns it into one line and exit code 2, and the web site maps
it to an HTTP status through :data:`http_status` (see ``web/errors.py``).
"""

from __future__ import annotations


class LineageError(Exception):
    """Base of the errors a user can act on. ``str(err)`` is the one-line message."""

    http_status = 400


class WorkNotFound(LineageError):
    http_status = 404

    def __init__(self, work_id: str, hint: str = ""):
        super().__init__(f"no work with id {work_id!r}{hint}")
        self.work_id = work_id


class ArtistNotFound(LineageError):
    http_status = 404

    def __init__(self, artist_id: str, hint: str = ""):
        super().__init__(f"no artist with id {artist_id!r}{hint}")
        self.artist_id = artist_id


class LineageCycle(LineageError):
    """The REMIXES graph holds a cycle where a lineage must be acyclic."""

    http_status = 409

    def __init__(self, cycle: list):
        shown = " -> ".join(str(n) for n in cycle)
        super().__init__(f"the lineage holds a cycle: {shown}")
        self.cycle = cycle


class InvalidParameter(LineageError):
    http_status = 400


class LineageTooLarge(InvalidParameter):
    """A lineage with more works than a computation over it takes (``cap``)."""

    def __init__(self, message: str, cap: int):
        super().__init__(message)
        self.cap = cap


class DatasetError(LineageError):
    """A dataset file that cannot be read at all (not a single bad row)."""


class DatabaseUnavailable(LineageError):
    """Neo4j cannot be reached, refuses the credentials, or cannot be started."""

    http_status = 503


class DiskFull(DatabaseUnavailable):
    """The disk under the store (or a file being written) has no space left."""


class QueryRefused(LineageError):
    """A query that would write, or reach outside, sent to a read-only endpoint."""

    http_status = 403


class QueryTimeout(LineageError):
    http_status = 504


class QueryFailed(LineageError):
    """A user's Cypher that Neo4j rejected (syntax error, unknown function...)."""

    http_status = 400
