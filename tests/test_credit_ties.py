"""The cents rule of docs/credit.md: largest remainder over the exact shares, ties to the part listed first.

The split used to be pushed through the lineage in floats: two artists whose
exact quotas have the same remainder (1/6 and 1/60 of 1,000.00 both leave
2/3 of a cent) got float quotas that differ in the last bit, so the leftover
cent went to whichever the rounding favoured, not to the one listed first.
12 of 516 splits of the OpenIDEO productions (86 productions, 6 amounts) moved
a cent that way; now the shares are exact fractions.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from fractions import Fraction

import networkx as nx
import pytest

from lineage.credit import credit_split, largest_remainder

AMOUNTS = ("1000", "100", "10", "0.07", "1234.56", "5000")


def exact_shares(g, root, keep=Fraction(1, 2)):
    """The rule of docs/credit.md by hand, in fractions, independent of lineage.credit."""
    sub = g.subgraph(nx.descendants(g, root) | {root})
    mass = defaultdict(Fraction)
    mass[root] = Fraction(1)
    shares, unattributed = defaultdict(Fraction), Fraction(0)
    for work in nx.topological_sort(sub):
        arrived = mass.pop(work, 0)
        people, sources = sub.nodes[work]["contributors"], sub.adj[work]
        if not arrived:
            continue
        if not people and not sources:
            unattributed += arrived
            continue
        kept = (keep if sources else 1) if people else 0
        for person, weight in people.items():
            shares[person] += arrived * kept * Fraction(weight) / sum(map(Fraction, people.values()))
        out = sum(Fraction(d["weight"]) for d in sources.values())
        for source, data in sources.items():
            mass[source] += arrived * (1 - kept) * Fraction(data["weight"]) / out
    return shares, unattributed


def doc_cents(shares, unattributed, cents):
    """The doc's cents rule, literally: list the parts (largest share first, equal shares by artist id,
    unattributed last), floor each quota, hand the cents left to the largest remainders, ties to the part
    listed first (a stable sort keeps the listing order among equal remainders)."""
    listed = sorted(shares.items(), key=lambda kv: (-kv[1], kv[0])) + [(None, unattributed)]
    parts = {k: int(v * cents) for k, v in listed}
    by_remainder = sorted(listed, key=lambda kv: -(kv[1] * cents - int(kv[1] * cents)))
    for k, _ in by_remainder[:cents - sum(parts.values())]:
        parts[k] += 1
    return parts


@pytest.fixture(scope="module")
def openideo_lineage(openideo):
    """The OpenIDEO graph as the loader keeps it: a remix closing a cycle (in file order) is refused."""
    g = nx.DiGraph()
    with open(openideo / "works.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            g.add_node(row["work_id"].strip(), contributors={}, status=row["status"].strip())
    with open(openideo / "contributions.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            people = g.nodes[row["work_id"].strip()]["contributors"]
            artist = row["artist_id"].strip()
            people[artist] = people.get(artist, 0.0) + float(row["weight"] or 1)
    with open(openideo / "remixes.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            u, v = row["work_id"].strip(), row["source_id"].strip()
            if not nx.has_path(g, v, u):
                g.add_edge(u, v, weight=float(row["weight"] or 1))
    return g


def cents_of(answer):
    parts = {s["artist_id"]: s["cents"] for s in answer["shares"]}
    parts[None] = answer["unattributed_cents"]
    return parts


def test_an_exact_tie_goes_to_the_part_listed_first(openideo_lineage):
    # Shares 1/2, 1/6, 1/6, 1/12, 1/60 x 4, 1/120 x 2 of 1,000.00: the floors leave 5 cents and six parts
    # have a remainder of exactly 2/3 cent; the five listed first get one (the float split gave one of
    # them to c4b6..., listed after eeaf..., and took it from eeaf...).
    answer = credit_split(openideo_lineage, "1:grab_kids_attention_in_the_vegetable_aisle", amount="1000")
    parts = cents_of(answer)
    assert [s["fraction"] for s in answer["shares"]] == ["1/2", "1/6", "1/6", "1/12"] + ["1/60"] * 4 + ["1/120"] * 2
    assert parts["558164ae05d45576f2f5afdfa87b7b69"] == 16667
    assert parts["eeaf32ae090b870583dd929bab1350c9"] == 16667
    assert [parts[a] for a in ("49d75f861bdf99e6736c5f3f85e41b62", "50c51e93b013123b643ad5f784bf4f02",
                               "9e3502cc75851bc901b51fbfc1e6db11", "c4b6b8771b65eb2b1f342d622d7ea6ff")] == [
        1667, 1667, 1667, 1666]
    assert sum(parts.values()) == 100000


def test_every_openideo_production_follows_the_doc_rule(openideo_lineage):
    productions = [w for w, s in openideo_lineage.nodes(data="status") if s == "production"]
    assert len(productions) == 86
    moved = []
    for work in productions:
        shares, unattributed = exact_shares(openideo_lineage, work)
        for amount in AMOUNTS:
            cents = int(Fraction(amount) * 100)
            got = cents_of(credit_split(openideo_lineage, work, amount=amount))
            assert sum(got.values()) == cents
            if got != doc_cents(shares, unattributed, cents):
                moved.append((work, amount))
    assert moved == []


def test_equal_remainders_of_unequal_shares():
    # quotas 10/6 = 1 r 2/3 and 10/60... of 10 cents: 1/6 -> 1 r 2/3, 1/60 -> 0 r 1/6, 49/60 -> 8 r 1/6
    assert largest_remainder([Fraction(1, 6), Fraction(1, 60), Fraction(49, 60)], 10) == [2, 0, 8]
    # 1/6 and 1/60 of 1000 cents both leave 2/3: one cent left, to the first listed
    assert largest_remainder([Fraction(49, 60), Fraction(1, 6),
                              Fraction(1, 60)], 1000) == [817, 167, 16]
