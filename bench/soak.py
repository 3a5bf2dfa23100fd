"""``python -m bench.soak [--works N]``: the site under a bounded load, for a long time, checked.

A generated community (default 1,000,000 works, seed 11) is bulk-loaded into
a local Neo4j of its own and ``lineage serve`` (waitress, 8 threads, the
production setup) is driven on loopback by :mod:`bench.loadgen`: a warm-up,
then rounds of a fixed number of requests over a mix of pages and API routes,
each with a time limit. The server's resident memory is read after each
round. The run passes when every request answered 200, the server never went
away or logged a traceback, and the peak memory of the second half of the
rounds is no more than ``growth_allowed_mib`` above the first half's.

The suite runs the same checks (:func:`drive`, :func:`problems`) on 20,000
works and fewer requests (tests/test_under_load.py); this is the soak that
repeats them at the benchmark's size. It writes
``bench/results/soak-<works>-<date>.json`` and exits 1 when a check fails;
docs/benchmarks.md shows the newest results (:func:`render_section`).
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import random
import re
import signal
import subprocess
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from bench.loadgen import http_load
from bench.procs import lineage_command, loadavg, rss_mib

ROOT = Path(__file__).resolve().parent.parent
SEED = 11


@dataclass(frozen=True)
class Plan:
    """How much load, and what counts as growth.

    A warm server's RSS swings by tens of MiB from one round to the next (the
    8 threads' allocator arenas keep what the large artist answers freed;
    measured at 1M works: 314, 370, 417, 384, 340, 363 MiB over six rounds of
    3,000). So the peaks of the two halves of the run are compared: at the
    soak's 6 rounds of 1,500, a leak of 16 KiB per request would lift the
    second by 70 MiB.
    """

    works: int = 1_000_000
    warmup: int = 1000
    round_requests: int = 1500
    rounds: int = 6
    round_seconds: float = 240.0  # the bound in time of a round; hitting it is reported, not failed
    clients: int = 8  # as many as waitress has threads
    sampled: int = 400  # distinct works (and their creators) the requests go to
    growth_allowed_mib: float = 40.0


def sample(folder: Path, count: int) -> tuple[list[str], list[str]]:
    """Works drawn at a fixed seed, and an artist credited on each."""
    with open(folder / "works.csv", newline="", encoding="utf-8") as f:
        works = [row["work_id"] for row in csv.DictReader(f)]
    chosen = set(random.Random(6).sample(works, min(count, len(works))))
    artists = {}
    with open(folder / "contributions.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["work_id"] in chosen:
                artists.setdefault(row["work_id"], row["artist_id"])
    return sorted(chosen), sorted(set(artists.values()))


def request_mix(works: list[str], artists: list[str]) -> list[str]:
    """What people and scripts ask for, interleaved: API lineage and credit, work, artist and graph pages."""
    paths = []
    for i, work in enumerate(works):
        artist = artists[i % len(artists)]
        paths += [f"/api/works/{work}/lineage", f"/works/{work}", f"/api/works/{work}/credit",
                  f"/works/{work}/graph.json", f"/artists/{artist}", f"/api/artists/{artist}/influence"]
    random.Random(7).shuffle(paths)
    return paths


def _run(args: list[str], env: dict, timeout: float) -> str:
    done = subprocess.run([*lineage_command(), *args], env=env, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"lineage {' '.join(args)} failed: {done.stdout}{done.stderr}")
    return done.stdout


@dataclass
class Site:
    """The site on waitress over the bulk-loaded graph."""

    port: int
    pid: int
    paths: list[str]
    log: Path


@contextlib.contextmanager
def served_site(base: Path, plan: Plan, env: dict, port: int, data: Path | None = None) -> Iterator[Site]:
    """Generate (unless ``data`` is given), bulk-load and serve the community; stop it all at the end.

    ``env`` names the Neo4j home (``LINEAGE_HOME``) and its memory; ``port``
    is the Bolt port of the local Neo4j started for the run.
    """
    if data is None:
        data = base / "community"
        _run(["generate", str(data), "--works", str(plan.works), "--seed", str(SEED)], env, timeout=3600)
    _run(["db", "start", "--port", str(port)], env, timeout=600)
    serve = None
    try:
        _run(["load", str(data), "--bulk"], env, timeout=3600)
        works, artists = sample(data, plan.sampled)
        # The server's log goes to a file: a pipe nobody reads would stall it once full
        # (waitress warns on stderr each time its task queue backs up).
        log = base / "serve.log"
        with open(log, "w", encoding="utf-8") as log_file:
            serve = subprocess.Popen([*lineage_command(), "serve", "--port", "0", "--threads", str(plan.clients)],
                                     env=env, stdout=subprocess.PIPE, stderr=log_file, text=True)
        line = serve.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not match:
            raise RuntimeError(f"lineage serve did not start: {line}{log.read_text(encoding='utf-8')}")
        yield Site(int(match.group(1)), serve.pid, request_mix(works, artists), log)
    finally:
        if serve is not None:
            serve.send_signal(signal.SIGINT)  # Ctrl-C, as a person stops it
            try:
                serve.wait(timeout=30)
            except subprocess.TimeoutExpired:
                serve.kill()
                serve.wait()
        subprocess.run([*lineage_command(), "db", "stop"], env=env, capture_output=True, timeout=300)


def drive(site: Site, plan: Plan) -> dict:
    """The warm-up and the measured rounds; what they served and the server's memory after each."""
    warm = http_load(site.port, site.paths, requests=plan.warmup, seconds=plan.round_seconds, clients=plan.clients)
    rounds, rss = [], [rss_mib(site.pid)]
    for n in range(plan.rounds):
        # Each round starts where the last stopped in the mix, so every path is asked for.
        offset = (plan.warmup + n * plan.round_requests) % len(site.paths)
        rounds.append(http_load(site.port, site.paths[offset:] + site.paths[:offset], requests=plan.round_requests,
                                seconds=plan.round_seconds, clients=plan.clients))
        rss.append(rss_mib(site.pid))
    log = site.log.read_text(encoding="utf-8")
    return {"plan": asdict(plan), "warmup": warm, "rounds": rounds, "rss_mib": rss,
            "tracebacks": log.count("Traceback")}


def problems(result: dict) -> list[str]:
    """Why a run fails (empty when it passes).

    >>> ok = {"completed": 10, "error_count": 0, "errors": {}}
    >>> run = {"plan": {"rounds": 4, "growth_allowed_mib": 40.0}, "warmup": ok, "rounds": [ok] * 4,
    ...        "rss_mib": [100.0, 120.0, 150.0, 140.0, 155.0], "tracebacks": 0}
    >>> problems(run)
    []
    >>> problems({**run, "rss_mib": [100.0, 120.0, 150.0, 140.0, 191.0]})
    ['server memory grew: peak 191 MiB in the second half against 150 MiB in the first (allowed 40 MiB)']
    >>> problems({**run, "rounds": [ok, {"completed": 3, "error_count": 7, "errors": {"HTTP 500": 7}}, ok, ok]})
    ["7 errors: [{}, {'HTTP 500': 7}, {}, {}]"]
    """
    out = []
    errors = [r["error_count"] for r in [result["warmup"], *result["rounds"]]]
    if sum(errors):
        out.append(f"{sum(errors)} errors: {[r['errors'] for r in result['rounds']]}")
    if not all(r["completed"] > 0 for r in result["rounds"]):
        out.append("a round served nothing")
    rss = result["rss_mib"]
    if None in rss:
        out.append("the server went away during the run")
    elif len(rss) > 2:
        half = 1 + result["plan"]["rounds"] // 2  # rss[0] is after the warm-up
        first, second = max(rss[1:half]), max(rss[half:])
        if second - first > result["plan"]["growth_allowed_mib"]:
            out.append(f"server memory grew: peak {second:.0f} MiB in the second half against {first:.0f} MiB "
                       f"in the first (allowed {result['plan']['growth_allowed_mib']:.0f} MiB)")
    if result["tracebacks"]:
        out.append(f"{result['tracebacks']} tracebacks in the server's log")
    return out


def summary(result: dict) -> str:
    """One line: what was served, the errors, p95 per round and the server's memory."""
    rounds = result["rounds"]
    rss = ", ".join("gone" if r is None else f"{r:.0f}" for r in result["rss_mib"])
    return (f"{result['plan']['works']:,} works: {sum(r['completed'] for r in rounds):,} requests in "
            f"{sum(r['seconds'] for r in rounds):.0f} s, errors {sum(r['error_count'] for r in rounds)}, "
            f"p95 per round {[r['p95_ms'] for r in rounds]} ms, server RSS after warm-up and each round {rss} MiB")


# -- docs/benchmarks.md ---------------------------------------------------------------------------------
def newest(results_dir: Path) -> dict | None:
    """The newest ``soak-*.json`` of ``results_dir``, or None."""
    files = sorted(Path(results_dir).glob("soak-*.json"), key=lambda p: p.stat().st_mtime)
    return json.loads(files[-1].read_text(encoding="utf-8")) if files else None


def render_section(results_dir: Path) -> list[str]:
    """docs/benchmarks.md's soak section, with the newest soak results when there are some."""
    data = newest(results_dir)
    plan = data["plan"] if data else asdict(Plan())
    out = ["### 9. Soak: the site under a bounded load, checked", "",
           f"`python -m bench.soak --works {plan['works']}` generates {plan['works']:,} works (seed {SEED}), "
           f"bulk-loads them into a local Neo4j of its own (heap and page cache 2 GiB) and drives `lineage serve` "
           f"(waitress, {plan['clients']} threads) with a shuffled mix over {plan['sampled']} works and an "
           f"artist of each (lineage and credit API, work page, graph JSON, artist page and influence API), "
           f"{plan['clients']} keep-alive clients on loopback: {plan['warmup']:,} requests of warm-up, then "
           f"{plan['rounds']} rounds of {plan['round_requests']:,}. It passes (exit code 0) when every request "
           f"answers 200, the server logs no traceback, and the peak resident memory of the last "
           f"{plan['rounds'] - plan['rounds'] // 2} rounds is at most {plan['growth_allowed_mib']:.0f} MiB above "
           f"that of the first {plan['rounds'] // 2}. The suite runs the same checks at 20,000 works and 1,000 "
           "requests (tests/test_under_load.py); this is the long run, not part of `python -m bench`.", ""]
    if not data:
        return out + ["Not run since it left the test suite; its last run (as `tests/test_under_load.py` at 1M "
                      "works, docs/reliability.md, Under load): 9,000 requests in 177 s, no error, server memory "
                      "221 to 251 MiB with no growth.", ""]
    verdict = "passed" if not data["problems"] else "FAILED: " + "; ".join(data["problems"])
    return out + [f"{data['when']}, load average {data['loadavg_at_start']} at its start: {summary(data)}. "
                  f"**{verdict}** (run took {data['wall_seconds']:.0f} s).", ""]


def main(argv: list[str] | None = None) -> int:
    import argparse

    from lineage.localdb.manager import free_port

    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__.splitlines()[0])
    parser.add_argument("--works", type=int, default=Plan.works, help="works generated (default 1,000,000)")
    parser.add_argument("--rounds", type=int, default=Plan.rounds, help="measured rounds (default 6)")
    parser.add_argument("--round-requests", type=int, default=Plan.round_requests, help="requests per round")
    parser.add_argument("--work-dir", type=Path, default=ROOT / "bench" / "work" / "soak",
                        help="dataset, Neo4j home and server log (default bench/work/soak)")
    parser.add_argument("--results-dir", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args(argv)
    plan = Plan(works=args.works, rounds=args.rounds, round_requests=args.round_requests)
    base = args.work_dir / f"{plan.works}"
    base.mkdir(parents=True, exist_ok=True)
    # The bench's memory for its 1M runs is 4g/4096 MiB; half of that keeps the
    # graph's store in the page cache and leaves room for the rest of the machine.
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update(LINEAGE_HOME=str(base / "home"), LINEAGE_HEAP="2g", LINEAGE_PAGECACHE_MIB="2048")
    started = datetime.now(timezone.utc)
    load_at_start = loadavg()
    with served_site(base, plan, env, free_port()) as site:
        result = drive(site, plan)
    wall = (datetime.now(timezone.utc) - started).total_seconds()
    result.update(when=started.strftime("%Y-%m-%d %H:%M UTC"), loadavg_at_start=load_at_start,
                  wall_seconds=round(wall, 1), problems=problems(result))
    args.results_dir.mkdir(parents=True, exist_ok=True)
    out = args.results_dir / f"soak-{plan.works}-{started.strftime('%Y-%m-%d')}.json"
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(summary(result))
    print("passed" if not result["problems"] else "FAILED: " + "; ".join(result["problems"]))
    print(f"results: {out}")
    return 1 if result["problems"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
