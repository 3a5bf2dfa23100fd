"""What the graph already holds, as far as checking a dataset needs to know.

A contribution, remix or rating may name a work or artist that is not in the
dataset but already in the graph (an incremental load), and the graph's own
REMIXES edges count in the cycle rule. These reads are the only contact the
checking step has with Neo4j; :class:`EmptyGraph` stands for a graph with
nothing in it (a bulk import into a new database).
"""

from __future__ import annotations

from typing import Callable, Iterable

from lineage.db import Graph

LOOKUP_BATCH = 5000


class EmptyGraph:
    """A graph with no works, artists or remixes."""

    works = artists = remixes = 0
    counts = {"works": 0, "artists": 0, "contributions": 0, "remixes": 0, "ratings": 0}

    @property
    def empty(self) -> bool:
        return True

    def find_works(self, ids: list[str]) -> dict[str, object]:
        return {}

    def find_artists(self, ids: list[str]) -> set[str]:
        return set()

    def remix_edges(self, each: Callable[[str, str], None]) -> None:
        return None


class ExistingGraph(EmptyGraph):
    """The graph of a running Neo4j, read in read transactions."""

    def __init__(self, graph: Graph):
        self.graph = graph
        self.counts = graph.read("load_existing_counts")[0]
        self.works, self.artists, self.remixes = (self.counts[k] for k in ("works", "artists", "remixes"))

    @property
    def empty(self) -> bool:
        return not (self.works or self.artists)

    def find_works(self, ids: list[str]) -> dict[str, object]:
        """The ids among ``ids`` that name works in the graph, with their created_at."""
        found: dict[str, object] = {}
        for chunk in _chunks(ids):
            for row in self.graph.read("load_lookup_works", ids=chunk):
                found[row["id"]] = row["created_at"]
        return found

    def find_artists(self, ids: list[str]) -> set[str]:
        """The ids among ``ids`` that name artists in the graph."""
        found: set[str] = set()
        for chunk in _chunks(ids):
            found.update(row["id"] for row in self.graph.read("load_lookup_artists", ids=chunk))
        return found

    def remix_edges(self, each: Callable[[str, str], None]) -> None:
        """Call ``each(work_id, source_id)`` for every REMIXES edge, streamed."""
        if not self.remixes:
            return
        self.graph.stream("load_existing_remixes", lambda record: each(record[0], record[1]))


def _chunks(ids: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(ids), LOOKUP_BATCH):
        yield ids[start:start + LOOKUP_BATCH]
