"""The payout pages and API (web/views/credit.py) with the Flask test client against the real Neo4j.

The graph is the community of tests/test_credit_payouts_db.py (docs/credit.md's book and a record).
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from prov.model import ProvDocument

from test_credit_payouts_db import write_community
from web_helpers import make_app

pytestmark = pytest.mark.neo4j


@pytest.fixture
def client(graph, neo4j_settings):
    write_community(graph)
    return make_app(neo4j_settings).test_client()


def text(response):
    return response.get_data(as_text=True)


def test_production_page(client):
    r = client.get("/productions/Book")
    assert r.status_code == 200
    page = text(r)
    assert "1,000.00" in page and "458.33" in page and "11/24" in page
    # the picture: one bar per artist, named by handle, and the unattributed part
    # (twice: the wide picture and the phone's)
    assert page.count('class="bar-artist"') == 8 and page.count('class="bar-unattributed"') == 2
    assert "<script" not in page.split("</header>", 1)[1].split("</article>")[0]
    # sorted by name: ana, ben, cal, dee
    by_name = text(client.get("/productions/Book?sort=name"))
    table = by_name.split('class="data payout-table"')[1]
    assert [m for m in re.findall(r'class="artist-link"[^>]*>([^<]+)<', table)] == ["ana", "ben", "cal", "dee"]


def test_production_page_policy_and_errors(client):
    assert "9/16" in text(client.get("/productions/Book?cap=0.25"))
    assert client.get("/productions/Book?decay=0").status_code == 400
    assert client.get("/productions/Book?amount=1.001").status_code == 400
    assert client.get("/productions/nope").status_code == 404
    assert client.get("/productions/Book?page=abc").status_code == 400


def test_production_downloads(client):
    r = client.get("/productions/Book/statement.csv")
    assert r.status_code == 200 and r.mimetype == "text/csv" and "attachment" in r.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(text(r))))
    assert sum(int(row["amount"].replace(".", "")) for row in rows) == 100000
    prov = client.get("/productions/Book/statement.prov.json")
    doc = ProvDocument.deserialize(content=text(prov), format="json")
    assert {str(a.identifier) for a in doc.get_records()} >= {"artist:ana", "artist:ben", "payout:Book"}


def test_plan_page(client):
    assert "Plan a production" in text(client.get("/plan"))
    page = text(client.get("/plan?works=Story%0APhoto&amount=100"))
    assert "37.50" in page and "25.00" in page and "Draws on 2 works" in page
    assert client.get("/plan?works=Story%0Anope").status_code == 404


def test_artist_statement_page(client):
    page = text(client.get("/artists/ana/statement"))
    assert "475.21" in page and "Credit over time" in page and "<polyline" in page
    assert "Which of their works travelled furthest" in page
    assert client.get("/artists/nobody/statement").status_code == 404
    rows = list(csv.DictReader(io.StringIO(text(client.get("/artists/ana/statement.csv")))))
    assert [r["amount"] for r in rows] == ["458.33", "16.88"]


def test_artist_page_links_to_the_statement(client):
    assert 'href="/artists/ana/statement"' in text(client.get("/artists/ana"))


def test_api(client):
    assert [p["id"] for p in client.get("/api/productions").get_json()["productions"]] == ["Record", "Book"]
    s = client.get("/api/productions/Record/statement").get_json()
    assert {a["artist_id"]: a["cents"] for a in s["artists"]} == {"rob": 4500, "ana": 1688, "dee": 1687, "cal": 1125}
    assert client.get("/api/artists/ana/statement").get_json()["total"]["cents"] == 47521
    plan = client.get("/api/plan?work=Story&work=Photo&amount=0.01").get_json()
    assert {a["artist_id"]: a["cents"] for a in plan["artists"]} == {"ana": 1, "dee": 0, "cal": 0}
    w = client.get("/api/whatif?withdraw=Poem").get_json()
    cal = next(a for a in w["productions"][0]["artists"] if a["artist_id"] == "cal")
    assert cal["difference_cents"] == 6250
    w = client.get("/api/whatif?drop=Story&drop_source=Photo&amount=10").get_json()
    assert sorted(p["work_id"] for p in w["productions"]) == ["Book", "Record"]
    for bad in ("/api/whatif", "/api/whatif?drop=Story", "/api/plan", "/api/whatif?set_keep=Story&set_keep_value=x",
                "/api/whatif?drop=Book&drop_source=Photo"):
        r = client.get(bad)
        assert r.status_code == 400, bad
        assert json.loads(text(r))["error"]["message"]


def test_whatif_page(client):
    """The what-if page takes the API's parameters; the form's blank rows are no change."""
    empty = client.get("/whatif")
    assert empty.status_code == 200 and "Show what changes" in text(empty) and "reached" not in text(empty)
    blank = "&withdraw=&drop=&drop_source=&reweight=&reweight_source=&reweight_weight=&set_keep=&set_keep_value="
    page = text(client.get("/whatif?withdraw=Poem" + blank + "&amount=&keep=0.5"))
    plain = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    # Without Poem, the Book's share that went to Poem goes to Story: Cal's 187.50 becomes 250.00.
    assert "1 change, 1 production reached" in plain and "withdraw Poem" in plain
    assert "cal Cal 18.75% 25.00% +6.25% 187.50 250.00 +62.50" in plain
    assert "1 artist's payout changes; 3 others stay as they are" in plain
    assert 'value="Poem"' in page  # the change stays in its box, with an empty row after it
    two = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text(client.get(
        "/whatif?set_keep=Story&set_keep_value=0.9&reweight=Book&reweight_source=Story&reweight_weight=1"))))
    assert "2 changes, 2 productions reached" in two
    assert "cal Cal 12.50% 22.50% +10.00% 11.25 20.25 +9.00" in two  # in the Record


def test_whatif_page_refuses_what_the_api_refuses(client):
    r = client.get("/whatif?drop=Story&drop_source=")
    assert r.status_code == 400 and "the work id is empty" in text(r)
    r = client.get("/whatif?withdraw=Nope")
    assert r.status_code == 404 and "no work with id" in text(r)
    r = client.get("/whatif?set_keep=Story&set_keep_value=2")
    assert r.status_code == 400 and "keep needs a number from 0 to 1" in text(r)
    r = client.get("/whatif?drop=Story")
    assert r.status_code == 400 and "needs its &#39;drop_source&#39;" in text(r)
