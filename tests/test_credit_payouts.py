"""lineage.payouts (pure): statements, plans and what-ifs against hand-computed fractions, and the downloads.

The lineage is docs/credit.md's book, with a second production, Record
(Rob 1), drawing on Photo and Story. By hand, keep 1/2: Record keeps 1/2 for
Rob and passes Photo 1/4, Story 1/4; Story keeps Cal 1/8 and passes Photo
1/8; Photo (3/8, an origin) gives Dee 3/16 and Ana 3/16. Of 90.00 (9,000
cents): Rob 4,500, Cal 1,125, Ana and Dee 1,687.5 each; the cent left is a tie
between equal shares and goes to Ana (listed first: equal shares by artist id).
"""

from __future__ import annotations

import csv
import io
import json
from fractions import Fraction as F

import pytest
from prov import model as prov_model

from lineage.credit import make_policy
from lineage.errors import InvalidParameter, WorkNotFound
from lineage.payouts import (
    PLAN_ID,
    artist_statement,
    artist_statement_csv,
    make_change,
    plan_statement,
    production_statement,
    statement_csv,
    statement_prov,
    what_if,
)
from test_credit import book


def community():
    g = book()
    g.add_edge("Record", "Photo", weight=1)
    g.add_edge("Record", "Story", weight=1)
    g.nodes["Record"]["contributors"] = {"rob": 1}
    g.graph["artists"]["rob"] = {"handle": "rob", "name": "Rob"}
    for work, day in {"Book": "2021-01-01", "Record": "2022-06-01", "Story": "2020-01-01", "Poem": "2020-02-01",
                      "Photo": "2019-01-01", "Old song": "1950-01-01"}.items():
        g.nodes[work]["created_at"] = day
        g.nodes[work].setdefault("title", work)
    g.nodes["Book"].update(status="production", amount=1000)
    g.nodes["Record"].update(status="production", amount="90")
    return g


PRODUCTIONS = ("Book", "Record")


def by_artist(statement):
    return {a["artist_id"]: (F(a["fraction"]), a["cents"]) for a in statement["artists"]}


class TestProductionStatement:
    def test_record(self):
        s = production_statement(community(), "Record")
        assert by_artist(s) == {"rob": (F(1, 2), 4500), "ana": (F(3, 16), 1688), "dee": (F(3, 16), 1687),
                                "cal": (F(1, 8), 1125)}
        assert s["amount"] == "90.00" and s["unattributed"]["cents"] == 0
        ana = next(a for a in s["artists"] if a["artist_id"] == "ana")
        # Record -> Photo: 1/2 x 1/2 x Ana's 1/2 = 1/8; Record -> Story -> Photo: 1/2 x 1/2 x 1/2 x 1/2 = 1/16
        assert [(c["works"], c["fraction"]) for c in ana["chains"]] == [(["Record", "Photo"], "1/8"),
                                                                       (["Record", "Story", "Photo"], "1/16")]
        assert ana["label"] == "ana (Ana)"

    def test_book_is_the_doc_example(self):
        s = production_statement(community(), "Book")
        assert by_artist(s) == {"ana": (F(11, 24), 45833), "cal": (F(3, 16), 18750), "ben": (F(1, 6), 16667),
                                "dee": (F(1, 8), 12500)}
        assert s["unattributed"] == {"fraction": "1/16", "share": 0.0625, "cents": 6250, "amount": "62.50",
                                     "works": ["Old song"]}

    def test_amount_given_overrides_and_none_means_shares_only(self):
        g = community()
        assert production_statement(g, "Record", amount="0.03")["cents"] == 3
        del g.nodes["Record"]["amount"]
        s = production_statement(g, "Record")
        assert s["cents"] is None and all(a["cents"] is None for a in s["artists"])

    def test_policy(self):
        # cap 1/4 on Record: it passes 1/4 (Photo 1/8, Story 1/8) and Rob keeps 3/4; Story: Cal 1/16,
        # Photo 1/16; Photo 3/16: Ana 3/32, Dee 3/32
        s = production_statement(community(), "Record", policy=make_policy(cap=0.25))
        assert {a: f for a, (f, _) in by_artist(s).items()} == {"rob": F(3, 4), "cal": F(1, 16), "ana": F(3, 32),
                                                                 "dee": F(3, 32)}


class TestArtistStatement:
    def test_ana(self):
        s = artist_statement(community(), "ana", PRODUCTIONS)
        assert [(p["work_id"], F(p["fraction"]), p["cents"]) for p in s["productions"]] == [
            ("Book", F(11, 24), 45833), ("Record", F(3, 16), 1688)]
        assert F(s["total"]["fraction"]) == F(31, 48) and s["total"]["cents"] == 47521
        assert s["total"]["amount"] == "475.21"
        assert [t["cumulative_cents"] for t in s["timeline"]] == [45833, 47521]
        # earned at Book 1/3 (Book); at Photo 1/8 (Book) + 3/16 (Record) = 5/16
        assert [(w["work_id"], F(w["fraction"])) for w in s["works"]] == [("Book", F(1, 3)), ("Photo", F(5, 16))]
        assert [c["works"] for c in s["productions"][0]["chains"]] == [
            ["Book"], ["Book", "Story", "Photo"], ["Book", "Poem", "Photo"]]

    def test_as_of(self):
        s = artist_statement(community(), "ana", PRODUCTIONS, as_of="2021-12-31")
        assert [p["work_id"] for p in s["productions"]] == ["Book"]

    def test_an_artist_no_production_credits(self):
        s = artist_statement(community(), "ben", ["Record"])
        assert s["productions"] == [] and s["total"]["cents"] == 0 and s["total"]["fraction"] == "0"

    def test_csv(self):
        rows = list(csv.DictReader(io.StringIO(artist_statement_csv(artist_statement(community(), "ana",
                                                                                     PRODUCTIONS)))))
        assert [(r["work_id"], r["fraction"], r["amount"]) for r in rows] == [("Book", "11/24", "458.33"),
                                                                            ("Record", "3/16", "16.88")]


class TestPlan:
    def test_a_plan_drawing_on_two_works(self):
        # The plan has no contributors: all passes on, Story 1/2, Photo 1/2. Story: Cal 1/4, Photo 1/4.
        # Photo's 3/4: Ana 3/8, Dee 3/8. One cent: Ana and Dee tie, Ana is listed first.
        g = community()
        s = plan_statement(g, ["Story", "Photo"], amount="0.01")
        assert by_artist(s) == {"ana": (F(3, 8), 1), "dee": (F(3, 8), 0), "cal": (F(1, 4), 0)}
        ana = s["artists"][0]
        assert [(c["works"], c["fraction"]) for c in ana["chains"]] == [([None, "Photo"], "1/4"),
                                                                       ([None, "Story", "Photo"], "1/8")]
        assert PLAN_ID not in g  # nothing written to the lineage
        assert [d["work_id"] for d in s["draws_on"]] == ["Story", "Photo"]

    def test_weights(self):
        # weights 3 : 1: Story 3/4 -> Cal 3/8, Photo 3/8; Photo 3/8 + 1/4 = 5/8 -> Ana 5/16, Dee 5/16
        s = plan_statement(community(), ["Story", "Photo"], weights={"Story": 3, "Photo": 1})
        assert {a: f for a, (f, _) in by_artist(s).items()} == {"cal": F(3, 8), "ana": F(5, 16), "dee": F(5, 16)}

    def test_errors(self):
        with pytest.raises(InvalidParameter):
            plan_statement(community(), [])
        with pytest.raises(WorkNotFound):
            plan_statement(community(), ["Story", "nope"])


def rows(answer, work):
    production = next(p for p in answer["productions"] if p["work_id"] == work)
    return {a["artist_id"]: (F(a["before"]), F(a["after"]), a["difference_cents"]) for a in production["artists"]}


class TestWhatIf:
    def test_withdraw_poem(self):
        # Book's sources are Story alone: Story gets 1/2, Cal 1/4, Photo 1/4 (Dee 1/8, Ana 1/8).
        # Cal gains 1/16 (62.50), the unattributed 1/16 is gone; Record does not draw on Poem.
        answer = what_if(community(), PRODUCTIONS, [make_change("withdraw", "Poem")])
        assert [p["work_id"] for p in answer["productions"]] == ["Book"]
        assert rows(answer, "Book") == {"cal": (F(3, 16), F(1, 4), 6250), "ana": (F(11, 24), F(11, 24), 0),
                                        "ben": (F(1, 6), F(1, 6), 0), "dee": (F(1, 8), F(1, 8), 0)}
        book = answer["productions"][0]
        assert book["unattributed"]["before_cents"] == 6250 and book["unattributed"]["after_cents"] == 0
        assert book["artists"][0]["artist_id"] == "cal" and book["changed_artists"] == 1

    def test_drop_a_link(self):
        # without Story -> Photo: in Book, Story keeps its 3/8 (Cal) and Photo gets 1/16 via Poem
        # (Dee 1/32, Ana 1/32); in Record, Story keeps its 1/4 and Photo has 1/4 (Ana 1/8, Dee 1/8)
        answer = what_if(community(), PRODUCTIONS, [make_change("drop", "Story", "Photo")])
        assert rows(answer, "Book")["ana"][:2] == (F(11, 24), F(1, 3) + F(1, 32))
        assert rows(answer, "Book")["cal"][:2] == (F(3, 16), F(3, 8))
        assert rows(answer, "Record")["dee"][:2] == (F(3, 16), F(1, 8))
        assert rows(answer, "Record")["cal"] == (F(1, 8), F(1, 4), 1125)

    def test_reweight_a_link(self):
        # Book -> Poem at 3: Story 1/4, Poem 1/4; Cal 1/8 (-1/16); Old song 1/8 unattributed
        answer = what_if(community(), PRODUCTIONS, [make_change("reweight", "Book", "Poem", 3)])
        assert [p["work_id"] for p in answer["productions"]] == ["Book"]
        assert rows(answer, "Book")["cal"] == (F(3, 16), F(1, 8), -6250)
        assert answer["productions"][0]["unattributed"]["after"] == "1/8"

    def test_change_a_works_keep(self):
        # Story keeps 1: in Record, Cal 1/4 and Photo 1/4 (Ana 1/8, Dee 1/8)
        answer = what_if(community(), PRODUCTIONS, [make_change("keep", "Story", value=1)])
        assert rows(answer, "Record")["cal"] == (F(1, 8), F(1, 4), 1125)
        assert rows(answer, "Record")["ana"][:2] == (F(3, 16), F(1, 8))

    def test_withdraw_a_production(self):
        answer = what_if(community(), PRODUCTIONS, [make_change("withdraw", "Record")])
        record = answer["productions"][0]
        assert record["withdrawn"] and rows(answer, "Record")["rob"] == (F(1, 2), F(0), -4500)

    def test_nothing_is_written(self):
        g = community()
        what_if(g, PRODUCTIONS, [make_change("withdraw", "Poem"), make_change("keep", "Story", value=0)])
        assert "Poem" in g and "keep" not in g.nodes["Story"]

    def test_bad_changes(self):
        with pytest.raises(InvalidParameter):
            what_if(community(), PRODUCTIONS, [make_change("drop", "Book", "Photo")])  # no such link
        with pytest.raises(WorkNotFound):
            what_if(community(), PRODUCTIONS, [make_change("withdraw", "nope")])
        with pytest.raises(InvalidParameter):
            make_change("keep", "Story", value=2)
        with pytest.raises(InvalidParameter):
            what_if(community(), PRODUCTIONS, [])


class TestDownloads:
    def test_csv(self):
        text = statement_csv(production_statement(community(), "Book"))
        table = list(csv.DictReader(io.StringIO(text)))
        assert [(r["part"], r["handle"], r["fraction"], r["amount"]) for r in table] == [
            ("artist", "ana", "11/24", "458.33"), ("artist", "cal", "3/16", "187.50"),
            ("artist", "ben", "1/6", "166.67"), ("artist", "dee", "1/8", "125.00"),
            ("unattributed", "", "1/16", "62.50")]
        assert sum(F(r["fraction"]) for r in table) == 1
        assert sum(int(r["amount"].replace(".", "")) for r in table) == 100000
        assert table[0]["chains"] == "Book = 1/3; Book > Story > Photo = 3/32; Book > Poem > Photo = 1/32"

    def test_prov_json_reads_back_with_the_prov_package(self):
        statement = production_statement(community(), "Book")
        doc = prov_model.ProvDocument.deserialize(content=json.dumps(statement_prov(statement)), format="json")
        agents = {str(r.identifier): r for r in doc.get_records(prov_model.ProvAgent)}
        assert set(agents) == {"artist:ana", "artist:ben", "artist:cal", "artist:dee"}
        shares = {}
        for record in doc.get_records(prov_model.ProvAttribution):
            entity, agent = (record.get_attribute(n) for n in ("prov:entity", "prov:agent"))
            (entity,), (agent,) = entity, agent
            part = doc.get_record(entity)[0]
            shares[str(agent)] = (next(iter(part.get_attribute("rle:fraction"))),
                                  next(iter(part.get_attribute("rle:amount"))))
        assert shares == {"artist:ana": ("11/24", "458.33"), "artist:cal": ("3/16", "187.50"),
                          "artist:ben": ("1/6", "166.67"), "artist:dee": ("1/8", "125.00")}
        derived = {(str(next(iter(r.get_attribute("prov:generatedEntity")))),
                    str(next(iter(r.get_attribute("prov:usedEntity")))))
                   for r in doc.get_records(prov_model.ProvDerivation)}
        assert ("work:Book", "work:Story") in derived and ("work:Poem", "work:Photo") in derived
        assert ("payout:Book", "work:Book") in derived
        members = list(doc.get_records(prov_model.ProvMembership))
        assert len(members) == 4
