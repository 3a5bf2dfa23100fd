"""The home's load lock and the spool folders of killed loads: pure file-system logic, no database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from graph_loader.lock import HomeLock, LoadBusy, home_lock
from graph_loader.spool import MARK, PREFIX, Spool, reclaim


def test_the_home_lock_is_held_by_one_and_says_by_whom(tmp_path):
    first, second = HomeLock(tmp_path / "load.lock"), HomeLock(tmp_path / "load.lock")
    assert first.try_acquire("pid 1, loading a")
    assert not second.try_acquire("pid 2, loading b")
    assert second.holder() == "pid 1, loading a"
    first.release()
    assert second.try_acquire("pid 2, loading b")
    second.release()


def test_a_load_gives_up_after_wait_seconds_with_one_line(tmp_path):
    heard = []
    with home_lock(tmp_path, "first"):
        started = time.monotonic()
        with pytest.raises(LoadBusy, match=r"another load into .* is still running after 0.5 s \(pid \d+ .*first"):
            with home_lock(tmp_path, "second", wait=0.5, say=heard.append):
                pass
        assert time.monotonic() - started >= 0.5
    assert len(heard) == 1 and "waiting up to 0.5 s" in heard[0]
    with home_lock(tmp_path, "second", wait=0):  # free again
        pass


def test_the_home_lock_goes_with_a_killed_process(tmp_path):
    code = ("import sys, time; from graph_loader.lock import HomeLock; "
            f"HomeLock({str(tmp_path / 'load.lock')!r}).try_acquire('x'); print('held', flush=True); time.sleep(60)")
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    assert not HomeLock(tmp_path / "load.lock").try_acquire("y")
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    assert HomeLock(tmp_path / "load.lock").try_acquire("y")


def test_a_killed_loads_spool_folder_goes_with_the_next_spool(tmp_path):
    code = ("import time; from graph_loader.spool import Spool; "
            f"s = Spool(10, directory={str(tmp_path)!r}); print(s.folder, flush=True); time.sleep(60)")
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    left = holder.stdout.readline().strip()
    assert os.path.isdir(left) and os.path.basename(left).startswith(PREFIX)
    with Spool(10, directory=tmp_path) as live:
        assert os.path.isdir(left)  # its load still runs: left alone
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
        older = tmp_path / f"{PREFIX}older-version"  # an older loader's, unmarked: perhaps still at work
        older.mkdir()
        with Spool(10, directory=tmp_path):
            assert not os.path.exists(left)
            assert older.is_dir() and live.folder.is_dir()
        assert (live.folder / MARK).exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [older.name]
    assert reclaim(tmp_path) == []
