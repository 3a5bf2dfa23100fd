"""``lineage load --replace``: after the load, make the graph equal to the dataset.

A load with ``--replace`` is checked as a load into an empty database is
(:class:`ReplacingGraph`: a contribution, remix or rating must name works and
artists of the dataset, and the graph's own remixes do not count in the cycle
rule), then written with MERGE as usual; after it, :func:`plan` finds what the
graph holds and the dataset does not: works and artists no row of the
dataset defines (a row rejected defines nothing), and relationships no row
accepted by the load has the key of. :func:`remove` deletes them, in batches,
relationships first; a removed work or artist takes its relationships with
it (DETACH). So the graph ends as a load into an empty database would make
it, except that properties of the columns a file lacks, and the metrics
``lineage metrics`` wrote, stay as they were on what stays.

The graph's ids and keys are streamed and looked up in the checker's own
tables (:class:`~graph_loader.ids.IdTable`, :class:`~graph_loader.ids.KeyTable`):
nothing of the graph is held but what is to go.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import queries
from graph_loader.existing import EmptyGraph
from lineage.db import Graph

REMOVE_BATCH = 10_000  # ids or keys per delete transaction
EDGES = ("contributions", "remixes", "ratings")


class ReplacingGraph(EmptyGraph):
    """The graph as ``--replace`` checks against it: its counts (for CREATE or MERGE), nothing else.

    References are looked up in the dataset only, and the graph's remixes,
    which the dataset may no longer hold, are no part of the cycle rule:
    :class:`EmptyGraph`'s answers, with the graph's real counts.
    """

    def __init__(self, graph: Graph):
        self.counts = graph.read("load_existing_counts")[0]


@dataclass
class Removal:
    """What the graph holds and the dataset does not."""

    works: list[str] = field(default_factory=list)
    artists: list[str] = field(default_factory=list)
    # relationships between works and artists that stay, as the delete queries take their keys
    edges: dict[str, list[list]] = field(default_factory=lambda: {kind: [] for kind in EDGES})
    attached: int = 0  # relationships that go with a removed work or artist

    @property
    def relationships(self) -> int:
        return self.attached + sum(len(keys) for keys in self.edges.values())

    def __bool__(self) -> bool:
        return bool(self.works or self.artists or self.relationships)

    def describe(self) -> str:
        """``3 works, 1 artists and 5 relationships (2 of them on those works and artists)``."""
        text = f"{len(self.works):,} works, {len(self.artists):,} artists and {self.relationships:,} relationships"
        if self.attached:
            text += f" ({self.attached:,} of them on those works and artists)"
        return text


ATTACHED = "attached"  # what goes with a removed work or artist: counted, not listed


def _gone(graph: Graph, name: str, goes) -> tuple[list, int]:
    """The values of the streamed query ``name`` for which ``goes(value)`` is true, and how many were ATTACHED."""
    found: list = []
    attached = [0]

    def each(record) -> None:
        verdict = goes(record[0])
        if verdict is ATTACHED:
            attached[0] += 1
        elif verdict:
            found.append(record[0])

    graph.stream(name, each)
    return found, attached[0]


def plan(graph: Graph, checked) -> Removal:
    """What :func:`remove` would delete after ``checked`` was written with ``--replace``."""
    works, artists = checked.tables["works"], checked.tables["artists"]
    removal = Removal()

    def defined(table, node_id) -> bool:
        position = table.get(node_id)
        return position is not None and table.in_dataset(position)

    removal.works, _ = _gone(graph, "replace_graph_works", lambda i: not defined(works, i))
    removal.artists, _ = _gone(graph, "replace_graph_artists", lambda i: not defined(artists, i))
    gone_works, gone_artists = set(removal.works), set(removal.artists)
    for kind in EDGES:
        table, refused = checked.keys[kind], checked.skip.get(kind) or ()

        def goes(key, kind=kind, table=table, refused=refused):
            if kind == "remixes":
                if key[0] in gone_works or key[1] in gone_works:
                    return ATTACHED
                packed = (works.get(key[0]), works.get(key[1]))
            else:
                if key[0] in gone_artists or key[1] in gone_works:
                    return ATTACHED
                artist, work = artists.get(key[0]), works.get(key[1])
                packed = (work, artist, checked.roles.get(key[2])) if kind == "contributions" else (artist, work)
            line = None if None in packed else table.line_of(packed)
            return line is None or line in refused

        removal.edges[kind], attached = _gone(graph, f"replace_graph_{kind}", goes)
        removal.attached += attached
    return removal


def remove(graph: Graph, removal: Removal) -> dict[str, int]:
    """Delete what ``removal`` lists; what was deleted, by the server's own counters."""
    done = {"works": 0, "artists": 0, "relationships": 0}

    def run(name: str, param: str, values: list) -> None:
        text = queries.load(name)
        for start in range(0, len(values), REMOVE_BATCH):
            chunk = values[start:start + REMOVE_BATCH]

            def work(tx, chunk=chunk):
                return tx.run(text, {param: chunk}).consume().counters

            counters = graph.write(work)
            done["relationships"] += counters.relationships_deleted
            if name.endswith("works"):
                done["works"] += counters.nodes_deleted
            elif name.endswith("artists"):
                done["artists"] += counters.nodes_deleted

    for kind in EDGES:
        run(f"replace_delete_{kind}", "keys", removal.edges[kind])
    run("replace_delete_works", "ids", removal.works)
    run("replace_delete_artists", "ids", removal.artists)
    return done
