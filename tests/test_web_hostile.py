"""``lineage serve`` under hostile console queries and idle connections (issue 17, part 3), on loopback.

The site runs as a person starts it (waitress), over a Neo4j of its own: the
doubling-string query may kill that JVM (until the launcher caps a
transaction's memory), and the session's Neo4j must not go with it.

Eight hostile console queries are sent at once: the uninterruptible reduce
of the issue, brackets nested 5,000 and 3,000 deep, 200 rows of 1 MiB, the
doubling string. While they run, a work page and /api/stats are asked for
again and again; each must answer within PAGE_BOUND, each hostile query
must get an answer with a message (400 refused, 429 busy, 504 at its
timeout, or 200 cut at the size cap) within its timeout and a few seconds,
and the server must not crash or log a traceback.
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request

import pytest

from lineage.config import from_env
from lineage.console import DEADLINE_GRACE
from lineage.db import Graph
from lineage.localdb import LocalNeo4j
from lineage.localdb.manager import free_port
from process_helpers import LINEAGE, clean_env, stop
from web import DEFAULTS
from web_helpers import load_sample

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]

TIMEOUT = DEFAULTS["QUERY_TIMEOUT"]
# Seconds a hostile query's answer may come after its timeout (the deadline's grace, and a loaded machine).
SLACK = DEADLINE_GRACE + 5
PAGE_BOUND = 15.0  # seconds: a page answers within this while the hostile queries run (50-300 ms when idle)
IDLE_CONNECTIONS = 300  # waitress's default limit of 100 was filled by 120

# The reduce went to 2e9 (22-50 s); 1e9 outlasts the 10 s timeout on any machine and burns less.
REDUCE = "RETURN reduce(a = 0, i IN range(1, 1000000000) | a + i) AS total"
HOSTILE = [  # sent in this order, 0.2 s apart: the two reduces take both console slots
    ("reduce", REDUCE),
    ("reduce-again", REDUCE.replace("a + i", "a + 1")),
    ("lists-5000-deep", "RETURN " + "[" * 5000 + "1" + "]" * 5000 + " AS x"),
    ("maps-3000-deep", "RETURN " + "{a: " * 3000 + "1" + "}" * 3000 + " AS x"),
    ("mib-rows", "UNWIND range(1, 200) AS i RETURN i, reduce(s = 'x', k IN range(1, 20) | s + s) AS big"),
    ("mib-rows-again", "UNWIND range(1, 200) AS i RETURN reduce(s = 'y', k IN range(1, 20) | s + s) AS big"),
    ("doubling", "RETURN size(reduce(s = 'x', i IN range(1, 40) | s + s)) AS n"),
    ("reduce-third", REDUCE),
]
PAGES = ["/works/w1", "/api/stats"]


def fetch(url: str, *, body: dict | None = None, timeout: float = 120) -> tuple[int, bytes, float]:
    """(status, body, seconds) of one request; HTTP errors are answers too."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"} if data else {})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read(), time.monotonic() - started
    except urllib.error.HTTPError as err:
        return err.code, err.read(), time.monotonic() - started


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """(base url, server process, server log, the Neo4j): ``lineage serve`` over a Neo4j of its own."""
    home = tmp_path_factory.mktemp("hostile-home")
    local = LocalNeo4j(home)
    status, _ = local.start(port=free_port())
    serve = None
    try:
        graph = Graph.connect(from_env({"LINEAGE_HOME": str(home)}).with_uri(status.uri))
        try:
            graph.ensure_schema()
            load_sample(graph)
        finally:
            graph.close()
        log = home / "serve.log"
        with open(log, "w", encoding="utf-8") as log_file:
            serve = subprocess.Popen([LINEAGE, "serve", "--port", "0"], env=clean_env(home),
                                     stdout=subprocess.PIPE, stderr=log_file, text=True)
        line = serve.stdout.readline()
        match = re.search(r"(http://127\.0\.0\.1:\d+)/", line)
        assert match, line + log.read_text(encoding="utf-8")
        base = match.group(1)
        # A cold JVM on a loaded machine plans the first queries slowly (15 s and more, past
        # PAGE_QUERY_TIMEOUT): warm the pages up, within a bound, before anything is measured.
        for _ in range(10):
            if max(fetch(base + p, timeout=120)[2] for p in PAGES) < 2:
                break
        yield base, serve, log, local
    finally:
        if serve is not None:
            stop(serve, timeout=30)
        local.stop()


def test_idle_connections_do_not_stop_the_site(site):
    base, serve, _, _ = site
    port = int(base.rsplit(":", 1)[1])
    idle = []
    try:
        for _ in range(IDLE_CONNECTIONS):
            idle.append(socket.create_connection(("127.0.0.1", port), timeout=10))
        time.sleep(1)  # let the server accept them all
        status, _, took = fetch(base + "/api/stats", timeout=60)
        print(f"{IDLE_CONNECTIONS} idle connections open: /api/stats {status} in {took:.2f} s")
        assert status == 200 and took < PAGE_BOUND
    finally:
        for s in idle:
            s.close()
    assert serve.poll() is None


def test_a_foreign_host_name_is_refused_by_the_server(site):
    base, _, _, _ = site
    request = urllib.request.Request(base + "/api/stats", headers={"Host": "attacker.example"})
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(request, timeout=60)
    assert err.value.code == 400


def test_eight_hostile_queries_at_once_leave_the_site_answering(site):
    base, serve, log, local = site
    baseline = [fetch(base + p)[2] for p in PAGES]
    answers: dict[str, tuple[int, str, float]] = {}

    def hostile(name: str, query: str) -> None:
        status, body, took = fetch(base + "/api/console", body={"query": query}, timeout=TIMEOUT + 120)
        try:
            parsed = json.loads(body)
            message = parsed["error"]["message"] if status != 200 else (parsed.get("truncated_reason") or "")
        except ValueError:
            message = body[:200].decode("utf-8", "replace")
        answers[name] = (status, message, took, len(body))

    threads = []
    for name, query in HOSTILE:
        threads.append(threading.Thread(target=hostile, args=(name, query)))
        threads[-1].start()
        time.sleep(0.2)
    pages = []
    while any(t.is_alive() for t in threads):
        for path in PAGES:
            status, _, took = fetch(base + path, timeout=60)
            pages.append((path, status, took))
        time.sleep(0.3)
    for t in threads:
        t.join()
    neo4j_alive = local.status().running
    summary = (f"pages before {['%.2f' % t for t in baseline]} s; while hostile: {len(pages)} answered, "
               f"slowest {max(t for _, _, t in pages):.2f} s, statuses {sorted({s for _, s, _ in pages})}; "
               f"hostile: " + "; ".join(f"{n} {s} in {t:.1f} s ({size:,} B): {m[:70]}"
                                        for n, (s, m, t, size) in answers.items())
               + f"; Neo4j alive after: {neo4j_alive}")
    print(summary)

    assert serve.poll() is None, "the site went down"
    assert "Traceback" not in log.read_text(encoding="utf-8"), summary
    assert len(answers) == len(HOSTILE)
    for name, (status, message, took, size) in answers.items():
        assert status in (200, 400, 429, 504) or (status == 503 and not neo4j_alive), (name, summary)
        assert message, (name, summary)  # says what happened
        assert took <= TIMEOUT + SLACK, (name, summary)
        assert size <= DEFAULTS["CONSOLE_MAX_BYTES"] + 64 * 1024, (name, summary)
        if status == 200:
            assert "size cap" in message, (name, summary)
    assert answers["lists-5000-deep"][0] == 400 and answers["maps-3000-deep"][0] == 400
    assert answers["reduce"][0] == 504 and TIMEOUT <= answers["reduce"][2]
    assert 429 in {s for s, *_ in answers.values()}  # more than two at once: refused at once
    assert all(took <= PAGE_BOUND for _, _, took in pages), summary
    # Pages fail only with a database that died, and then with a 503 and its message.
    assert all(status == 200 or (status == 503 and not neo4j_alive) for _, status, _ in pages), summary


def test_the_doubling_string_alone_is_answered_and_the_site_stays_up(site):
    """Run last: the doubling string on its own, once the reduces have left their slots.

    Until the launcher caps a transaction's memory, the JVM may die of it (after the site has
    answered): then the pages are a quick 503 with the site's message, and the site stays up.
    """
    base, serve, log, local = site
    waited_from = time.monotonic()
    while time.monotonic() - waited_from < 600:
        status, _, _ = fetch(base + "/api/console", body={"query": "RETURN 1"}, timeout=60)
        if status != 429:
            break
        time.sleep(2)
    freed = time.monotonic() - waited_from
    status, body, took = fetch(base + "/api/console", body={"query": HOSTILE[6][1]}, timeout=TIMEOUT + 120)
    message = json.loads(body)["error"]["message"] if status != 200 else ""
    time.sleep(5)  # a JVM out of memory may take a few seconds to go
    page_status, _, page_took = fetch(base + "/api/stats", timeout=60)
    neo4j_alive = local.status().running
    print(f"console free again after {freed:.0f} s; doubling string alone: {status} in {took:.1f} s: "
          f"{message[:90]}; Neo4j alive after: {neo4j_alive}; /api/stats then {page_status} in {page_took:.2f} s")
    assert serve.poll() is None and "Traceback" not in log.read_text(encoding="utf-8")
    assert status in (400, 504) or (status == 503 and not neo4j_alive), (status, message)
    assert message and took <= TIMEOUT + SLACK
    assert page_took <= PAGE_BOUND and (page_status == 200 or (page_status == 503 and not neo4j_alive))
