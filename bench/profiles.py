"""Python profiles with py-spy (``--profile``): where a command's time goes, as a short table.

The profiled run is a separate one, never the measured one: sampling costs a
little time, and a figure is never measured under a profiler.
"""

from __future__ import annotations

import re
import shutil
import sys
from collections import Counter
from pathlib import Path

_FRAME = re.compile(r"^(?P<func>.*?) \((?P<file>[^()]*?)(?::(?P<line>\d+))?\)$")


def py_spy() -> str | None:
    """The py-spy executable of this environment (or on PATH), if installed."""
    local = Path(sys.executable).parent / "py-spy"
    return str(local) if local.exists() else shutil.which("py-spy")


def record_command(cmd: list[str], out: Path, rate: int = 100) -> list[str]:
    """``cmd`` run under ``py-spy record`` writing collapsed stacks to ``out``."""
    spy = py_spy()
    if spy is None:
        raise FileNotFoundError("py-spy is not installed (pip install -e '.[bench]')")
    return [spy, "record", "--nonblocking", "--rate", str(rate), "--format", "raw", "--output", str(out),
            "--", *cmd]


def _where(frame: str) -> str:
    """``func (path:line)`` -> ``func (file.py)``: lines merged, paths shortened.

    >>> _where("write_checked (/work/main/graph_loader/write.py:80)")
    'write_checked (graph_loader/write.py)'
    >>> _where("<module> (<string>:1)")
    '<module> (<string>)'
    """
    match = _FRAME.match(frame.strip())
    if not match:
        return frame.strip()
    path = match.group("file")
    parts = Path(path).parts
    for anchor in ("site-packages", "lib"):
        if anchor in parts:
            parts = parts[len(parts) - parts[::-1].index(anchor):]
            break
    else:
        parts = parts[-2:]
    return f"{match.group('func')} ({'/'.join(parts)})"


def summarize(collapsed: str, top: int = 12) -> dict:
    """The functions with the most samples, inclusive (on the stack) and self (on top), in %.

    >>> text = "main (a.py:1);load (b.py:2);parse (c.py:3) 3\\nmain (a.py:1);load (b.py:9) 1\\n"
    >>> s = summarize(text, top=2)
    >>> s["samples"], s["inclusive"][0], s["self"][0]
    (4, ['main (a.py)', 100.0], ['parse (c.py)', 75.0])
    """
    inclusive: Counter = Counter()
    own: Counter = Counter()
    total = 0
    for line in collapsed.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        frames = [_where(f) for f in stack.split(";") if f.strip()]
        if frames and frames[0].startswith("process "):  # --subprocesses/--idle add a process frame
            frames = frames[1:]
        if not frames:
            continue
        total += n
        for frame in set(frames):
            inclusive[frame] += n
        own[frames[-1]] += n

    def share(counter: Counter) -> list[list]:
        return [[name, round(100.0 * n / total, 1)] for name, n in counter.most_common(top)] if total else []

    return {"samples": total, "inclusive": share(inclusive), "self": share(own)}
