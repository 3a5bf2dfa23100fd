"""The checker keeps its tables out of the cycle collector's way while it checks, and only then (no database)."""

from __future__ import annotations

import gc

from graph_loader.dataset import open_dataset
from graph_loader.existing import EmptyGraph
from graph_loader.generate import generate
from graph_loader.rejects import RejectsFile
from graph_loader.spool import Spool
from graph_loader.validate import Progress, check_dataset


class FreezeSeen(Progress):
    """Notes how many objects were frozen each time the checker reports its progress."""

    def __init__(self):
        self.frozen: list[int] = []

    def update(self, done: int) -> None:
        self.frozen.append(gc.get_freeze_count())


def _check(folder, tmp_path) -> FreezeSeen:
    dataset = open_dataset(folder)
    dataset.check()
    seen = FreezeSeen()
    with Spool(1000, directory=tmp_path) as spool, RejectsFile(tmp_path / "rejects.csv") as rejects:
        check_dataset(dataset, EmptyGraph(), rejects, spool, seen)
    return seen


def test_what_the_check_froze_is_collectable_again(tmp_path):
    generate(tmp_path / "data", works=3000, seed=3)  # more than 4,096 rows in each of several passes
    gc.unfreeze()  # an earlier test may have frozen objects (the site's reach index does)
    seen = _check(tmp_path / "data", tmp_path)
    assert max(seen.frozen) > 0  # frozen while checking
    assert gc.get_freeze_count() == 0


def test_a_freeze_made_before_the_check_is_left_alone(tmp_path):
    generate(tmp_path / "data", works=3000, seed=3)
    gc.freeze()
    try:
        before = gc.get_freeze_count()
        _check(tmp_path / "data", tmp_path)
        assert gc.get_freeze_count() >= before > 0
    finally:
        gc.unfreeze()
