"""Results files: ``bench/results/<scale>-<date>.json``, one per scale and day."""

from __future__ import annotations

import json
from pathlib import Path

SCHEMA = 1
SCALE_ORDER = {"tiny": 0, "10k": 1, "100k": 2, "1m": 3}


def results_path(folder: Path, scale: str, date: str) -> Path:
    return Path(folder) / f"{scale}-{date}.json"


def _summary(run: dict) -> dict:
    return {k: run.get(k) for k in ("started_at", "finished_at", "wall_seconds", "profiling_seconds")} | {
        "figures": sorted(run["figures"]), "loadavg_at_start": (run.get("machine") or {}).get("loadavg_at_start")}


def save(folder: Path, run: dict, *, complete: bool = True) -> Path:
    """Write a run's results into the file of its scale and day.

    A complete run (every figure) replaces the file. A partial one (``--only``)
    replaces only its figures: the file keeps the earlier run's other figures and
    its times, and lists the partial run under ``later_runs``.
    """
    path = results_path(folder, run["scale"], run["date"])
    path.parent.mkdir(parents=True, exist_ok=True)
    earlier = {}
    if path.is_file():
        try:
            earlier = json.loads(path.read_text())
        except ValueError:
            earlier = {}
    if not complete and earlier.get("schema") == SCHEMA:
        figures = dict(earlier.get("figures", {}))
        figures.update(run["figures"])
        later = list(earlier.get("later_runs", [])) + [_summary(run)]
        run = {**earlier, "figures": figures, "later_runs": later}
    ordered = {name: run["figures"][name] for name in sorted(run["figures"], key=lambda n: run["figures"][n]["number"])}
    run = {**run, "figures": ordered}
    path.write_text(json.dumps(run, indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    return path


def latest(folder: Path) -> dict[str, dict]:
    """The newest results file of each scale, by scale (smallest scale first).

    A figure the newest file lacks (a partial run on a later day) comes from
    the newest older file of that scale holding it, marked ``from_file``.
    """
    found: dict[str, tuple[str, dict]] = {}
    every: dict[str, list[tuple[str, dict]]] = {}
    for path in sorted(Path(folder).glob("*.json")):
        try:
            data = json.loads(path.read_text())
        except ValueError:
            continue
        if data.get("schema") != SCHEMA or "scale" not in data:
            continue
        key = data.get("finished_at") or data.get("date", "")
        data["_file"] = path.name
        every.setdefault(data["scale"], []).append((key, data))
        if data["scale"] not in found or key > found[data["scale"]][0]:
            found[data["scale"]] = (key, data)
    for scale, (_, newest) in found.items():
        for _, older in sorted(every[scale], key=lambda pair: pair[0], reverse=True):
            for name, figure in older.get("figures", {}).items():
                if name not in newest["figures"]:
                    # A figure of an older file was measured at that file's commit, not the newest one's.
                    commit = figure.get("commit") or (older.get("machine") or {}).get("commit")
                    newest["figures"][name] = {**figure, "from_file": older["_file"], "commit": commit}
    return {s: found[s][1] for s in sorted(found, key=lambda s: SCALE_ORDER.get(s, 99))}
