"""The search's ranking as pure logic (lineage.search.rank), on candidates as the indexes return them:
the cases the generated community's quality figure found (docs/benchmarks.md, section 7)."""

from __future__ import annotations

from lineage import search


def _works(*titles: tuple[str, str, int]) -> list[dict]:
    return [{"kind": "work", "id": i, "title": t, "descendants": d} for i, t, d in titles]


def test_a_phrase_of_whole_words_beats_titles_matching_only_with_a_typo():
    # Found by the generated community's figure: "golden fire" put six "Golden Forest"s (fire ~ fore, one
    # typo, word for word) above "The Golden Fire", and "last river" six "Lost River"s above its target.
    forests = [(f"w-f{i}", "Golden Forest", 10) for i in range(6)]
    hits = _works(*forests, ("w-target", "The Golden Fire", 0))
    assert search.rank("golden fire", hits)[0]["id"] == "w-target"
    rivers = [(f"w-r{i}", "Lost River", 10) for i in range(6)]
    hits = _works(*rivers, ("w-target", "Notes on the Last River", 0), ("w-the", "The Lost River", 50))
    assert search.rank("last river", hits)[0]["id"] == "w-target"


def test_a_title_with_a_typo_still_finds_the_title_of_those_words_first():
    hits = _works(("w-long", "Signal in the Desert Night", 90), ("w-target", "Signal in the Desert", 0),
                  ("w-other", "Signal in the Dust", 40))
    assert [h["id"] for h in search.rank("signal in the desrt", hits)][:2] == ["w-target", "w-long"]
    hits = _works(("w-cgb", "Community gardens in Berlin", 5), ("w-cg", "Community Garden", 1),
                  ("w-scat", "Garden of the community", 40))
    assert search.rank("comunity gardne", hits)[0]["id"] == "w-cg"


def test_a_title_starting_with_the_words_typed_still_comes_first():
    hits = _works(("w-fire", "The Golden Fire", 50), ("w-forest", "Golden Forest", 0))
    assert search.rank("golden f", hits)[0]["id"] == "w-forest"
