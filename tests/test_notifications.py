"""The site logs no driver notice for a property a graph lacks (metrics, credit maps, extra columns).

A served credit answer on a graph without ``credit_share`` printed three "Received notification from
DBMS server" warnings, each with its whole query, on the server's log, for every request.
"""

from __future__ import annotations

import logging

import pytest

from web_helpers import load_sample, make_app

pytestmark = pytest.mark.neo4j


def test_a_credit_answer_on_a_graph_without_credit_maps_logs_nothing(graph, neo4j_settings, caplog):
    load_sample(graph)
    assert not graph.read_text("MATCH ()-[r:REMIXES]->() WHERE r.credit_share IS NOT NULL RETURN r LIMIT 1")
    client = make_app(neo4j_settings).test_client()
    work = graph.read_text("MATCH (w:Work)-[:REMIXES]->() RETURN w.id AS id LIMIT 1")[0]["id"]
    with caplog.at_level(logging.INFO, logger="neo4j"):
        response = client.get(f"/api/works/{work}/credit")
    assert response.status_code == 200
    assert not [r for r in caplog.records if "notification" in r.getMessage().lower()]
