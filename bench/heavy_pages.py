"""``python -m bench.heavy_pages``: the pages people open first, on a loaded graph, warm.

People do not open random works: the home page lists the most influential
works and artists, and those pages are the slowest. On the graph named by
NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD (read only; ``lineage metrics`` run, so
the widest-reaching artists' reach is stored, see lineage/reach.py), this
times, through the site's WSGI app in this process (Flask, the JSON, the
headers; no socket), each URL once unmeasured and then ``--runs`` times:

- the top ``--top`` works by descendants and by direct remixes: the work page,
  ``/api/works/W/lineage``, ``graph.json`` and ``/api/works/W/credit``;
- the top ``--top`` artists by downstream works and by works: the artist page,
  ``/api/artists/A/influence`` and ``graph.json``;

today's graph and, with ``--as-of``, as of a day. A day is walked over the
graph's arrays once the site has read them (web/reach_index.py, once per
version of the graph): before the as-of pass each site is asked one as-of page
and waited for until its index is read; the time and the memory that took are
reported (``index``), and until then a day is walked live. Each address
is timed twice: ``gathered_ms`` by a site that keeps no answers
(``ANSWER_CACHE_MIB=0``: what a first view of the graph's current version
costs), ``kept_ms`` by a site that keeps them (web/answer_cache.py: the view
again, or by anyone else, until the graph changes). Baseline, in the same
run: each artist's influence walked live
(``lineage.api.artist_influence(stored=False)``, what every artist page did
before the reach was stored). Prints one JSON object (also to ``--out``), with
the load average before and after (the machine may be shared).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import time
from datetime import datetime, timezone

import click

QUERY_TOP = "MATCH (n:{label}) WHERE n.{key} IS NOT NULL RETURN n.id AS id ORDER BY n.{key} DESC, n.id LIMIT $n"
# Labels and keys from these pairs only (never from input): what the home page ranks by.
RANKINGS = {"works": (("Work", "descendants"), ("Work", "direct_remixes")),
            "artists": (("Artist", "downstream_works"), ("Artist", "works"))}


def _loadavg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _commit() -> str | None:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def _timed(call, runs: int) -> float:
    call()  # warm: plans cached, pages in the page cache
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1)


def _rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        kib = next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
    return round(kib / 1024, 1)


def read_index(client, url: str, timeout: float = 600.0) -> dict:
    """Ask ``client``'s site one as-of page, then wait until its reach index is read: seconds and memory it took."""
    from web.reach_index import EXTENSION

    holder = client.application.extensions[EXTENSION]
    before, started = _rss_mib(), time.perf_counter()
    client.get(url)
    while holder._reading is not None and time.perf_counter() - started < timeout:
        time.sleep(0.1)
    return {"read": holder._index is not None, "seconds": round(time.perf_counter() - started, 1),
            "rss_growth_mib": round(_rss_mib() - before, 1)}


def top(graph, kind: str, n: int) -> list[str]:
    ids: dict[str, None] = {}
    for label, key in RANKINGS[kind]:
        for row in graph.read_text(QUERY_TOP.format(label=label, key=key), {"n": n}):
            ids.setdefault(row["id"])
    return list(ids)


def urls(works: list[str], artists: list[str], as_of: str | None) -> list[str]:
    """The heavy pages' addresses.

    >>> urls(["w1"], ["a1"], "2020-01-01")[0]
    '/works/w1?as_of=2020-01-01'
    """
    out = []
    for w in works:
        out += [f"/works/{w}", f"/api/works/{w}/lineage", f"/works/{w}/graph.json", f"/api/works/{w}/credit"]
    for a in artists:
        out += [f"/artists/{a}", f"/api/artists/{a}/influence", f"/artists/{a}/graph.json"]
    return [f"{u}?as_of={as_of}" if as_of else u for u in out]


@click.command()
@click.option("--top", "top_n", default=3, show_default=True, help="Works and artists taken from each ranking.")
@click.option("--runs", default=3, show_default=True, help="Timed requests per address (the median is kept).")
@click.option("--as-of", default=None, help="Also time every address as of this day (YYYY-MM-DD).")
@click.option("--out", default=None, type=click.Path(dir_okay=False), help="Also write the JSON here.")
def main(top_n: int, runs: int, as_of: str | None, out: str | None) -> None:
    """Time the heavy pages of the graph named by NEO4J_URI, beside the live walk of each artist's influence."""
    from lineage import api
    from lineage.config import from_env
    from lineage.db import Graph
    from web import create_app

    graph = Graph.connect(from_env())
    gathers = create_app({"ANSWER_CACHE_MIB": 0}).test_client()
    keeps = create_app().test_client()
    works, artists = top(graph, "works", top_n), top(graph, "artists", top_n)
    result = {"when": datetime.now(timezone.utc).isoformat(timespec="seconds"), "commit": _commit(),
              "uri": graph.uri, "loadavg_before": _loadavg(), "runs": runs, "pages": [], "baseline": []}
    for day in [None, as_of] if as_of else [None]:
        if day is not None:
            first = f"/api/artists/{artists[0]}/influence?as_of={day}"
            result["index"] = {"gathering_site": read_index(gathers, first), "keeping_site": read_index(keeps, first)}
        for url in urls(works, artists, day):
            status = gathers.get(url).status_code
            result["pages"].append({"url": url, "as_of": day, "status": status,
                                    "gathered_ms": _timed(lambda url=url: gathers.get(url), runs),
                                    "kept_ms": _timed(lambda url=url: keeps.get(url), runs)})
    for artist in artists:
        result["baseline"].append({
            "artist": artist,
            "stored_ms": _timed(lambda: api.artist_influence(graph, artist), runs),
            "live_ms": _timed(lambda: api.artist_influence(graph, artist, stored=False), runs)})
    result["loadavg_after"] = _loadavg()
    result["slowest_gathered"] = max(result["pages"], key=lambda p: p["gathered_ms"])
    result["slowest_kept"] = max(result["pages"], key=lambda p: p["kept_ms"])
    text = json.dumps(result, indent=2)
    if out:
        with open(out, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    click.echo(text)


if __name__ == "__main__":
    main()
