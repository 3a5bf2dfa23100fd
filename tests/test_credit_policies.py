"""Credit policies (docs/credit.md, "Credit policies"): decay, cap, credit maps, a work's own keep.

Every expected fraction is typed in from the hand computation in the doc or
in the comment beside it; the random graphs check the chains against an
independent per-path walk.
"""

from __future__ import annotations

import random
from fractions import Fraction as F

import networkx as nx
import pytest

from lineage.credit import credit_chains, credit_split, make_policy, split_credit
from lineage.errors import InvalidParameter
from test_credit import book, lineage


def fractions(answer):
    return {s["artist_id"]: F(s["fraction"]) for s in answer["shares"]}


class TestDecay:
    def test_book(self):
        # Story (generation 1) passes 1/2 x 1/2 = 1/4 of its 3/8 and keeps 3/4: Cal 9/32, Photo 3/32;
        # Poem has no contributors and passes all; Photo gets 3/32 + 1/16 = 5/32, Dee and Ana 5/64 each.
        answer = credit_split(book(), "Book", policy=make_policy(0.5, decay=0.5))
        assert fractions(answer) == {"ana": F(79, 192), "ben": F(1, 6), "cal": F(9, 32), "dee": F(5, 64)}
        assert F(answer["unattributed_fraction"]) == F(1, 16)

    def shortcut(self):
        # P -> A, P -> B -> A, A -> O: A is reached at generation 1 and at generation 2
        return lineage([("P", "A"), ("P", "B"), ("B", "A"), ("A", "O")],
                       {"P": {"p": 1}, "A": {"a": 1}, "B": {"b": 1}, "O": {"o": 1}})

    def test_a_work_reached_at_two_generations(self):
        # P keeps 1/2, A 1/4 and B 1/4 at generation 1. B passes 1/4 of its 1/4: b 3/16, A 1/16 (generation 2).
        # A at generation 1: a 3/4 x 1/4 = 3/16, O 1/16; at generation 2 it passes 1/2 x 1/4 = 1/8 of 1/16:
        # a 7/128, O 1/128. o = 1/16 + 1/128 = 9/128.
        g = self.shortcut()
        policy = make_policy(0.5, decay=0.5)
        assert fractions(credit_split(g, "P", policy=policy)) == {
            "p": F(1, 2), "b": F(3, 16), "a": F(31, 128), "o": F(9, 128)}
        chains = credit_chains(g, "P", "a", policy=policy)
        assert [(c["works"], c["fraction"]) for c in chains["chains"]] == [
            (["P", "A"], F(3, 16)), (["P", "B", "A"], F(7, 128))]
        chains = credit_chains(g, "P", "o", policy=policy)
        assert [(c["works"], c["fraction"]) for c in chains["chains"]] == [
            (["P", "A", "O"], F(1, 16)), (["P", "B", "A", "O"], F(1, 128))]
        assert chains["chains_total"] == 2

    def test_no_decay_is_the_default_rule(self):
        g = self.shortcut()
        assert fractions(credit_split(g, "P", policy=make_policy(0.5, decay=1))) == fractions(credit_split(g, "P"))
        # without decay: A gets 1/4 + 1/8, keeps half: a 3/16, o 3/16
        assert fractions(credit_split(g, "P")) == {"p": F(1, 2), "b": F(1, 8), "a": F(3, 16), "o": F(3, 16)}


class TestCap:
    def test_book(self):
        # Book would pass 1/2; the cap lets 1/4 go (Story 3/16, Poem 1/16) and Ana and Ben keep 3/4, 2 : 1.
        answer = credit_split(book(), "Book", policy=make_policy(0.5, cap=0.25))
        assert fractions(answer) == {"ana": F(1, 2) + F(1, 16), "ben": F(1, 4), "cal": F(3, 32), "dee": F(1, 16)}
        assert F(answer["unattributed_fraction"]) == F(1, 32)

    def test_a_cap_above_what_flows_changes_nothing(self):
        assert fractions(credit_split(book(), "Book", policy=make_policy(0.5, cap=0.5))) == fractions(
            credit_split(book(), "Book"))

    def test_only_the_production_is_capped(self):
        # Story passes half of what it gets though the cap is 0: the cap is on the production's own passing
        answer = credit_split(book(), "Story", policy=make_policy(0.5, cap=0))
        assert fractions(answer) == {"cal": F(1)}
        answer = credit_split(book(), "Book", policy=make_policy(0.5, cap=0))
        assert fractions(answer) == {"ana": F(2, 3), "ben": F(1, 3)}


class TestCreditMaps:
    def mapped(self):
        g = book()
        g.nodes["Book"]["credit_map"] = {"artists": {"ana": 0.4, "ben": 0.1}, "sources": {"Story": 0.3, "Poem": 0.2}}
        g.nodes["Poem"]["credit_map"] = {"sources": {"Photo": 0.5, "Old song": 0.25}}
        g.nodes["Photo"]["credit_map"] = {"artists": {"dee": 0.6, "ana": 0.4}}
        return g

    def test_book(self):
        # Book: Ana 2/5, Ben 1/10, Story 3/10, Poem 1/5. Story has no map: the rule, Cal 3/20, Photo 3/20.
        # Poem: Photo 1/10, Old song 1/20, and 1/20 it names for nobody. Photo gets 1/4: Dee 3/20, Ana 1/10.
        answer = credit_split(self.mapped(), "Book", policy=make_policy(maps=True))
        assert fractions(answer) == {"ana": F(1, 2), "ben": F(1, 10), "cal": F(3, 20), "dee": F(3, 20)}
        assert F(answer["unattributed_fraction"]) == F(1, 10)
        assert answer["unattributed_works"] == ["Old song", "Poem"]
        chains = credit_chains(self.mapped(), "Book", "ana", policy=make_policy(maps=True))
        assert [(c["works"], c["fraction"]) for c in chains["chains"]] == [
            (["Book"], F(2, 5)), (["Book", "Story", "Photo"], F(3, 50)), (["Book", "Poem", "Photo"], F(1, 25))]

    def test_maps_are_ignored_unless_asked_for(self):
        assert fractions(credit_split(self.mapped(), "Book")) == fractions(credit_split(book(), "Book"))

    def test_a_map_giving_more_than_everything(self):
        g = self.mapped()
        g.nodes["Photo"]["credit_map"] = {"artists": {"dee": 0.7, "ana": 0.4}}
        with pytest.raises(InvalidParameter, match="Photo"):
            credit_split(g, "Book", policy=make_policy(maps=True))

    def test_cap_on_a_mapped_production(self):
        # Book's map sends 1/2 upstream; capped at 1/5, Story gets 3/25 and Poem 2/25, and the 3/10
        # held back goes to Ana and Ben 4 : 1 (their stated fractions): Ana 2/5 + 6/25, Ben 1/10 + 3/50.
        answer = split_credit(self.mapped(), "Book", policy=make_policy(maps=True, cap=0.2))
        assert answer["shares"]["ben"] == F(1, 10) + F(3, 50)
        # Photo gets 3/50 (from Story) + 1/25 (from Poem) = 1/10: Ana 2/5 of it
        assert answer["shares"]["ana"] == F(2, 5) + F(6, 25) + F(1, 25)


class TestOwnKeep:
    def test_a_work_that_keeps_more(self):
        g = book()
        g.nodes["Story"]["keep"] = 1.0  # Story's contributors keep all it gets: Cal 3/8, Photo only via Poem
        s = fractions(credit_split(g, "Book"))
        assert s["cal"] == F(3, 8) and s["dee"] == F(1, 32) and s["ana"] == F(1, 3) + F(1, 32)


class TestCents:
    @pytest.mark.parametrize("policy", [make_policy(0.5), make_policy(0.3, decay=0.5), make_policy(cap=0.1),
                                        make_policy(maps=True)], ids=lambda p: p.name)
    def test_parts_add_up_and_ties_follow_the_listing(self, policy):
        g = TestCreditMaps().mapped()
        for amount in ("0.01", "0.07", "1", "999.99", "1000"):
            answer = credit_split(g, "Book", amount=amount, policy=policy)
            parts = [s["cents"] for s in answer["shares"]] + [answer["unattributed_cents"]]
            exact = [F(s["fraction"]) for s in answer["shares"]] + [F(answer["unattributed_fraction"])]
            cents = answer["cents"]
            assert sum(parts) == cents
            quotas = [f * cents for f in exact]
            assert all(abs(p - q) < 1 for p, q in zip(parts, quotas))
            # a part rounded up never has a smaller remainder than one rounded down, nor an equal one listed before
            up = [i for i, (p, q) in enumerate(zip(parts, quotas)) if p > q]
            down = [i for i, (p, q) in enumerate(zip(parts, quotas)) if p < q]
            for i in up:
                for j in down:
                    ri, rj = quotas[i] - int(quotas[i]), quotas[j] - int(quotas[j])
                    assert ri > rj or (ri == rj and i < j)


class TestParameters:
    @pytest.mark.parametrize("kwargs", [{"decay": 0}, {"decay": 1.5}, {"cap": -0.1}, {"cap": 2}, {"decay": "x"}])
    def test_out_of_range(self, kwargs):
        with pytest.raises(InvalidParameter):
            make_policy(**kwargs)

    def test_decimals_as_written(self):
        assert make_policy(0.3).keep == F(3, 10)


def per_path(g, root, keep, decay, cap):
    """Each chain's share, walked path by path in fractions (independent of lineage.credit)."""
    chains = {}

    def walk(work, mass, path):
        people, sources = g.nodes[work].get("contributors") or {}, g[work]
        generation = len(path) - 1
        if people and sources:
            passed = (1 - keep) * decay ** generation
            if generation == 0 and cap is not None:
                passed = min(passed, cap)
        else:
            passed = F(1) if sources else F(0)
        total = sum(map(F, people.values()))
        for person, weight in people.items():
            chains.setdefault(person, []).append((path, mass * (1 - passed) * F(weight) / total))
        out = sum(F(d["weight"]) for d in sources.values())
        for source, data in sources.items():
            walk(source, mass * passed * F(data["weight"]) / out, path + [source])

    walk(root, F(1), [root])
    return chains


@pytest.mark.parametrize("seed", range(6))
def test_chains_and_shares_equal_the_per_path_walk(seed):
    rng = random.Random(seed)
    g = nx.DiGraph()
    g.add_nodes_from(range(14))
    for v in range(1, 14):
        for s in rng.sample(range(v), k=min(v, rng.choice([0, 1, 2, 3]))):
            g.add_edge(v, s, weight=rng.choice([1, 2, 5]))
    for v in range(14):
        g.nodes[v]["contributors"] = {p: rng.choice([1, 3]) for p in rng.sample("abcdef", k=rng.choice([0, 1, 2]))}
    keep, decay, cap = rng.choice([F(0), F(1, 2), F(3, 10)]), rng.choice([F(1, 2), F(2, 3)]), rng.choice(
        [None, F(1, 5)])
    policy = make_policy(keep, decay=decay, cap=cap)
    expected = per_path(g, 13, keep, decay, cap)
    shares = split_credit(g, 13, policy=policy)["shares"]
    for artist, walked in expected.items():
        assert shares.get(artist, F(0)) == sum(s for _, s in walked)
        found = credit_chains(g, 13, artist, policy=policy, limit=10_000)
        positive = sorted(s for _, s in walked if s > 0)
        assert sorted(c["fraction"] for c in found["chains"]) == positive
        assert found["chains_total"] == len(positive)
        assert [c["fraction"] for c in found["chains"]] == sorted((c["fraction"] for c in found["chains"]),
                                                                  reverse=True)
