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


PROJECT = ("graph_loader", "lineage", "web", "queries", "bench")


def _where(frame: str) -> str:
    """``func (path:line)`` -> ``func (package/file.py)``: lines merged, paths shortened.

    >>> _where("write_checked (/work/main/graph_loader/write.py:80)")
    'write_checked (graph_loader/write.py)'
    >>> _where("load (/work/main/lineage/cli/load_commands.py:71)")
    'load (lineage/cli/load_commands.py)'
    >>> _where("run (/venv/lib/python3.11/site-packages/neo4j/_sync/work/session.py:3)")
    'run (neo4j/_sync/work/session.py)'
    >>> _where("<module> (<string>:1)")
    '<module> (<string>)'
    """
    match = _FRAME.match(frame.strip())
    if not match:
        return frame.strip()
    parts = Path(match.group("file")).parts
    if "site-packages" in parts:
        parts = parts[len(parts) - parts[::-1].index("site-packages"):]
    else:
        at = [i for i, part in enumerate(parts[:-1]) if part in PROJECT]
        parts = parts[at[-1]:] if at else parts[-2:]
    return f"{match.group('func')} ({'/'.join(parts)})"


def _own_code(where: str) -> bool:
    """A frame of the project's own code, the command-line wrapper left out.

    >>> _own_code("check_dataset (graph_loader/validate.py)"), _own_code("load (lineage/cli/load_commands.py)")
    (True, False)
    """
    inside = where[where.rfind("(") + 1:]
    return inside.startswith(tuple(f"{p}/" for p in PROJECT)) and not inside.startswith("lineage/cli/")


def summarize(collapsed: str, top: int = 12) -> dict:
    """The functions with the most samples, in % of all samples: inclusive (on the stack; the
    project's own functions only, so the table is not the call chain down to them) and self
    (on top of the stack; any function).

    >>> text = ("main (/r/lineage/cli/x.py:1);load (/r/graph_loader/b.py:2);parse (/r/graph_loader/c.py:3) 3\\n"
    ...         "main (/r/lineage/cli/x.py:1);load (/r/graph_loader/b.py:9) 1\\n")
    >>> s = summarize(text, top=2)
    >>> s["samples"], s["inclusive"][0], s["self"][0]
    (4, ['load (graph_loader/b.py)', 100.0], ['parse (graph_loader/c.py)', 75.0])
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
            if _own_code(frame):
                inclusive[frame] += n
        own[frames[-1]] += n

    def share(counter: Counter) -> list[list]:
        return [[name, round(100.0 * n / total, 1)] for name, n in counter.most_common(top)] if total else []

    return {"samples": total, "inclusive": share(inclusive), "self": share(own)}
