"""The site's HTML pages against the real Neo4j of the test session (Flask test client)."""

from __future__ import annotations

import re
from urllib.parse import quote

from web_helpers import (
    EVIL_EXTRA, EVIL_ID, EVIL_TAG, EVIL_TITLE, HOSTILE_EXTRA, HOSTILE_HANDLE, HOSTILE_ID, UNICODE_ARTIST,
    assert_secure_headers, load_sample, make_app,
)


def text_of(response) -> str:
    return response.get_data(as_text=True)


def test_home_shows_counts_plots_and_rankings(client):
    r = client.get("/")
    assert r.status_code == 200
    html = text_of(r)
    assert re.search(r'data-count="works">5<', html)
    assert re.search(r'data-count="artists">4<', html)
    assert re.search(r'data-count="remixes">4<', html)
    assert re.search(r'data-count="contributions">5<', html)
    # Works per month: 2020-01 .. 2022-05 is 29 months, one bar each.
    month_chart = html.split("Works per month", 1)[1].split("</svg>", 1)[0]
    assert month_chart.count('class="bar"') == 29
    assert "2020-03: 1 works" in month_chart and "2020-02: 0 works" in month_chart
    # Before `lineage metrics`, works are ranked by direct remixes: w1 has 3.
    ranking = html.split("Most influential works", 1)[1].split("</ol>", 1)[0]
    assert "Seed Song" in ranking and ranking.index("Seed Song") < ranking.index("Night Drive")
    assert "Generations are not computed yet" in html
    assert_secure_headers(r)


def test_home_depth_plot_uses_generations_when_computed(client, graph):
    graph.write(lambda tx: tx.run(
        "MATCH (w:Work) SET w.generation = CASE w.id WHEN 'w1' THEN 0 WHEN 'w3' THEN 2 ELSE 1 END").consume())
    html = text_of(client.get("/"))
    depth_chart = html.split("Remix depth", 1)[1].split("</svg>", 1)[0]
    assert depth_chart.count('class="bar"') == 3
    assert "0: 1 works" in depth_chart and "1: 3 works" in depth_chart and "2: 1 works" in depth_chart


def test_home_on_an_empty_graph(graph, neo4j_settings):
    r = make_app(neo4j_settings).test_client().get("/")
    assert r.status_code == 200
    assert "Nothing to plot yet" in text_of(r)


def test_search_works_by_title_with_prefix(client):
    r = client.get("/search?q=nigh")
    html = text_of(r)
    assert r.status_code == 200
    assert "Night Drive" in html and "Seed Song" not in html
    assert 'href="/works/w2"' in html


def test_search_lucene_special_characters_are_text(client):
    for q in ["a(b", 'x"', "AND", "title:foo", "*", "\\", "[1 TO 2]", "~", "((", "NOT OR"]:
        r = client.get("/search", query_string={"q": q})
        assert r.status_code == 200, q
    assert "Letters a(b" in text_of(client.get("/search", query_string={"q": "a(b"}))


def test_search_artists_by_handle_and_name(client):
    html = text_of(client.get("/search?kind=artists&q=Lee"))
    assert 'href="/artists/a1"' in html
    html = text_of(client.get("/search", query_string={"kind": "artists", "q": "zoë"}))
    assert "/artists/" + quote(UNICODE_ARTIST, safe="/") in html


def test_search_is_paged(graph, neo4j_settings):
    graph.write(lambda tx: tx.run(
        "UNWIND range(1, 45) AS i CREATE (:Work {id: 'p' + i, title: 'Paged work ' + i})").consume())
    with graph.session() as s:
        s.run("CALL db.awaitIndexes(60)").consume()
    client = make_app(neo4j_settings).test_client()
    first = text_of(client.get("/search?q=paged&kind=works"))
    assert "45 works matching" in first and "Page 1 of 3" in first
    assert first.count('class="work-link') == 20
    third = text_of(client.get("/search?q=paged&kind=works&page=3"))
    assert third.count('class="work-link') == 5 and "Page 3 of 3" in third
    beyond = client.get("/search?q=paged&kind=works&page=9")
    assert beyond.status_code == 200 and "No results on this page" in text_of(beyond)


def test_search_without_words(client):
    r = client.get("/search")
    assert r.status_code == 200 and "Type words" in text_of(r)


def test_work_page_lists_everything(client):
    r = client.get("/works/w2")
    html = text_of(r)
    assert r.status_code == 200
    assert "<h1>Night Drive</h1>" in html
    sources = html.split('id="sources-h"', 1)[1].split("</section>", 1)[0]
    remixes = html.split('id="remixes-h"', 1)[1].split("</section>", 1)[0]
    assert 'href="/works/w1"' in sources and "remix" in sources
    assert 'href="/works/w3"' in remixes and "adaptation" in remixes
    contributors = html.split('id="contrib-h"', 1)[1].split("</section>", 1)[0]
    assert 'href="/artists/a1"' in contributors and 'href="/artists/a2"' in contributors
    assert "co-writer" in contributors and "director" in contributors
    graph_div = re.search(r'<div id="lineage-graph"[^>]*>', html).group(0)
    assert 'data-work-id="w2"' in graph_div and 'data-graph-url="/works/w2/graph.json"' in graph_div
    assert 'href="/works/w2/graph.html"' in html


def test_work_page_shows_tags_and_extra_properties(client):
    html = text_of(client.get("/works/w1"))
    assert "<li>folk</li>" in html and "CC-BY" in html
    extra = html.split('id="extra-h"', 1)[1].split("</section>", 1)[0]
    assert "mood" in extra and "calm" in extra


def test_work_page_as_of_hides_later_remixes(client):
    html = text_of(client.get("/works/w1?as_of=2020-12-31"))
    remixes = html.split('id="remixes-h"', 1)[1].split("</section>", 1)[0]
    assert 'href="/works/w2"' in remixes and 'href="/works/w4"' not in remixes
    assert "as they stood on 2020-12-31" in html
    assert 'data-graph-url="/works/w1/graph.json?as_of=2020-12-31"' in html


def test_work_page_as_of_before_the_work_existed(client):
    r = client.get("/works/w4?as_of=2020-01-01")
    assert r.status_code == 200
    assert "did not exist yet on 2020-01-01" in text_of(r)


def test_work_with_slash_and_unicode_id(client):
    r = client.get("/works/" + quote(EVIL_ID, safe="/"))
    assert r.status_code == 200
    assert "id x/y é" in text_of(r)


def test_artist_page(client):
    r = client.get("/artists/a1")
    html = text_of(r)
    assert r.status_code == 200
    assert "<h1>ann</h1>" in html and "Ann Lee" in html
    works = html.split('id="works-h"', 1)[1].split("</section>", 1)[0]
    assert 'href="/works/w1"' in works and 'href="/works/w2"' in works
    collaborators = html.split('id="collab-h"', 1)[1].split("</section>", 1)[0]
    assert 'href="/artists/a2"' in collaborators
    downstream = html.split('id="down-h"', 1)[1].split("</section>", 1)[0]
    # w3 (zoë) derives from w2; w_evil (hostile) from w1.
    assert "/artists/" + quote(UNICODE_ARTIST, safe="/") in downstream
    assert "/artists/a/3" in downstream
    graph_div = re.search(r'<div id="lineage-graph"[^>]*>', html).group(0)
    assert 'data-kind="artist"' in graph_div and 'data-graph-url="/artists/a1/graph.json"' in graph_div


def test_artist_page_lists_are_capped_and_counts_are_whole(graph, neo4j_settings):
    # A prolific artist reaches tens of thousands of artists: the page lists the first LIST_CAP of
    # each kind and says how many there are in all.
    load_sample(graph)
    html = text_of(make_app(neo4j_settings, LIST_CAP=1).test_client().get("/artists/a1"))
    counts = html.split('<ul class="counts small">', 1)[1].split("</ul>", 1)[0]
    assert re.search(r'<span class="count">2</span> works', counts)
    # bob (w2 derives from ann's w1), zoë (w3 from w2), the hostile artist (w_evil from w1)
    assert re.search(r'<span class="count">3</span> artists reached', counts)
    works = html.split('id="works-h"', 1)[1].split("</section>", 1)[0]
    assert works.count('href="/works/') == 1 and "The first 1 are listed." in works
    downstream = html.split('id="down-h"', 1)[1].split("</section>", 1)[0]
    assert downstream.count('href="/artists/') == 1


def test_artist_page_upstream_and_as_of(client):
    html = text_of(client.get("/artists/" + quote(UNICODE_ARTIST, safe="/")))
    upstream = html.split('id="up-h"', 1)[1].split("</section>", 1)[0]
    assert 'href="/artists/a1"' in upstream and 'href="/artists/a2"' in upstream
    html = text_of(client.get("/artists/a1?as_of=2020-02-01"))
    works = html.split('id="works-h"', 1)[1].split("</section>", 1)[0]
    assert 'href="/works/w1"' in works and 'href="/works/w2"' not in works


def test_console_page_offers_read_only_examples(client):
    r = client.get("/console")
    html = text_of(r)
    assert r.status_code == 200
    assert '<textarea id="query"' in html and '<textarea id="params"' in html
    assert 'src="/static/js/console.js?v=' in html
    assert "load_" not in html.split('id="examples-h"', 1)[1]


def test_hostile_strings_render_as_text_everywhere(client):
    pages = [
        "/works/" + quote(EVIL_ID, safe="/"),
        "/artists/" + HOSTILE_ID,
        "/artists/a1",
        "/works/w1",
        "/search?q=script",
        "/search?kind=artists&q=svg",
        "/",
    ]
    for page in pages:
        r = client.get(page)
        html = text_of(r)
        assert r.status_code == 200, page
        for raw in (EVIL_TITLE, EVIL_TAG, EVIL_EXTRA, HOSTILE_HANDLE, HOSTILE_EXTRA):
            assert raw not in html, (page, raw)
    html = text_of(client.get("/works/" + quote(EVIL_ID, safe="/")))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold-tag&lt;/b&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    html = text_of(client.get("/artists/" + HOSTILE_ID))
    assert "<h1>&lt;svg onload=alert(3)&gt;</h1>" in html
    extra = html.split('id="extra-h"', 1)[1].split("</section>", 1)[0]
    assert "bio" in extra and "&lt;a href=javascript:alert(4)&gt;x&lt;/a&gt;" in extra


def test_no_inline_scripts_and_no_outside_addresses(client):
    for page in ["/", "/works/w1", "/artists/a1", "/console", "/search?q=seed", "/nope"]:
        html = text_of(client.get(page))
        for tag in re.findall(r"<script\b[^>]*>", html):
            # A JSON data block (the page's limits, base.html) is never run: data, not an inline script.
            assert "src=" in tag or tag == '<script type="application/json" id="lineage-limits">', (page, tag)
        assert html.count('<script type="application/json"') <= 1, page
        assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", html), page
        # No inline event handlers either (the CSP would block them).
        assert not re.search(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", html), page


def test_work_page_credit_split_with_amount(client):
    # w2: half stays with ann (0.5) and bob (1.0) by weight, half flows to w1 (ann alone).
    html = text_of(client.get("/works/w2?amount=900"))
    credit = html.split('id="credit-h"', 1)[1].split("</section>", 1)[0]
    rows = re.findall(r'<tr>\s*<td><a class="artist-link" href="/artists/(\w+)">.*?</a>.*?</td>\s*'
                      r'<td class="num">(\d+)</td>\s*<td class="num">([\d.]+)%</td>\s*<td class="num">([\d,.]+)</td>',
                      credit, re.S)
    # ann: 1/3 of 0.5 + 0.5 = 2/3 -> 600.00; bob: 2/3 of 0.5 = 1/3 -> 300.00
    assert rows == [("a1", "2", "66.7", "600.00"), ("a2", "1", "33.3", "300.00")]


def test_work_page_credit_keep_and_bad_amount(client):
    html = text_of(client.get("/works/w2?amount=100&keep=1"))
    credit = html.split('id="credit-h"', 1)[1].split("</section>", 1)[0]
    # keep=1: everything stays with w2's own contributors, by weight (ann 0.5, bob 1.0).
    assert re.findall(r'href="/artists/(\w+)".*?<td class="num">([\d.]+)%</td>\s*<td class="num">([\d,.]+)</td>',
                      credit, re.S) == [("a2", "66.7", "66.67"), ("a1", "33.3", "33.33")]
    assert client.get("/works/w2?amount=10.001").status_code == 400
    assert client.get("/works/w2?amount=-5").status_code == 400
    assert client.get("/works/w2?keep=2").status_code == 400
