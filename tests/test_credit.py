"""lineage.credit: pure tests (no database). The docs/credit.md example is typed in from the hand computation."""

from __future__ import annotations

import math
import random
from fractions import Fraction

import networkx as nx
import pytest

from lineage.credit import (
    check_keep,
    credit_chains,
    credit_split,
    explain_credit,
    largest_remainder,
    parse_amount,
    split_credit,
)
from lineage.errors import InvalidParameter, LineageCycle, WorkNotFound


def lineage(edges, contributors=None, created=None):
    g = nx.DiGraph()
    for edge in edges:
        g.add_edge(*edge[:2], **({"weight": edge[2]} if len(edge) > 2 else {}))
    for work, people in (contributors or {}).items():
        g.add_node(work)
        g.nodes[work]["contributors"] = people
    for work, day in (created or {}).items():
        g.nodes[work]["created_at"] = day
    return g


def book():
    """The lineage of docs/credit.md."""
    g = lineage(
        [("Book", "Story", 3.0), ("Book", "Poem", 1.0), ("Story", "Photo", 1.0),
         ("Poem", "Photo", 1.0), ("Poem", "Old song", 1.0)],
        {"Book": {"ana": 2.0, "ben": 1.0}, "Story": {"cal": 1.0}, "Photo": {"dee": 1.0, "ana": 1.0}},
    )
    g.graph["artists"] = {"ana": {"handle": "ana", "name": "Ana"}, "ben": {"handle": "ben", "name": "Ben"},
                          "cal": {"handle": "cal", "name": "Cal"}, "dee": {"handle": "dee", "name": "Dee"}}
    return g


def shares(answer):
    return {s["artist_id"]: s["share"] for s in answer["shares"]}


class TestDocExample:
    def test_shares(self):
        answer = credit_split(book(), "Book")
        assert shares(answer) == pytest.approx({"ana": 11 / 24, "ben": 1 / 6, "cal": 3 / 16, "dee": 1 / 8},
                                               rel=1e-12)
        assert answer["unattributed"] == pytest.approx(1 / 16, rel=1e-12)
        assert answer["unattributed_works"] == ["Old song"]
        assert answer["total"] == pytest.approx(1.0, abs=1e-12)
        assert answer["works"] == 5
        assert [s["artist_id"] for s in answer["shares"]] == ["ana", "cal", "ben", "dee"]
        assert {s["artist_id"]: s["works"] for s in answer["shares"]} == {"ana": 2, "cal": 1, "ben": 1, "dee": 1}

    def test_amount(self):
        answer = credit_split(book(), "Book", amount="1000")
        assert {s["artist_id"]: s["cents"] for s in answer["shares"]} == {
            "ana": 45833, "cal": 18750, "ben": 16667, "dee": 12500}
        assert answer["unattributed_cents"] == 6250
        assert answer["cents"] == 100000
        assert {s["artist_id"]: s["amount"] for s in answer["shares"]}["ben"] == 166.67

    def test_explain_ana(self):
        e = explain_credit(book(), "Book", "ana")
        assert [c["works"] for c in e["chains"]] == [["Book"], ["Book", "Story", "Photo"], ["Book", "Poem", "Photo"]]
        assert [c["share"] for c in e["chains"]] == pytest.approx([1 / 3, 3 / 32, 1 / 32], rel=1e-12)
        assert e["chains_total"] == 3 and not e["truncated"]
        assert e["share"] == pytest.approx(11 / 24, rel=1e-12)
        assert e["shown_share"] == pytest.approx(e["share"], rel=1e-12)
        assert e["handle"] == "ana" and e["name"] == "Ana"
        assert sorted(e["works"]) == ["Book", "Photo"]

    def test_keep_one(self):
        answer = credit_split(book(), "Book", keep=1)
        assert shares(answer) == pytest.approx({"ana": 2 / 3, "ben": 1 / 3}, rel=1e-12)
        assert answer["unattributed"] == 0

    def test_keep_zero(self):
        answer = credit_split(book(), "Book", keep=0)
        assert shares(answer) == pytest.approx({"dee": 7 / 16, "ana": 7 / 16}, rel=1e-12)
        assert answer["unattributed"] == pytest.approx(1 / 8, rel=1e-12)
        assert answer["total"] == pytest.approx(1.0, abs=1e-12)


class TestRule:
    def test_diamond_counted_once_per_path(self):
        # base is reached through left and through right; both carry credit to it
        g = lineage([("top", "left"), ("top", "right"), ("left", "base"), ("right", "base")],
                    {"top": {"t": 1.0}, "left": {"l": 1.0}, "right": {"r": 1.0}, "base": {"b": 1.0}})
        s = shares(credit_split(g, "top"))
        # top keeps 1/2; left and right get 1/4 each, keep 1/8 each, pass 1/8 each; base gets 1/8 + 1/8
        assert s == pytest.approx({"t": 0.5, "l": 0.125, "r": 0.125, "b": 0.25}, rel=1e-12)
        chains = credit_chains(g, "top", "b")
        assert sorted(tuple(c["works"]) for c in chains["chains"]) == [("top", "left", "base"), ("top", "right", "base")]
        assert [c["share"] for c in chains["chains"]] == pytest.approx([0.125, 0.125])

    def test_no_contributors_pass_everything_on(self):
        g = lineage([("remix", "song")], {"song": {"x": 1.0}})
        answer = credit_split(g, "remix")
        assert shares(answer) == {"x": 1.0}
        assert answer["unattributed"] == 0

    def test_unattributed_at_an_origin(self):
        g = lineage([("remix", "a", 1.0), ("remix", "b", 3.0)], {"remix": {"x": 1.0}, "a": {"y": 1.0}})
        answer = credit_split(g, "remix")
        assert shares(answer) == pytest.approx({"x": 0.5, "y": 0.125})
        assert answer["unattributed"] == pytest.approx(0.375)
        assert answer["unattributed_works"] == ["b"]

    def test_nobody_at_all(self):
        answer = credit_split(lineage([("b", "a")]), "b", amount=10)
        assert answer["shares"] == [] and answer["unattributed"] == 1.0
        assert answer["unattributed_cents"] == 1000

    def test_an_artist_on_several_works_gets_the_sum(self):
        g = lineage([("b", "a")], {"b": {"x": 1.0}, "a": {"x": 1.0, "y": 1.0}})
        assert shares(credit_split(g, "b")) == pytest.approx({"x": 0.75, "y": 0.25})

    def test_zero_weights_split_equally(self):
        g = lineage([("b", "a1", 0.0), ("b", "a2", 0.0)], {"b": {"x": 0.0, "y": 0.0}, "a1": {"p": 1.0},
                                                            "a2": {"q": 1.0}})
        assert shares(credit_split(g, "b")) == pytest.approx({"x": 0.25, "y": 0.25, "p": 0.25, "q": 0.25})

    def test_only_the_ancestry_counts(self):
        g = lineage([("later", "w"), ("w", "src")], {"later": {"z": 1.0}, "w": {"x": 1.0}, "src": {"y": 1.0}})
        assert set(shares(credit_split(g, "w"))) == {"x", "y"}

    def test_an_origin_keeps_everything(self):
        answer = credit_split(lineage([], {"solo": {"x": 1.0, "y": 3.0}}), "solo", keep=0.1)
        assert shares(answer) == pytest.approx({"x": 0.25, "y": 0.75})

    @pytest.mark.parametrize("seed", range(8))
    def test_sums_to_one_and_equals_the_per_path_sum(self, seed):
        rng = random.Random(seed)
        g = nx.DiGraph()
        g.add_nodes_from(range(25))
        for v in range(1, 25):
            for s in rng.sample(range(v), k=min(v, rng.choice([0, 1, 2, 3]))):
                g.add_edge(v, s, weight=rng.choice([1.0, 2.0, 5.0]))
        for v in range(25):
            people = rng.sample("abcdefg", k=rng.choice([0, 1, 2]))
            g.nodes[v]["contributors"] = {p: rng.choice([1.0, 3.0]) for p in people}
        keep = rng.choice([0.0, 0.3, 0.5, 1.0])
        answer = credit_split(g, 24, keep=keep)
        assert math.fsum([*shares(answer).values(), answer["unattributed"]]) == pytest.approx(1.0, abs=1e-12)
        assert answer["total"] == pytest.approx(1.0, abs=1e-12)
        expected = per_path_shares(g, 24, keep)
        assert shares(answer) == pytest.approx({a: float(v) for a, v in expected.items() if v > 0}, rel=1e-9)
        for artist in expected:
            c = credit_chains(g, 24, artist, keep=keep, limit=10_000)
            assert math.fsum(x["share"] for x in c["chains"]) == pytest.approx(float(expected[artist]), abs=1e-12)
            assert c["chains_total"] == len(c["chains"])


def per_path_shares(g, root, keep):
    """The rule applied to every derivation path separately, in exact fractions (independent of the code)."""
    keep = Fraction(keep).limit_denominator()
    totals = {}

    def walk(work, mass):
        people = g.nodes[work].get("contributors") or {}
        sources = g[work]
        kept = (keep if sources else Fraction(1)) if people else Fraction(0)
        for person, weight in people.items():
            totals[person] = totals.get(person, 0) + mass * kept * Fraction(weight) / sum(map(Fraction, people.values()))
        out = sum(Fraction(d["weight"]) for d in sources.values())
        for source, data in sources.items():
            walk(source, mass * (1 - kept) * Fraction(data["weight"]) / out)

    walk(root, Fraction(1))
    return totals


class TestExplain:
    def test_limit_truncates_and_says_so(self):
        # a ladder of diamonds: 2**6 chains from the top to the base
        edges = [(f"w{i}_{j}", f"w{i - 1}_{k}") for i in range(1, 7) for j in (0, 1) for k in (0, 1)]
        g = lineage(edges + [("top", "w6_0"), ("top", "w6_1")], {"w0_0": {"x": 1.0}})
        c = credit_chains(g, "top", "x", limit=5)
        assert c["chains_total"] == 64 and len(c["chains"]) == 5 and c["truncated"]
        assert c["shown_share"] < split_credit(g, "top")["shares"]["x"]
        assert [x["share"] for x in c["chains"]] == sorted((x["share"] for x in c["chains"]), reverse=True)

    def test_artist_outside_the_lineage(self):
        e = explain_credit(book(), "Book", "stranger")
        assert e["share"] == 0.0 and e["chains"] == [] and e["chains_total"] == 0

    def test_bad_limit(self):
        with pytest.raises(InvalidParameter):
            credit_chains(book(), "Book", "ana", limit=0)


class TestAmounts:
    def test_parts_add_up_exactly(self):
        rng = random.Random(5)
        for _ in range(200):
            raw = [rng.random() for _ in range(rng.randint(1, 12))]
            total = rng.randint(0, 10_000_000)
            parts = largest_remainder([r / sum(raw) for r in raw], total)
            assert sum(parts) == total
            for share, part in zip(raw, parts):
                assert abs(part - share / sum(raw) * total) < 1  # within one cent of the exact quota

    def test_thirds(self):
        assert largest_remainder([1 / 3, 1 / 3, 1 / 3], 100) == [34, 33, 33]
        assert largest_remainder([1 / 3, 1 / 3, 1 / 3], 101) == [34, 34, 33]

    def test_largest_remainder_wins(self):
        # quotas 45833.33, 16666.67: the cent left goes to the .67
        assert largest_remainder([11 / 24, 1 / 6, 3 / 16, 1 / 8, 1 / 16], 100000) == [45833, 16667, 18750, 12500,
                                                                                      6250]

    def test_credit_amounts_add_up(self):
        g = lineage([("b", "a1"), ("b", "a2"), ("b", "a3")], {"b": {"x": 1.0, "y": 1.0, "z": 1.0},
                                                             "a1": {"p": 1.0}, "a2": {"q": 1.0}})
        answer = credit_split(g, "b", amount="0.07")
        assert sum(s["cents"] for s in answer["shares"]) + answer["unattributed_cents"] == 7

    def test_parse_amount(self):
        assert parse_amount("1000") == 100000
        assert parse_amount("1000.5") == 100050
        assert parse_amount(19.99) == 1999
        assert parse_amount(0) == 0
        for bad in ("-1", "abc", "1.001", "nan", "inf", True, float("nan"), ""):
            with pytest.raises(InvalidParameter):
                parse_amount(bad)


class TestErrors:
    def test_missing_work(self):
        with pytest.raises(WorkNotFound):
            credit_split(book(), "nope")
        with pytest.raises(WorkNotFound):
            explain_credit(book(), "nope", "ana")

    def test_empty_graph(self):
        with pytest.raises(WorkNotFound):
            credit_split(nx.DiGraph(), "any")

    def test_cycle(self):
        g = lineage([("a", "b"), ("b", "c"), ("c", "b")], {"c": {"x": 1.0}})
        with pytest.raises(LineageCycle):
            credit_split(g, "a")

    @pytest.mark.parametrize("keep", [-0.1, 1.5, "0.5", True, float("nan")])
    def test_keep_out_of_range(self, keep):
        with pytest.raises(InvalidParameter):
            credit_split(book(), "Book", keep=keep)

    def test_check_keep_bounds(self):
        assert check_keep(0) == 0.0 and check_keep(1) == 1.0


class TestAsOf:
    def dated(self):
        return lineage([("remix", "old"), ("remix", "new")], {"remix": {"x": 1.0}, "old": {"y": 1.0},
                                                              "new": {"z": 1.0}},
                       {"remix": "2021-05-01", "old": "2020-01-01", "new": "2021-03-01T10:00:00Z"})

    def test_work_created_after_the_day(self):
        with pytest.raises(InvalidParameter, match="did not exist yet on 2021-04-30"):
            credit_split(self.dated(), "remix", as_of="2021-04-30")

    def test_sources_created_after_the_day(self):
        g = self.dated()
        g.nodes["remix"]["created_at"] = None  # undated: kept
        then = shares(credit_split(g, "remix", as_of="2021-02-28"))
        assert then == pytest.approx({"x": 0.5, "y": 0.5})
        now = shares(credit_split(g, "remix", as_of="2021-03-01"))
        assert now == pytest.approx({"x": 0.5, "y": 0.25, "z": 0.25})

    def test_bad_day(self):
        with pytest.raises(InvalidParameter):
            credit_split(self.dated(), "remix", as_of="2021-02-30")
