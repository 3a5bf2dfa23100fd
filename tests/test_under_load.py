"""The site under a bounded load (issue 6, section 5), at the suite's size.

The checks of ``python -m bench.soak`` (every request answers 200, the server
stays up without a traceback, its resident memory does not grow across the
run once warm) on a generated community of 20,000 works and fewer requests:
a warm-up of 200, then 4 rounds of 200 over the same mix of pages and API
routes. The 1M-work soak with 6 rounds of 1,500 is the benchmark's
(docs/benchmarks.md, figure 9); it catches a leak of 16 KiB a request, this
one a leak of about 100 KiB a request (400 requests in the second half, 40 MiB
allowed).

Nothing here is timed against a goal (a slow machine must not fail it); the
speed figures are bench/'s (docs/benchmarks.md, figure 5).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from lineage.localdb.manager import free_port
from process_helpers import clean_env

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # bench/ is a folder of the repository, not an installed package
    sys.path.insert(0, str(ROOT))

from bench.soak import Plan, drive, problems, served_site, summary  # noqa: E402

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]

PLAN = Plan(works=20_000, warmup=200, round_requests=200, rounds=4)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The site on waitress over the bulk-loaded 20k-work graph, in a Neo4j home of its own."""
    base = tmp_path_factory.mktemp("under-load")
    env = clean_env(base / "home", LINEAGE_HEAP="1g", LINEAGE_PAGECACHE_MIB="512")
    with served_site(base, PLAN, env, free_port()) as served:
        yield served


def test_bounded_load_no_errors_and_no_memory_growth(site):
    result = drive(site, PLAN)
    print(summary(result))
    assert sum(r["completed"] for r in result["rounds"]) > 0
    assert problems(result) == [], summary(result)
