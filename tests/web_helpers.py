"""Test data and app factories for the web tests (tests/test_web_*.py).

The dataset is small and written with Cypher so every expected value below is
known by construction:

    w1 "Seed Song" (music, 2020-01-05)  <- w2 "Night Drive" (video, 2020-03-01)  <- w3 "Letters" (writing, 2021-06-01)
                                       <- w4 "Still Life" (image, 2022-01-01)
                                       <- EVIL "<script>alert(1)</script>" (id "x/y é", 2022-05-05)
    ann (a1): w1 creator 1.0, w2 co-writer 0.5     bob (a2): w2 director 1.0
    HOSTILE_HANDLE (id "a/3"): EVIL creator         zoë (id "árvíz/4"): w3 author
"""

from __future__ import annotations

from lineage.db import Graph

EVIL_ID = "x/y é"
EVIL_TITLE = "<script>alert(1)</script>"
EVIL_TAG = "<b>bold-tag</b>"
EVIL_EXTRA = "<img src=x onerror=alert(2)>"
HOSTILE_ID = "a/3"
HOSTILE_HANDLE = "<svg onload=alert(3)>"
HOSTILE_EXTRA = "<a href=javascript:alert(4)>x</a>"
UNICODE_ARTIST = "árvíz/4"

WORKS = [
    {"id": "w1", "title": "Seed Song", "medium": "music", "created_at": "2020-01-05", "status": "published",
     "tags": ["folk", "seed"], "license": "CC-BY", "mood": "calm"},
    {"id": "w2", "title": "Night Drive", "medium": "video", "created_at": "2020-03-01", "status": "published",
     "tags": ["night"]},
    {"id": "w3", "title": "Letters a(b", "medium": "writing", "created_at": "2021-06-01", "status": "draft",
     "tags": []},
    {"id": "w4", "title": "Still Life", "medium": "image", "created_at": "2022-01-01", "status": "published",
     "tags": []},
    {"id": EVIL_ID, "title": EVIL_TITLE, "medium": "other", "created_at": "2022-05-05", "status": "published",
     "tags": [EVIL_TAG], "note": EVIL_EXTRA},
]
REMIXES = [("w2", "w1", "remix"), ("w3", "w2", "adaptation"), ("w4", "w1", "sample"), (EVIL_ID, "w1", "collage")]
ARTISTS = [
    {"id": "a1", "handle": "ann", "name": "Ann Lee", "joined_at": "2019-12-01"},
    {"id": "a2", "handle": "bob", "name": "Bob Ray", "joined_at": "2020-01-01"},
    {"id": HOSTILE_ID, "handle": HOSTILE_HANDLE, "name": "Mallory", "joined_at": "2020-02-02", "bio": HOSTILE_EXTRA},
    {"id": UNICODE_ARTIST, "handle": "zoë", "name": "Zoë Ünicode", "joined_at": "2021-01-01"},
]
CONTRIBUTIONS = [
    ("a1", "w1", "creator", 1.0), ("a1", "w2", "co-writer", 0.5), ("a2", "w2", "director", 1.0),
    (HOSTILE_ID, EVIL_ID, "creator", 1.0), (UNICODE_ARTIST, "w3", "author", 1.0),
]


def load_sample(graph: Graph) -> None:
    """Write the sample dataset into an empty graph."""

    def write(tx):
        tx.run("UNWIND $rows AS row CREATE (w:Work) SET w = row", rows=WORKS).consume()
        tx.run("UNWIND $rows AS row CREATE (a:Artist) SET a = row", rows=ARTISTS).consume()
        tx.run(
            "UNWIND $rows AS row MATCH (d:Work {id: row[0]}), (s:Work {id: row[1]}) "
            "CREATE (d)-[:REMIXES {kind: row[2], weight: 1.0, temporal_anomaly: false}]->(s)",
            rows=[list(r) for r in REMIXES],
        ).consume()
        tx.run(
            "UNWIND $rows AS row MATCH (a:Artist {id: row[0]}), (w:Work {id: row[1]}) "
            "CREATE (a)-[:CONTRIBUTED {role: row[2], weight: row[3]}]->(w)",
            rows=[list(r) for r in CONTRIBUTIONS],
        ).consume()

    graph.write(write)
    with graph.session() as session:
        session.run("CALL db.awaitIndexes(60)").consume()


def make_app(settings, **config):
    from web import create_app

    # Pages get a generous time limit here (a cold Neo4j on a loaded machine plans slowly);
    # tests/test_web_page_timeout.py sets its own. The as-of index of web/reach_index.py reads the
    # whole graph in a thread of its own, which would race the next test's wipe: the tests that
    # need it (tests/test_web_reach_index.py) turn it on; every other as-of artist is walked live.
    return create_app({"LINEAGE_SETTINGS": settings, "TESTING": True,
                       "PAGE_QUERY_TIMEOUT": 120.0, "REACH_INDEX_MAX_WORKS": 0, **config})


SECURITY_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy")


def assert_secure_headers(response) -> None:
    csp = response.headers.get("Content-Security-Policy", "")
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";")[0]
    assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    assert response.headers.get("X-Frame-Options") == "DENY"
    assert response.headers.get("Referrer-Policy")


def post_form(client, data: dict):
    """POST the console's HTML form as a browser does: with the token the console page gave (and its cookie)."""
    import re

    html = client.get("/console").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    return client.post("/console", data={**data, "csrf_token": token})
