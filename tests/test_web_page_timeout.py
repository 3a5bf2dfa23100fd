"""Pages answer within PAGE_QUERY_TIMEOUT, or say they cannot (issue 17, part 3), against the real Neo4j.

On a 50,000-long remix chain a work page walks 50,000 levels, one quick
query each, and the home page counts 50,000 generations: 15 s each before,
holding a site thread all along. All the reads of one page now share one
deadline; past it the page is a 504 with a message.
"""

from __future__ import annotations

import time

import pytest

from web_helpers import make_app

pytestmark = pytest.mark.neo4j

CHAIN = 50_000
LIMIT = 5.0  # the pages that must come in time: 0.3 s alone, 2.5 s beside two other test sessions
# The pages that must pass their limit get a short one: on a quick machine the credit of
# 25,000 ancestors was once gathered in 1.7 s, inside 2 s (CI, 2026-12-02).
SHORT_LIMIT = 0.5
SLACK = 8.0  # seconds past the limit: the read in flight, and a loaded machine


@pytest.fixture(scope="module")
def chain(session_graph):
    from conftest import wipe

    wipe(session_graph)

    # In batches: one transaction of 50,000 nodes passes the server's per-transaction memory cap.
    def write(tx, first, last):
        tx.run("UNWIND range($first, $last) AS i CREATE (:Work {id: 'c' + i, title: 'Chain ' + i, "
               "medium: 'music', created_at: '2020-01-01'})", first=first, last=last).consume()

    def link(tx, first, last):
        tx.run("UNWIND range($first, $last) AS i MATCH (a:Work {id: 'c' + i}), (b:Work {id: 'c' + (i - 1)}) "
               "CREATE (a)-[:REMIXES {kind: 'remix', weight: 1.0, temporal_anomaly: false}]->(b)",
               first=first, last=last).consume()

    for first in range(0, CHAIN, 5000):
        session_graph.write(write, first, min(first + 5000, CHAIN) - 1)
    for first in range(1, CHAIN, 5000):
        session_graph.write(link, first, min(first + 5000, CHAIN) - 1)
    yield session_graph
    wipe(session_graph)


@pytest.fixture
def client(chain, neo4j_settings):
    return make_app(neo4j_settings, PAGE_QUERY_TIMEOUT=LIMIT).test_client()


@pytest.fixture
def uncapped_client(chain, neo4j_settings):
    """The work page splitting credit over any lineage the API would (no page cap), on a short limit."""
    from lineage.limits import MAX_ANCESTORS

    return make_app(neo4j_settings, PAGE_QUERY_TIMEOUT=SHORT_LIMIT, PAGE_CREDIT_CAP=MAX_ANCESTORS).test_client()


@pytest.mark.parametrize("address", [
    # 25,000 ancestors: the credit read's rows alone take 1-2 s, the split in Python as long again.
    # A read's rows arriving past the deadline and an answer computed past it are both 504s.
    "/works/c25000", "/api/works/c25000/credit", "/api/works/c25000/lineage"])
def test_a_page_past_its_time_limit_is_a_504_with_a_message(uncapped_client, address):
    client = uncapped_client
    started = time.monotonic()
    r = client.get(address)
    took = time.monotonic() - started
    print(f"{address} on a {CHAIN:,}-long chain: {r.status_code} in {took:.1f} s")
    assert r.status_code == 504, (address, r.status_code, took)
    assert "needs more than the site" in r.get_data(as_text=True) and "0.5 s to gather" in r.get_data(as_text=True)
    assert took < SHORT_LIMIT + SLACK


def test_the_work_page_degrades_to_a_capped_credit_panel(client):
    """By default the page splits credit over at most PAGE_CREDIT_CAP ancestors and says so beyond it."""
    started = time.monotonic()
    r = client.get("/works/c25000")
    took = time.monotonic() - started
    print(f"/works/c25000 with the page's credit cap: {r.status_code} in {took:.1f} s")
    text = r.get_data(as_text=True)
    assert r.status_code == 200, (r.status_code, took, text[:300])
    assert "more than 5,000 ancestors" in text and "lineage credit c25000" in text
    assert 'href="/api/works/c25000/credit"' in text
    assert took < LIMIT + SLACK


def test_the_home_page_past_its_time_limit_is_a_504_or_in_time(client):
    started = time.monotonic()
    r = client.get("/")
    took = time.monotonic() - started
    print(f"/ on a {CHAIN:,}-long chain: {r.status_code} in {took:.1f} s")
    assert r.status_code in (200, 504) and took < LIMIT + SLACK
