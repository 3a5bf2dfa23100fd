"""Host names, cross-site POSTs and addresses built from a request (issue 17, parts 2, 4 and 12)."""

from __future__ import annotations

import re

import pytest

from web_helpers import make_app, post_form

pytestmark = pytest.mark.neo4j

READ = {"query": "MATCH (w:Work {id: 'w1'}) RETURN w.title AS t"}


# -- Host ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("address", ["/", "/console", "/api/stats", "/works/w1", "/static/css/site.css"])
@pytest.mark.parametrize("host", ["attacker.example", "attacker.example:5000", "127.0.0.1.nip.io",
                                  "localhost.attacker.example"])
def test_a_host_name_the_site_does_not_answer_to_is_400(client, address, host):
    r = client.get(address, headers={"Host": host})
    assert r.status_code == 400, (address, host)
    assert "does not answer to the host name" in r.get_data(as_text=True)


def test_a_rebound_host_cannot_run_a_console_query(client):
    r = client.post("/api/console", json=READ, headers={"Host": "attacker.example:5000"})
    assert r.status_code == 400 and "--allowed-host" in r.get_json()["error"]["message"]


@pytest.mark.parametrize("host", ["localhost", "localhost:5000", "127.0.0.1:8080", "[::1]:5000", "LOCALHOST."])
def test_loopback_names_are_answered(client, host):
    assert client.get("/api/stats", headers={"Host": host}).status_code == 200


def test_configured_names_are_answered_and_only_they(neo4j_settings, graph):
    app = make_app(neo4j_settings, ALLOWED_HOSTS=("Lineage.Example.org",))
    client = app.test_client()
    assert client.get("/api/stats", headers={"Host": "lineage.example.org:8443"}).status_code == 200
    assert client.get("/api/stats", headers={"Host": "example.org"}).status_code == 400


# -- cross-site POSTs ------------------------------------------------------------------------------
@pytest.mark.parametrize("headers", [
    {"Origin": "http://attacker.example"},
    {"Origin": "http://localhost:6666"},  # another port is another origin
    {"Origin": "null"},
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "same-site"},
    {"Sec-Fetch-Site": "cross-site", "Origin": "http://localhost"},
])
def test_cross_site_posts_are_refused_on_every_post_route(client, headers):
    api = client.post("/api/console", json=READ, headers=headers)
    assert api.status_code == 403 and "may not post here" in api.get_json()["error"]["message"]
    form = client.post("/console", data=READ, headers=headers)
    assert form.status_code == 403 and "may not post here" in form.get_data(as_text=True)


def test_the_form_without_its_token_is_refused(client):
    # What an attacker's page can send: no cookie of ours, no token (or a made-up one).
    r = client.post("/console", data=READ)
    assert r.status_code == 403 and "security token" in r.get_data(as_text=True)
    r = client.post("/console", data={**READ, "csrf_token": "x" * 43})
    assert r.status_code == 403


def test_a_token_must_match_this_browsers_cookie(app):
    one, other = app.test_client(), app.test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', one.get("/console").get_data(as_text=True)).group(1)
    other.get("/console")  # a cookie of its own
    assert other.post("/console", data={**READ, "csrf_token": token}).status_code == 403
    assert one.post("/console", data={**READ, "csrf_token": token}).status_code == 200


def test_the_token_cookie_is_strict_and_http_only(client):
    cookie = client.get("/console").headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    # Kept once set: the page does not hand out a new token each time.
    assert "Set-Cookie" not in client.get("/console").headers


def test_same_origin_use_keeps_working(client):
    same = {"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"}
    api = client.post("/api/console", json=READ, headers=same)
    assert api.status_code == 200 and api.get_json()["rows"] == [["Seed Song"]]
    assert client.post("/api/console", json=READ).status_code == 200  # a script: neither header
    form = post_form(client, {**READ, "format": "html"})
    assert form.status_code == 200 and "Seed Song" in form.get_data(as_text=True)


# -- addresses from the request --------------------------------------------------------------------
@pytest.mark.parametrize("address", [
    "/search?q=T&endpoint=x", "/search?q=T&_method=POST", "/works/w1?as_of=2030-01-01&work_id=zzz",
    "/artists/a1?as_of=2030-01-01&artist_id=zzz", "/search?q=seed&_anchor=x&_scheme=ftp",
])
def test_query_strings_named_like_url_for_arguments_are_answered(client, address):
    r = client.get(address)
    assert r.status_code == 200, (address, r.status_code)


@pytest.mark.parametrize("address", ["/search?q=seed&_external=1", "/works/w1?as_of=2030-01-01&_external=1"])
def test_no_link_is_made_absolute_from_the_request(client, address):
    html = client.get(address, headers={"Host": "localhost:5000"}).get_data(as_text=True)
    assert not re.search(r'(href|action|src)="(https?:)?//', html), re.findall(r'href="[^"]*"', html)
