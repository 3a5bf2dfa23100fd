"""Static files addressed by their content (web/assets.py): kept by the browser, never stale."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from flask import Flask, url_for

from web import assets, create_app

STATIC = Path(__file__).resolve().parent.parent / "web" / "static"


@pytest.fixture
def app():
    # Static files need no database: the graph is opened lazily, by the pages that read it.
    return create_app({"TESTING": True})


def sha12(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def test_a_static_address_carries_the_digest_of_the_file(app):
    with app.test_request_context():
        address = url_for("static", filename="js/lineage-graph.js")
    assert address == "/static/js/lineage-graph.js?v=" + sha12(STATIC / "js" / "lineage-graph.js")


def test_the_addressed_file_is_kept_a_year_and_any_other_is_revalidated(app):
    client = app.test_client()
    with app.test_request_context():
        address = url_for("static", filename="css/site.css")
    kept = client.get(address)
    assert kept.status_code == 200
    assert set(re.split(r",\s*", kept.headers["Cache-Control"])) == {"public", "max-age=31536000", "immutable"}
    # The same file without its digest, or with an older file's digest: as before, revalidated each time.
    for other in ("/static/css/site.css", "/static/css/site.css?v=000000000000"):
        r = client.get(other)
        assert r.status_code == 200 and r.headers["Cache-Control"] == "no-cache", other
    assert client.get("/static/css/nothing-here.css?v=1").status_code == 404
    # A revalidation of the addressed file keeps the year too.
    again = client.get(address, headers={"If-None-Match": kept.headers["ETag"]})
    assert again.status_code == 304 and "immutable" in again.headers["Cache-Control"]


def test_a_changed_file_gets_a_new_address(tmp_path):
    (tmp_path / "a.js").write_text("one", encoding="utf-8")
    app = Flask(__name__, static_folder=str(tmp_path), static_url_path="/static")
    assets.init_app(app)
    with app.test_request_context():
        first = url_for("static", filename="a.js")
        (tmp_path / "a.js").write_text("two, longer", encoding="utf-8")
        second = url_for("static", filename="a.js")
        missing = url_for("static", filename="gone.js")
    assert first == "/static/a.js?v=" + hashlib.sha256(b"one").hexdigest()[:12]
    assert second == "/static/a.js?v=" + hashlib.sha256(b"two, longer").hexdigest()[:12]
    assert missing == "/static/gone.js"
