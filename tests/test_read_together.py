"""Several named reads in one transaction (``Graph.read_together``), and a page's deadline over them, on the real Neo4j.

The focus view's walk reads level after level in one transaction (each query
one round trip, no begin and commit of its own); on the site the transaction
keeps to the page's deadline like any other read.
"""

from __future__ import annotations

import time

import pytest

from lineage.db import Reads
from lineage.errors import QueryTimeout
from web.db import PageGraph

pytestmark = pytest.mark.neo4j


def test_reads_in_one_transaction_see_the_same_graph(fam):
    def work(reads: Reads):
        assert isinstance(reads, Reads)
        first = reads.read_one("focus_works", ids=["f"], before=None)
        props, has_sources, element_id = first["works"][0]
        # The element id from the first read names the same work in the next one.
        again = reads.read_one("focus_step_up", frontier=[element_id], seen=[element_id], level_cap=10,
                               count_only=True, before=None, rank="descendants", media=None, kinds=None,
                               date_from=None, date_before=None, min_key=None, min_value=None)
        return props["id"], has_sources, again["count"]

    work_id, has_sources, sources = fam.read_together(work)
    direct = fam.read_text("MATCH (:Work {id: 'f'})-[:REMIXES]->(s:Work) RETURN count(DISTINCT s) AS n")[0]["n"]
    assert (work_id, has_sources) == ("f", True) and sources == direct > 0


def test_a_page_deadline_already_past_refuses_before_reading(fam):
    page = PageGraph(fam, time.monotonic() - 1, 2.0)
    ran = []
    with pytest.raises(QueryTimeout):
        page.read_together(lambda reads: ran.append(1))
    assert ran == []


def test_a_page_deadline_passed_during_the_reads_is_a_timeout(fam):
    page = PageGraph(fam, time.monotonic() + 0.5, 0.5)

    def slow(reads: Reads):
        reads.read("focus_works", ids=["f"], before=None)
        time.sleep(0.8)  # past the deadline, inside the transaction
        return "answer"

    with pytest.raises(QueryTimeout):
        page.read_together(slow)
