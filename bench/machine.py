"""What the figures were measured on."""

from __future__ import annotations

import functools
import os
import platform
import re
import subprocess
from pathlib import Path

from bench.procs import loadavg


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _ram_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def _java() -> str:
    try:
        out = subprocess.run(["java", "-version"], capture_output=True, text=True, timeout=60).stderr
    except (OSError, subprocess.TimeoutExpired):
        return "not found"
    first = out.strip().splitlines()[0] if out.strip() else "unknown"
    match = re.search(r'"([^"]+)"', first)
    vendor = first.split()[0] if first else ""
    return f"{vendor} {match.group(1)}" if match else first


# The code a figure measures: a later commit touching these makes the figure older than the code.
MEASURED_CODE = ("lineage", "graph_loader", "web", "queries", "bench")


def _git(root: Path, *args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return ""


def _git_commit(root: Path) -> str | None:
    """The short commit of the checkout, with ``-dirty`` when the measured code has uncommitted changes."""
    head = _git(root, "rev-parse", "--short", "HEAD")
    if not head:
        return None
    dirty = _git(root, "status", "--porcelain", "--untracked-files=no", "--", *MEASURED_CODE)
    return f"{head}-dirty" if dirty else head


@functools.cache  # a render asks once per figure and scale, mostly of the same few commits
def commits_since(root: Path, commit: str) -> int | None:
    """How many commits after ``commit`` change :data:`MEASURED_CODE` (None when git cannot say)."""
    base = commit.removesuffix("-dirty")
    count = _git(root, "rev-list", "--count", f"{base}..HEAD", "--", *MEASURED_CODE)
    return int(count) if count.isdigit() else None


def describe(root: Path) -> dict:
    """nproc, RAM, CPU model, OS, Python, Java and the commit measured (Neo4j is added per run)."""
    return {
        "nproc": os.cpu_count(),
        "ram_gib": _ram_gib(),
        "cpu": _cpu_model(),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "java": _java(),
        "neo4j": None,
        "commit": _git_commit(root),
        "loadavg_at_start": loadavg(),
    }


def neo4j_version(driver) -> str:
    """``Neo4j Kernel 5.26.30 community`` from dbms.components()."""
    with driver.session() as session:
        row = session.run("CALL dbms.components() YIELD name, versions, edition "
                          "RETURN name, versions[0] AS version, edition").single()
    return f"{row['name']} {row['version']} {row['edition']}"
