"""web/graphs.py (pure: no database), the graph routes and ``lineage render`` (real Neo4j).

Expected values are written out by hand from the small graphs built here, never
computed by the code under test.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from click.testing import CliRunner

from lineage.cli import main
from lineage.errors import InvalidParameter
from web import graphs
from web_helpers import EVIL_ID, EVIL_TITLE, HOSTILE_HANDLE, HOSTILE_ID, load_sample


def work(wid, side="descendant", distance=1, medium="music", title=None, origin=False, **metrics):
    return {"id": wid, "title": title or f"Title {wid}", "medium": medium, "created_at": "2021-01-01",
            "status": "published", "side": side, "distance": distance, "origin": origin, **metrics}


def remix(derived, source, kind="remix", anomaly=False):
    return {"source": derived, "target": source, "kind": kind, "weight": 1.0, "temporal_anomaly": anomaly}


def lineage(nodes, edges, focus="f", **extra):
    focus_node = next((n for n in nodes if n["id"] == focus), {"id": focus, "title": "F"})
    base = {"focus": focus_node, "direction": "both", "depth": None, "as_of": None, "cap": 500, "nodes": nodes,
            "edges": edges, "origins": [n["id"] for n in nodes if n.get("origin")], "truncated": False,
            "total": len(nodes)}
    base.update(extra)
    return base


# A small family: s0 <- s1 <- f <- d1 <- d2, and f <- d3; d2 also remixes s1 (a diamond).
FAMILY = lineage(
    [
        work("f", side="focus", distance=0, medium="video", title="Focus", pagerank=0.5),
        work("s1", side="ancestor", distance=1, medium="music", pagerank=0.2),
        work("s0", side="ancestor", distance=2, medium="image", origin=True, pagerank=0.1),
        work("d1", medium="writing", pagerank=0.05),
        work("d2", distance=1, medium="hologram", title="<img src=x onerror=alert(1)>", pagerank=0.01),
        work("d3", medium="audio"),
    ],
    [remix("f", "s1"), remix("s1", "s0", "cover"), remix("d1", "f", "sample"), remix("d2", "d1", anomaly=True),
     remix("d2", "s1", "collage"), remix("d3", "f")],
)


def by_id(items):
    return {item["id"]: item for item in items}


# ---------------------------------------------------------------- hierarchy_levels


class TestHierarchyLevels:
    def test_chain_and_diamond_put_sources_above(self):
        pairs = [(e["source"], e["target"]) for e in FAMILY["edges"]]
        levels = graphs.hierarchy_levels([n["id"] for n in FAMILY["nodes"]], pairs)
        # d2 derives from d1 (level 3) and from s1 (level 1): the longer chain wins.
        assert levels == {"f": 2, "s1": 1, "s0": 0, "d1": 3, "d2": 4, "d3": 3}

    def test_every_edge_points_up(self):
        pairs = [(e["source"], e["target"]) for e in FAMILY["edges"]]
        levels = graphs.hierarchy_levels([n["id"] for n in FAMILY["nodes"]], pairs)
        assert all(levels[source] < levels[derived] for derived, source in pairs)

    def test_empty_graph(self):
        assert graphs.hierarchy_levels([], []) == {}

    def test_cycle_falls_back_without_failing(self):
        levels = graphs.hierarchy_levels(["a", "b", "c"], [("a", "b"), ("b", "c"), ("c", "a")])
        assert set(levels) == {"a", "b", "c"} and all(isinstance(v, int) and v >= 0 for v in levels.values())

    def test_edges_to_missing_nodes_are_ignored(self):
        assert graphs.hierarchy_levels(["a"], [("a", "ghost"), ("ghost", "a")]) == {"a": 0}


class TestRadialPositions:
    def test_focus_in_the_middle_and_rings_by_distance(self):
        pos = graphs.radial_positions(["f", "a", "b", "c"], [("a", "f"), ("b", "f"), ("c", "a")], "f", ring=100)
        assert pos["f"] == (0.0, 0.0)
        assert round((pos["a"][0] ** 2 + pos["a"][1] ** 2) ** 0.5) == 100
        assert round((pos["c"][0] ** 2 + pos["c"][1] ** 2) ** 0.5) == 200

    def test_empty_graph(self):
        assert graphs.radial_positions([], [], "f") == {}

    def test_cycle_and_missing_nodes(self):
        pos = graphs.radial_positions(["a", "b"], [("a", "b"), ("b", "a"), ("a", "ghost")], "a")
        assert set(pos) == {"a", "b"}

    def test_separate_components_do_not_overlap(self):
        pos = graphs.radial_positions(["f", "x", "y"], [("y", "x")], "f")
        assert pos["f"] == (0.0, 0.0) and pos["x"][0] > 0 and len(set(pos.values())) == 3


class TestDegrees:
    def test_counts_both_ends(self):
        assert graphs.degrees(["a", "b", "c"], [("b", "a"), ("c", "a"), ("c", "b")]) == {"a": 2, "b": 2, "c": 2}

    def test_empty_and_missing(self):
        assert graphs.degrees([], []) == {}
        assert graphs.degrees(["a"], [("a", "ghost")]) == {"a": 1}


# ---------------------------------------------------------------- the lineage graph


class TestPayload:
    def test_nodes_coloured_by_medium_shaped_and_highlighted(self):
        nodes = by_id(graphs.payload(FAMILY)["nodes"])
        assert nodes["f"]["color"]["background"] == "#56B4E9"  # video
        assert nodes["s1"]["color"]["background"] == "#E69F00"  # music
        assert nodes["d2"]["color"]["background"] == "#BBBBBB"  # unknown medium: "other"
        assert nodes["f"]["borderWidth"] == 5 and nodes["s1"]["borderWidth"] == 1
        assert nodes["s0"]["shape"] == "diamond" and nodes["f"]["shape"] == "dot"
        assert nodes["d1"]["level"] == 3

    def test_edges_point_from_derived_to_source_with_kind_and_dashed_anomalies(self):
        edges = graphs.payload(FAMILY)["edges"]
        assert len(edges) == 6 and len({e["id"] for e in edges}) == 6
        pairs = {(e["from"], e["to"]): e for e in edges}
        assert pairs[("s1", "s0")]["label"] == "cover"
        assert pairs[("d2", "d1")]["dashes"] is True
        assert pairs[("d2", "s1")]["dashes"] is False
        assert "temporal anomaly" in pairs[("d2", "d1")]["title"]

    def test_size_by_metric_and_fallback_to_degree(self):
        p = graphs.payload(FAMILY, size="pagerank")
        assert p["size"] == "pagerank"
        values = {n["id"]: n["value"] for n in p["nodes"]}
        assert values["f"] == 0.5 and values["s0"] == 0.1 and values["d3"] == 0  # d3 has no pagerank
        p = graphs.payload(FAMILY, size="descendants")  # not computed on any node
        assert (p["size"], p["size_requested"]) == ("degree", "descendants")
        assert {n["id"]: n["value"] for n in p["nodes"]} == {"f": 3, "s1": 3, "s0": 1, "d1": 2, "d2": 2, "d3": 1}

    def test_unknown_size_and_layout_are_refused(self):
        with pytest.raises(InvalidParameter, match="size"):
            graphs.payload(FAMILY, size="title")
        with pytest.raises(InvalidParameter, match="layout"):
            graphs.payload(FAMILY, layout="circle")

    def test_tooltips_and_labels_are_plain_text(self):
        nodes = by_id(graphs.payload(FAMILY)["nodes"])
        hostile = nodes["d2"]
        assert hostile["title"].splitlines()[0] == "<img src=x onerror=alert(1)>"
        assert hostile["label"] == "<img src=x onerror=alert(1)>"
        assert hostile["info"]["title"] == "<img src=x onerror=alert(1)>"
        # The tooltip is a string (vis-network shows strings as text), lines split by newlines, no markup added.
        assert isinstance(nodes["f"]["title"], str) and "<br" not in nodes["f"]["title"]
        assert nodes["f"]["title"].splitlines()[:3] == ["Focus", "medium: video", "date: 2021-01-01"]

    def test_legend_lists_the_media_drawn_in_palette_order(self):
        legend = graphs.payload(FAMILY)["legend"]
        assert [e["label"] for e in legend] == ["music", "video", "writing", "image", "audio", "other"]

    def test_truncation_is_reported(self):
        p = graphs.payload({**FAMILY, "truncated": True, "total": 40})
        assert (p["shown"], p["total"], p["truncated"], p["left_out"]) == (6, 40, True, 34)

    def test_empty_lineage(self):
        p = graphs.payload(lineage([], [], focus="f", total=0))
        assert p["nodes"] == [] and p["edges"] == [] and (p["shown"], p["total"], p["left_out"]) == (0, 0, 0)

    def test_cycle_and_edges_to_missing_nodes(self):
        cyclic = lineage([work("f", side="focus", distance=0), work("a")],
                         [remix("a", "f"), remix("f", "a"), remix("a", "ghost")])
        p = graphs.payload(cyclic)
        assert {n["id"] for n in p["nodes"]} == {"f", "a"}
        assert {(e["from"], e["to"]) for e in p["edges"]} == {("a", "f"), ("f", "a")}

    def test_work_links_and_standalone_without_links(self):
        nodes = by_id(graphs.payload(FAMILY, work_url=lambda wid: f"/w/{wid}")["nodes"])
        assert nodes["d1"]["info"]["url"] == "/w/d1"
        nodes = by_id(graphs.payload(FAMILY, work_url=None)["nodes"])
        assert nodes["d1"]["info"]["url"] is None


class TestLayeredPositions:
    def test_sources_above_and_rows_kept_apart(self):
        pairs = [(e["source"], e["target"]) for e in FAMILY["edges"]]
        ids = [n["id"] for n in FAMILY["nodes"]]
        pos = graphs.layered_positions(ids, pairs, spacing=100, level_gap=50)
        assert [pos[n][1] for n in ("s0", "s1", "f", "d1", "d2")] == [0, 50, 100, 150, 200]
        assert pos["d1"][1] == pos["d3"][1] == 150
        assert abs(pos["d1"][0] - pos["d3"][0]) >= 100

    def test_a_wide_row_keeps_its_spacing_and_children_stay_under_parents(self):
        ids = ["r", "a", "b"] + [f"a{i}" for i in range(5)] + [f"b{i}" for i in range(5)]
        pairs = [("a", "r"), ("b", "r")] + [(f"a{i}", "a") for i in range(5)] + [(f"b{i}", "b") for i in range(5)]
        pos = graphs.layered_positions(ids, pairs, spacing=100)
        row = sorted(pos[n][0] for n in ids[3:])
        assert all(right - left >= 100 - 1e-6 for left, right in zip(row, row[1:]))
        a_kids = [pos[f"a{i}"][0] for i in range(5)]
        b_kids = [pos[f"b{i}"][0] for i in range(5)]
        # Each parent's remixes sit together, on its side.
        assert (max(a_kids) < min(b_kids)) == (pos["a"][0] < pos["b"][0])

    def test_a_tree_is_drawn_without_crossings(self):
        # A ternary tree, its last generation partly filled (1 + 3 + 9 + 27 + 60 works): no two edges between
        # the same rows cross, so the parents of a row, read left to right, never go back.
        ids = [f"t{n}" for n in range(100)]
        pairs = [(f"t{n}", f"t{(n - 1) // 3}") for n in range(1, 100)]
        pos = graphs.layered_positions(ids, pairs)
        rows = {}
        for n in range(1, 100):
            rows.setdefault(pos[f"t{n}"][1], []).append(n)
        for members in rows.values():
            members.sort(key=lambda n: pos[f"t{n}"][0])
            parents_x = [pos[f"t{(n - 1) // 3}"][0] for n in members]
            assert parents_x == sorted(parents_x)

    def test_empty_graph(self):
        assert graphs.layered_positions([], []) == {}

    def test_cycle_and_missing_nodes(self):
        pos = graphs.layered_positions(["a", "b", "c"], [("a", "b"), ("b", "c"), ("c", "a"), ("a", "ghost")])
        assert set(pos) == {"a", "b", "c"}


class TestOptions:
    def test_hierarchical_graph_comes_laid_out(self):
        options = graphs.vis_options(50, "hierarchical")
        assert options["physics"] == {"enabled": False}
        assert options["layout"]["hierarchical"] == {"enabled": False}
        nodes = by_id(graphs.payload(FAMILY)["nodes"])
        ys = [nodes[n]["y"] for n in ("s0", "s1", "f", "d1", "d2")]
        assert ys == sorted(ys) and len(set(ys)) == 5

    def test_large_graphs_never_run_unbounded_layout_work(self):
        hier = graphs.vis_options(2000, "hierarchical")
        assert hier["physics"]["enabled"] is False and hier["layout"]["improvedLayout"] is False
        free = graphs.vis_options(2000, "free")
        assert free["layout"]["improvedLayout"] is False
        assert free["physics"]["stabilization"]["iterations"] <= 200
        assert free["physics"]["stabilization"]["updateInterval"] <= 5

    def test_large_free_layout_starts_from_seeded_positions(self):
        nodes = [work("f", side="focus", distance=0)] + [work(f"n{i}") for i in range(400)]
        edges = [remix(f"n{i}", "f") for i in range(400)]
        p = graphs.payload(lineage(nodes, edges), layout="free")
        assert all("x" in n and "y" in n for n in p["nodes"])
        small = graphs.payload(FAMILY, layout="free")
        assert not any("x" in n for n in small["nodes"])

    def test_widened_cap(self):
        assert graphs.widened_cap(500, 2000, 2000) == 1000
        assert graphs.widened_cap(1500, 2000, 2000) == 2000
        assert graphs.widened_cap(2000, 5000, 2000) is None
        assert graphs.widened_cap(500, 400, 2000) is None


# ---------------------------------------------------------------- console and artist graphs


class TestConsolePayload:
    def test_works_artists_and_other_nodes(self):
        p = graphs.console_payload(
            [{"id": "4:1", "labels": ["Work"], "properties": {"id": "w1", "title": "Song", "medium": "writing"}},
             {"id": "4:2", "labels": ["Artist"], "properties": {"id": "a/1", "handle": HOSTILE_HANDLE}},
             {"id": "4:3", "labels": ["Tag"], "properties": {"name": "folk"}},
             {"id": "4:1", "labels": ["Work"], "properties": {"id": "w1"}}],
            [{"id": "5:1", "type": "CONTRIBUTED", "start": "4:2", "end": "4:1", "properties": {"role": "creator"}},
             {"id": "5:2", "type": "REMIXES", "start": "4:1", "end": "4:9", "properties": {}}],
        )
        nodes = by_id(p["nodes"])
        assert set(nodes) == {"4:1", "4:2", "4:3"}
        assert nodes["4:1"]["color"]["background"] == "#009E73" and nodes["4:1"]["info"]["url"] == "/works/w1"
        assert nodes["4:2"]["shape"] == "square" and nodes["4:2"]["label"] == HOSTILE_HANDLE
        assert nodes["4:2"]["info"]["url"] == "/artists/a/1"
        assert nodes["4:3"]["label"] == "folk" and nodes["4:3"]["info"]["url"] is None
        assert [(e["from"], e["to"], e["label"]) for e in p["edges"]] == [("4:2", "4:1", "CONTRIBUTED")]

    def test_empty_result(self):
        p = graphs.console_payload([], [])
        assert p["nodes"] == [] and p["edges"] == [] and p["shown"] == 0


class TestArtistPayload:
    INFLUENCE = {
        "artist": {"id": "a1", "handle": "ann", "name": "Ann"},
        "upstream_artists": [{"id": "u1", "handle": "old", "name": "Old", "works": 2}],
        "downstream_artists": [{"id": "d1", "handle": "dee", "name": "Dee", "works": 5},
                               {"id": "d2", "handle": "dua", "name": "Dua", "works": 1},
                               {"id": "u1", "handle": "old", "name": "Old", "works": 1}],
        "collaborators": [{"id": "c1", "handle": "cal", "name": "Cal", "shared_works": 3}],
    }

    def test_upstream_above_downstream_below(self):
        p = graphs.artist_payload(self.INFLUENCE)
        nodes = by_id(p["nodes"])
        assert {k: v["level"] for k, v in nodes.items()} == {"a1": 1, "u1": 0, "d1": 2, "d2": 2, "c1": 1}
        edges = {(e["from"], e["to"], e["label"]) for e in p["edges"]}
        assert edges == {("a1", "u1", "2 works"), ("d1", "a1", "5 works"), ("d2", "a1", "1 works"),
                         ("u1", "a1", "1 works"), ("c1", "a1", "3 shared")}
        assert nodes["a1"]["shape"] == "square" and nodes["a1"]["borderWidth"] == 5
        assert (p["shown"], p["total"], p["left_out"]) == (5, 5, 0)

    def test_per_side_cap_counts_the_rest(self):
        p = graphs.artist_payload(self.INFLUENCE, per_side=1)
        assert {n["id"] for n in p["nodes"]} == {"a1", "u1", "d1", "c1"}
        assert (p["shown"], p["total"], p["truncated"], p["left_out"]) == (4, 5, True, 1)

    def test_artist_with_no_influence(self):
        p = graphs.artist_payload({"artist": {"id": "a9", "handle": "lone"}})
        assert [n["id"] for n in p["nodes"]] == ["a9"] and p["edges"] == []


# ---------------------------------------------------------------- standalone


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.attrs, self.scripts, self._in_script, self.meta_csp = [], [], False, None
        self.data_blocks, self._data = [], False

    def handle_starttag(self, tag, attrs):
        self.attrs.extend((tag, k, v) for k, v in attrs)
        if tag == "script" and ("type", "application/json") in attrs:
            self._in_script = True  # a data block (the page's limits): never run, so no CSP hash
            self.data_blocks.append("")
            self._data = True
        elif tag == "script":
            self._in_script, self._data = True, False
            self.scripts.append("")
        if tag == "meta" and ("http-equiv", "Content-Security-Policy") in attrs:
            self.meta_csp = dict(attrs)["content"]

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            (self.data_blocks if self._data else self.scripts)[-1] += data


def sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def embedded_graph(html: str) -> dict:
    match = re.search(r"window\.LINEAGE_GRAPH = (.*?);</script>", html, re.S)
    return json.loads(match.group(1))


class TestStandalone:
    def test_self_contained_and_locked_down(self):
        data = graphs.payload(FAMILY, work_url=None)
        html, csp = graphs.standalone_html(data, heading="<b>Heading</b>", subtitle="sub")
        tags = Tags()
        tags.feed(html)
        # Nothing is fetched: no src, no href, no url() besides data: images in the stylesheet.
        assert [a for a in tags.attrs if a[1] in ("src", "href")] == []
        assert re.findall(r"url\((?!\"?data:)", html) == []
        assert tags.meta_csp == csp and "default-src 'none'" in csp
        # Exactly the inline scripts are allowed, by their hashes.
        assert len(tags.scripts) == 3
        assert [json.loads(block) for block in tags.data_blocks] == [graphs.params.page_data()]
        for script in tags.scripts:
            assert sha256_source(script) in csp
        assert "<h1>&lt;b&gt;Heading&lt;/b&gt;</h1>" in html
        assert embedded_graph(html)["nodes"][4]["label"] == "<img src=x onerror=alert(1)>"

    def test_script_json_cannot_close_the_script(self):
        value = {"t": "</script><script>alert(1)</script>", "u": "\u2028&"}
        text = graphs.script_json(value)
        assert "<" not in text and ">" not in text and "&" not in text
        assert json.loads(text) == value


# ---------------------------------------------------------------- routes (real Neo4j)


def ids_of(response) -> set:
    return {n["id"] for n in response.get_json()["nodes"]}


@pytest.mark.neo4j
class TestRoutes:
    def test_work_graph_json(self, client):
        r = client.get("/works/w1/graph.json")
        assert r.status_code == 200 and r.headers["X-Content-Type-Options"] == "nosniff"
        body = r.get_json()
        assert ids_of(r) == {"w1", "w2", "w3", "w4", EVIL_ID}
        assert {(e["from"], e["to"]) for e in body["edges"]} == {("w2", "w1"), ("w3", "w2"), ("w4", "w1"), (EVIL_ID, "w1")}
        assert body["focus"] == "w1" and body["shown"] == 5 and body["total"] == 5 and not body["truncated"]
        assert body["links"]["expand"].startswith("/works/__ID__/graph.json?") and "depth=1" in body["links"]["expand"]
        assert body["links"]["download"].startswith("/works/w1/graph.html")
        assert "widen" not in body["links"]
        nodes = by_id(body["nodes"])
        assert nodes["w1"]["info"]["url"] == "/works/w1" and nodes["w1"]["shape"] == "diamond"
        assert nodes[EVIL_ID]["info"]["title"] == EVIL_TITLE

    def test_direction_depth_as_of_and_cap(self, client):
        assert ids_of(client.get("/works/w3/graph.json?direction=up")) == {"w3", "w2", "w1"}
        assert ids_of(client.get("/works/w1/graph.json?direction=down&depth=1")) == {"w1", "w2", "w4", EVIL_ID}
        assert ids_of(client.get("/works/w1/graph.json?as_of=2020-12-31")) == {"w1", "w2"}
        body = client.get("/works/w1/graph.json?view=overview&cap=2").get_json()
        assert (body["shown"], body["total"], body["truncated"], body["left_out"]) == (2, 5, True, 3)
        assert body["links"]["widen_cap"] == 4 and "cap=4" in body["links"]["widen"]

    def test_ids_with_slashes_and_unicode(self, client):
        r = client.get("/works/" + quote(EVIL_ID) + "/graph.json")
        assert r.status_code == 200 and r.get_json()["focus"] == EVIL_ID

    @pytest.mark.parametrize("query", [
        "depth=0", "depth=-1", "depth=abc", "depth=10000", "cap=0", "cap=999999", "size=title", "layout=circle",
        "direction=sideways", "as_of=2023-02-30", "depth=1&depth=2", "view=map", "rank=title", "more=left3:4",
        "per_gen=0", "per_gen=100000",
    ])
    def test_bad_parameters_are_400(self, client, query):
        r = client.get(f"/works/w1/graph.json?{query}")
        assert r.status_code == 400
        assert "parameter" in r.get_data(as_text=True)

    def test_unknown_work_and_artist_are_404(self, client):
        assert client.get("/works/nope/graph.json").status_code == 404
        assert client.get("/works/nope/graph.html").status_code == 404
        assert client.get("/artists/nope/graph.json").status_code == 404

    def test_standalone_download(self, client):
        r = client.get("/works/" + quote(EVIL_ID) + "/graph.html?direction=up")
        assert r.status_code == 200 and r.mimetype == "text/html"
        assert r.headers["Content-Disposition"] == 'attachment; filename="lineage-x_y.html"'
        csp = r.headers["Content-Security-Policy"]
        assert csp.startswith("default-src 'none'") and "'self'" not in csp
        html = r.get_data(as_text=True)
        assert "<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>" in html
        graph = embedded_graph(html)
        assert {n["id"] for n in graph["nodes"]} == {EVIL_ID, "w1"}
        assert all(n["info"]["url"] is None for n in graph["nodes"])
        tags = Tags()
        tags.feed(html)
        assert [a for a in tags.attrs if a[1] in ("src", "href")] == []

    def test_artist_graph(self, client):
        body = client.get("/artists/" + quote(HOSTILE_ID) + "/graph.json").get_json()
        nodes = by_id(body["nodes"])
        # The focus view wraps a label in two lines; the text is the handle, as plain text.
        assert nodes[HOSTILE_ID]["label"].replace("\n", " ") == HOSTILE_HANDLE
        assert nodes[HOSTILE_ID]["info"]["title"] == HOSTILE_HANDLE and nodes[HOSTILE_ID]["info"]["focus"] is True
        assert body["kind"] == "artist" and body["view"] == "focus"
        overview = client.get("/artists/" + quote(HOSTILE_ID) + "/graph.json?view=overview").get_json()
        assert by_id(overview["nodes"])[HOSTILE_ID]["label"] == HOSTILE_HANDLE
        assert client.get("/artists/a1/graph.json?view=overview&layout=free").get_json()["layout"] == "free"
        assert client.get("/artists/a1/graph.json?view=chart").status_code == 400
        assert client.get("/artists/a1/graph.json?as_of=2023-02-30").status_code == 400

    def test_pages_link_the_vendored_assets_only(self, client):
        html = client.get("/works/w1").get_data(as_text=True)
        assert f"/static/vendor/vis-network-{graphs.VIS_VERSION}.min.js" in html
        assert "/static/js/lineage-graph.js" in html and "/static/css/graph.css" in html
        for path in (graphs.VIS_JS, graphs.VIS_CSS, "js/lineage-graph.js", "css/graph.css"):
            assert client.get("/static/" + path).status_code == 200


# ---------------------------------------------------------------- lineage render


@pytest.mark.neo4j
class TestRenderCommand:
    def test_help(self):
        result = CliRunner().invoke(main, ["render", "--help"])
        assert result.exit_code == 0
        for word in ("WORK_ID", "--output", "--direction", "--depth", "--as-of", "offline"):
            assert word in result.output

    def test_writes_one_offline_file(self, graph, cli_env, tmp_path):
        load_sample(graph)
        out = tmp_path / "graph.html"
        result = CliRunner().invoke(main, ["render", "w1", "-o", str(out), "--direction", "down", "--depth", "1"],
                                    env=cli_env)
        assert result.exit_code == 0, result.output
        assert "4 of 4 works" in result.output
        html = out.read_text(encoding="utf-8")
        assert {n["id"] for n in embedded_graph(html)["nodes"]} == {"w1", "w2", "w4", EVIL_ID}
        assert "<h1>Seed Song</h1>" in html

    def test_as_of_and_stdout(self, graph, cli_env):
        load_sample(graph)
        result = CliRunner().invoke(main, ["render", "w1", "-o", "-", "--as-of", "2020-12-31"], env=cli_env)
        assert result.exit_code == 0
        assert {n["id"] for n in embedded_graph(result.output)["nodes"]} == {"w1", "w2"}

    @pytest.mark.parametrize("args, message", [
        (["nope"], "no work with id 'nope'"),
        (["w1", "--as-of", "2023-02-30"], "as-of must be a real date YYYY-MM-DD"),
        (["w1", "--size", "title"], "parameter 'size'"),
        (["w1", "--depth", "0"], "--depth"),
    ])
    def test_user_errors_exit_2_with_one_line(self, graph, cli_env, tmp_path, args, message):
        load_sample(graph)
        result = CliRunner().invoke(main, ["render", *args, "-o", str(tmp_path / "g.html")], env=cli_env)
        assert result.exit_code == 2
        assert message in result.output
        assert "Traceback" not in result.output
        assert not (tmp_path / "g.html").exists()


def fan_lineage(sources: int = 300, media=("music", "image", "video")) -> dict:
    """A focus with ``sources`` direct sources (ranked by descendants = their number) and one remix."""
    nodes = [{"id": "f", "title": "Focus", "side": "focus", "distance": 0, "medium": "music"}]
    nodes += [{"id": f"s{i}", "title": f"Source number {i} with a rather long title", "side": "ancestor",
               "distance": 1, "medium": media[i % len(media)], "descendants": i} for i in range(sources)]
    nodes += [{"id": "r", "title": "Remix", "side": "descendant", "distance": 1, "medium": "video"}]
    edges = [{"source": "f", "target": f"s{i}", "kind": "remix"} for i in range(sources)]
    edges += [{"source": "r", "target": "f", "kind": "sample"}]
    return {"focus": {"id": "f", "title": "Focus"}, "direction": "both", "nodes": nodes, "edges": edges,
            "total": len(nodes)}


class TestFocusView:
    def test_a_wide_generation_shows_its_best_and_groups_the_rest(self):
        p = graphs.focus_payload(fan_lineage(), depth=3)
        singles = [n for n in p["nodes"] if n["info"]["kind"] == "work"]
        groups = [n for n in p["nodes"] if n["info"]["kind"] == "group"]
        # The 8 most significant sources (by descendants), the focus, the remix; the other 292 in one group.
        assert {n["id"] for n in singles} == {"f", "r"} | {f"s{i}" for i in range(292, 300)}
        assert len(groups) == 1 and groups[0]["info"]["count"] == 292
        assert groups[0]["label"].startswith("+292 more sources\n") and "98 music" in groups[0]["label"]
        merged = [e for e in p["edges"] if e["to"] == groups[0]["id"]]
        assert len(merged) == 1 and merged[0]["count"] == 292 and merged[0]["label"] == "292 links"
        assert (p["shown"], p["grouped"], p["left_out"]) == (10, 292, 0)
        # Sources stand left of the focus, remixes right; no two nodes share a place.
        at = {n["id"]: (n["x"], n["y"]) for n in p["nodes"]}
        assert at["s299"][0] < at["f"][0] < at["r"][0]
        assert len(set(at.values())) == len(at)
        # Every label fits two lines.
        assert all(len(n["label"].split("\n")) <= 2 for n in p["nodes"])

    def test_opening_a_group_page_by_page(self):
        first = graphs.focus_payload(fan_lineage(), depth=3)
        group = next(n for n in first["nodes"] if n["info"]["kind"] == "group")
        assert group["info"]["next"] == "up1:16"
        more = graphs.focus.parse_more(group["info"]["next"])
        second = graphs.focus_payload(fan_lineage(), depth=3, more=more)
        assert second["shown"] == 18 and second["grouped"] == 284
        everything = graphs.focus_payload(fan_lineage(), depth=3, more=graphs.focus.parse_more(group["info"]["all"]))
        assert everything["shown"] == 202 and everything["grouped"] == 100  # a generation opens to 200 at most

    def test_ranking_metric_and_generations_beyond_the_depth(self):
        lin = fan_lineage(20)
        lin["nodes"].append({"id": "deep", "title": "Deep", "side": "ancestor", "distance": 2})
        lin["edges"].append({"source": "s0", "target": "deep", "kind": "remix"})
        p = graphs.focus_payload(lin, depth=1, rank="pagerank")
        assert p["rank"] == "degree"  # pagerank not computed: ranked by degree, and said so
        assert p["beyond"] == {"up": 1, "down": 0} and "deep" not in {n["id"] for n in p["nodes"]}
