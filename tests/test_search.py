"""One search over works and artists (lineage/search.py), against the test session's Neo4j:
the ranking of each kind of query, the mixed list, the API, the command line, ids or handles
with "did you mean", and hostile text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from lineage import api, search
from lineage.cli import main
from lineage.errors import ArtistNotFound, InvalidParameter, WorkNotFound
from web_helpers import make_app

pytestmark = pytest.mark.neo4j

ROOT = Path(__file__).resolve().parent.parent

# Works: (id, title, descendants, pagerank). "Rooftop garden" is by far the most influential.
WORKS = [
    ("w-cg", "Community Garden", 1, 0.01),
    ("w-roof", "Rooftop garden", 90, 0.5),
    ("w-cgb", "Community gardens in Berlin", 5, 0.02),
    ("w-scat", "Garden of the community", 40, 0.3),
    ("w-light", "Lightbulb", 0, 0.0),
    ("w-dyn", "A dynamic display", 3, 0.0),
    ("w-dyn2", "Dynamic logo", 30, 0.2),
    ("w-sun1", "Sunset remix", 2, 0.01),
    ("w-sun2", "Sunset remix", 50, 0.4),
    ("w-evil", 'a(b) "c" AND title:* [1 TO 2] ~ \\', 0, 0.0),
    ("w-zoe", "Zoë's Straße", 0, 0.0),
]
# Artists: (id, handle, name, downstream_works). Twenty ideo-... handles sort before ideo-6fed... by id.
ARTISTS = [("a00007", "hush_fern7", "Elena Lindqvist", 3),
           ("a-6fed", "ideo-6fed0e6f1b", None, 0),
           ("a-6fee", "ideo-6fee000000", None, 0)] + [
    (f"a-{i:02d}", f"ideo-{i:02d}aa{i:02d}bb", None, 100 - i) for i in range(20)]


@pytest.fixture
def sgraph(graph):
    def write(tx):
        tx.run("UNWIND $rows AS r CREATE (:Work {id: r[0], title: r[1], descendants: r[2], pagerank: r[3], "
               "medium: 'image', created_at: '2020-01-02'})", rows=[list(w) for w in WORKS]).consume()
        tx.run("UNWIND $rows AS r CREATE (a:Artist {id: r[0], handle: r[1], downstream_works: r[3]}) "
               "SET a.name = r[2]", rows=[list(a) for a in ARTISTS]).consume()
        tx.run("MATCH (a:Artist {id: 'a00007'}), (w:Work {id: 'w-cg'}) CREATE (a)-[:CONTRIBUTED {role: 'creator'}]->(w)"
               ).consume()

    graph.write(write)
    with graph.session() as s:
        s.run("CALL db.awaitIndexes(60)").consume()
    return graph


def ids(found: dict | list) -> list[str]:
    items = found["items"] if isinstance(found, dict) else found
    return [i["id"] for i in items]


# -- each kind of query -------------------------------------------------------------------------
def test_handle_prefix_finds_that_handle_first_not_everyone_in_id_order(sgraph):
    # Before: 'ideo-6fed' was split into 'ideo' OR '6fed' and 'ideo*' matched every artist, in id order.
    found = search.search(sgraph, "ideo-6fed", "artists")
    assert ids(found)[0] == "a-6fed"
    assert found["items"][0]["match"] == "starts"
    assert "a-6fee" not in ids(found)[:1]


def test_handle_part_finds_the_artist(sgraph):
    assert ids(search.search(sgraph, "fern", "artists"))[0] == "a00007"
    assert ids(search.search(sgraph, "6fed", "artists"))[0] == "a-6fed"


def test_whole_handle_and_id_are_exact(sgraph):
    for text in ("hush_fern7", "HUSH_FERN7", "a00007"):
        found = search.search(sgraph, text)
        assert ids(found)[0] == "a00007" and found["items"][0]["match"] == "exact", text


def test_exact_title_ranks_first_above_more_influential_works(sgraph):
    found = search.search(sgraph, "community garden", "works")
    assert ids(found)[0] == "w-cg"
    assert ids(found).index("w-cgb") < ids(found).index("w-roof")  # a phrase in order beats one word


def test_all_words_beat_some_and_a_phrase_beats_scattered_words(sgraph):
    order = ids(search.search(sgraph, "community garden", "works"))
    assert order.index("w-cgb") < order.index("w-scat") < order.index("w-roof")


def test_typos_still_find_the_title(sgraph):
    assert ids(search.search(sgraph, "comunity gardne", "works"))[0] == "w-cg"
    assert ids(search.search(sgraph, "a dynamic dsplay", "works"))[0] == "w-dyn"
    assert ids(search.search(sgraph, "lightbulp", "works"))[0] == "w-light"
    assert ids(search.search(sgraph, "hush_frn7", "artists"))[0] == "a00007"


def test_ties_go_to_the_more_influential(sgraph):
    assert ids(search.search(sgraph, "sunset remix", "works"))[:2] == ["w-sun2", "w-sun1"]
    # Twenty artists start with "ideo-0": the ones with more derived works first.
    assert ids(search.search(sgraph, "ideo-0", "artists"))[:3] == ["a-00", "a-01", "a-02"]


def test_unicode_folds_case_and_accents(sgraph):
    assert ids(search.search(sgraph, "zoë's straße", "works"))[0] == "w-zoe"
    assert "w-zoe" in ids(search.search(sgraph, "Zoë", "works"))


# -- one list of both kinds ---------------------------------------------------------------------
def test_mixed_list_shows_each_kind_and_filters(sgraph):
    found = search.search(sgraph, "community")
    kinds = {i["kind"] for i in found["items"]}
    assert kinds == {"work"}  # no artist is called community
    found = search.search(sgraph, "hush")
    assert found["items"][0]["kind"] == "artist"
    both = search.search(sgraph, "Elena")
    assert ids(both)[0] == "a00007"
    assert all(i["kind"] == "work" for i in search.search(sgraph, "ideo-6fed", "works")["items"])
    with pytest.raises(InvalidParameter):
        search.search(sgraph, "x", "songs")


def test_suggest_after_two_characters_with_details(sgraph):
    assert search.suggest(sgraph, "c") == []
    items = search.suggest(sgraph, "hush_f")
    assert items[0] == {"kind": "artist", "id": "a00007", "label": "Elena Lindqvist",
                        "detail": "hush_fern7 · 1 work", "match": "starts"}
    works = search.suggest(sgraph, "community gar", "works")
    assert works[0]["id"] == "w-cg" and works[0]["detail"] == "image · 2020-01-02"


def test_suggest_holds_every_word_typed_else_some(sgraph):
    # "community gar": three titles hold both words; "Rooftop garden", the most influential, only one.
    assert set(ids(search.suggest(sgraph, "community gar", "works"))) == {"w-cg", "w-cgb", "w-scat"}
    # No title holds "community" and "lightbulb": the titles holding one of them are suggested.
    assert "w-light" in ids(search.suggest(sgraph, "community lightbulb", "works"))


# -- hostile text --------------------------------------------------------------------------------
HOSTILE = ['a(b) "c" AND title:* [1 TO 2] ~ \\', '"', "\\", "*", "?", "~2", "NOT", "AND OR", "((", ")",
           "title:foo", "/regex/", "a^9", "{1 TO 2}", "&&", "||", "!", "💥 emoji", "日本語", "'; DROP", "x" * 200,
           "ab" * 39 + " " + "cd" * 39, " ".join(["word"] * 40)]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_searched_as_text(sgraph, text):
    found = search.search(sgraph, text)
    assert isinstance(found["items"], list)
    search.suggest(sgraph, text)


def test_the_hostile_title_is_found_by_its_own_text(sgraph):
    assert ids(search.search(sgraph, 'a(b) "c" AND title:* [1 TO 2] ~ \\'))[0] == "w-evil"


def test_too_long_empty_or_nul_text_is_refused(sgraph):
    for text in ("x" * 10_000, "   ", "a\x00b"):
        with pytest.raises(InvalidParameter):
            search.search(sgraph, text)


# -- the API ---------------------------------------------------------------------------------------
@pytest.fixture
def client(sgraph, neo4j_settings):
    return make_app(neo4j_settings).test_client()


def test_api_search_and_suggest(client):
    body = client.get("/api/search", query_string={"q": "ideo-6fed"}).get_json()
    assert body["items"][0]["id"] == "a-6fed" and body["items"][0]["kind"] == "artist"
    assert body["items"][0]["url"] == "/artists/a-6fed" and body["kind"] == "all"
    body = client.get("/api/search", query_string={"q": "garden", "kind": "works"}).get_json()
    assert {i["kind"] for i in body["items"]} == {"work"}
    body = client.get("/api/suggest", query_string={"q": "lightb"}).get_json()
    assert body["items"][0]["url"] == "/works/w-light" and body["items"][0]["label"] == "Lightbulb"
    assert client.get("/api/suggest", query_string={"q": "l"}).get_json()["items"] == []


@pytest.mark.parametrize("path", ["/api/search", "/api/suggest", "/search"])
def test_api_hostile_text_is_a_result_or_a_clear_400(client, path):
    for text in HOSTILE:
        r = client.get(path, query_string={"q": text})
        assert r.status_code == 200, (text, r.status_code)
    for text in ("x" * 10_000, "a\x00b"):
        r = client.get(path, query_string={"q": text})
        assert r.status_code in (400, 414), (text[:20], r.status_code)


def test_search_page_lists_both_kinds_with_a_filter(client):
    html = client.get("/search", query_string={"q": "hush"}).get_data(as_text=True)
    assert 'class="kind-badge kind-artist"' in html and 'href="/artists/a00007"' in html
    assert "Show:" in html and "kind=works" in html
    html = client.get("/search", query_string={"q": "garden", "kind": "artists"}).get_data(as_text=True)
    assert "kind-badge kind-work" not in html
    assert 'data-suggest="all"' in client.get("/").get_data(as_text=True)


def test_openapi_documents_search_and_suggest(client):
    doc = client.get("/api/openapi.json").get_json()
    assert doc["paths"]["/api/suggest"]["get"]["parameters"][0]["schema"]["maxLength"] == search.MAX_QUERY_CHARS
    kinds = doc["paths"]["/api/search"]["get"]["parameters"][1]["schema"]["enum"]
    assert kinds == ["all", "works", "artists"]


def test_missing_indexes_are_a_503_naming_the_fix(sgraph, neo4j_settings):
    with sgraph.session() as s:
        s.run("DROP INDEX search_work_words").consume()
    try:
        r = make_app(neo4j_settings).test_client().get("/api/search", query_string={"q": "garden"})
        assert r.status_code == 503 and "lineage db reindex" in r.get_json()["error"]["message"]
    finally:
        sgraph.ensure_schema()


# -- ids or handles, and "did you mean" ---------------------------------------------------------
def test_resolve_artist_by_id_or_exact_handle(sgraph):
    assert api.resolve_artist(sgraph, "a00007") == "a00007"
    assert api.resolve_artist(sgraph, "hush_fern7") == "a00007"
    with pytest.raises(ArtistNotFound, match=r"did you mean hush_fern7 \(id a00007\)"):
        api.resolve_artist(sgraph, "hush_fern")
    with pytest.raises(WorkNotFound, match=r"did you mean w-light \('Lightbulb'\)"):
        api.resolve_work(sgraph, "w-ligt")
    assert api.resolve_work(sgraph, "w-light") == "w-light"


@pytest.fixture
def run(cli_env):
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main, list(args), env=cli_env, catch_exceptions=False)

    return invoke


def test_cli_search_table_and_json(sgraph, run):
    result = run("search", "ideo-6fed")
    assert result.exit_code == 0, result.output
    first = result.output.splitlines()[2]
    assert first.split()[:2] == ["artist", "a-6fed"]
    result = run("search", "community garden", "--kind", "works", "--json")
    body = json.loads(result.output)
    assert body["items"][0]["id"] == "w-cg" and body["kind"] == "works"
    assert run("search", "zzzzqqq").output.strip() == "nothing matches 'zzzzqqq'"


def test_cli_search_refuses_long_text_in_one_line(sgraph, run):
    result = run("search", "x" * 10_000)
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "Error: the search text is 10000 characters long; at most 200 are accepted"]


def test_cli_artist_takes_a_handle_and_suggests(sgraph, run):
    # Before: `lineage artist hush_fern7` said 'no artist with id' with the handle right there.
    result = run("artist", "hush_fern7")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("a00007 (@hush_fern7) Elena Lindqvist")
    result = run("artist", "hush_fren7")
    assert result.exit_code == 2
    assert "did you mean hush_fern7 (id a00007)?" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    result = run("ancestry", "w-lightbulb")
    assert result.exit_code == 2 and "did you mean w-light ('Lightbulb')" in result.stderr


def test_cli_db_reindex_rebuilds_outdated_indexes(sgraph, run):
    with sgraph.session() as s:
        s.run("DROP INDEX search_artist_parts").consume()
        s.run("CREATE FULLTEXT INDEX work_title FOR (w:Work) ON EACH [w.id, w.title]").consume()
    result = run("db", "reindex")
    assert result.exit_code == 0, result.output
    with sgraph.session() as s:
        names = {r["name"] for r in s.run("SHOW INDEXES YIELD name")}
    assert "search_artist_parts" in names and "work_title" not in names
    assert ids(search.search(sgraph, "fern", "artists"))[0] == "a00007"


# -- the real OpenIDEO data ------------------------------------------------------------------------
@pytest.mark.slow
def test_openideo_handle_prefix_and_quality(graph, tmp_path, openideo):
    from bench.search_quality import build_queries, measure
    from graph_loader.loader import load_dataset

    folder = openideo
    load_dataset(graph, folder, rejects_path=tmp_path / "rejects.csv", home=tmp_path)
    assert ids(search.search(graph, "ideo-6fed", "artists"))[0] == "6fed0e6f1ba44f0520bc14fceee3663d"
    queries = build_queries(folder, seed=1, per_class=10)
    scores = measure(graph, queries)
    assert scores["found"] >= 0.95, scores
    # The suggestions for the whole text typed find them too (a misspelt word found none of its own
    # when the word being typed was taken as a prefix only).
    suggested = measure(graph, queries, suggest=True)
    assert suggested["found"] >= 0.95, suggested
