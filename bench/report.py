"""docs/benchmarks.md and its plots (docs/img/bench-*.svg), rendered from bench/results/*.json."""

from __future__ import annotations

from pathlib import Path

from bench.results import latest
from bench.scales import FIGURES, FIGURE_NUMBERS, SCALES, TITLES
from bench.stats import SIZE_CLASSES, human

HEADER = """# Benchmarks

Rendered by `python -m bench` from `bench/results/*.json` (the newest results
file of each scale); edit `bench/report.py`, the commentary in
`bench/analysis.md` or the hand-written parts of sections in `bench/notes/`,
not this file. Every figure is measured beside its
baseline **in the same run**, on the same machine and the same generated data.
These are benchmarks, not tests: nothing here fails a build.

## Running it

```sh
pip install -e '.[dev,bench]'
python -m bench --scale 100k            # 10k | 100k | 1m (tiny: a smoke run)
python -m bench --scale 1m --only load --only bulk --keep-data
python -m bench --scale 100k --only load --profile   # + where the loader's time goes (py-spy)
python -m bench --render                 # only re-render this page from bench/results/
```

Data: `lineage generate` at a fixed seed ({seed}), cached in `bench/work/data/<scale>/`
(regenerated when the generator changes). Each figure runs on its own local
Neo4j (`lineage.localdb`, a fresh home under `bench/work/homes/`, removed after
the run unless `--keep-data`), with the heap and page cache of the scale set
through `LINEAGE_HEAP` and `LINEAGE_PAGECACHE_MIB` (table below). Command
output of each run is kept in `bench/work/logs/`. A figure whose command or
tool is missing says `not available: <why>` and the suite goes on.

**Ours vs baseline** reads "N× better" when ours is better (higher throughput,
lower time or memory) and "N× worse" otherwise.
"""

WHAT = {
    "search": "`lineage.search` through the driver on the loaded community (filled by `lineage load --bulk` when "
              "no other figure loaded it) and on the real OpenIDEO data, against the search before it (every "
              "word and its prefix OR-ed on the first full-text indexes, one kind at a time, given the right "
              "kind; its page query and its count). Query set (bench/search_quality.py, seeded, made from the "
              "data's own files, 50 a class): exact titles and whole handles count as found when first; a title "
              "with a typo, two words of a title, one misspelt distinctive word and handle prefixes when in the "
              "top 5. Suggest: `lineage.search.suggest` on each query two thirds typed.",
    "load": "`lineage load` (a separate process; wall time, peak memory: the resident sets of its processes "
            "summed, sampled every 0.1 s) into a fresh local Neo4j "
            "with the constraints in place, against `LOAD CSV WITH HEADERS … CALL (row) { MERGE … } IN "
            "TRANSACTIONS OF 10000 ROWS` on the same files (hard-linked into the server's import folder) on a "
            "second fresh server, a hand-written loader as Neo4j's documentation teaches it "
            "(`bench/children/handwritten_load.py`: batches of 10,000 rows, `UNWIND $rows AS r MERGE … SET …` "
            "in managed write transactions, relationships by two `MATCH` and a `MERGE`; a process of its own on a "
            "third fresh server), and a naive loader (one auto-commit transaction per row, on a sample of each "
            "file after an unmeasured warm-up; its whole-dataset rate weighs each file's rate by the file's "
            "rows). The node/relationship split of `lineage load` comes from polling the database's counts every "
            "0.2 s (it writes every node before the first relationship); the whole-load rate includes the "
            "process start and the validation of every row.",
    "bulk": "`lineage load --bulk` into an empty home, timed until a query answers, against "
            "`neo4j-admin database import full` alone (the AdminTool of the same Maven-resolved jars, on copies "
            "of the files with importer headers made beforehand, untimed); also shown: the importer plus the "
            "server start and constraint creation it needs to become queryable.",
    "queries": "The lineage API called as a user would (`lineage.api.ancestry`, `descendants`, `path`, "
               "`common_ancestry`, `lineage.api.credit_split`) for a seeded random sample of works, after the "
               "store was read once into the page cache and each function ran 20 times. Path: from the work to "
               "its farthest ancestor returned (else to the next sampled work); common ancestry: the work and "
               "the next sampled work. Lineage size = the works the query walks (ancestors + 1; descendants + 1; "
               "both ancestries for common ancestry). Baseline: the Cypher a newcomer writes "
               "(`MATCH p=(w:Work {id:$id})-[:REMIXES*]->(a) RETURN DISTINCT a`, its mirror, every path for "
               "path and common ancestry; for credit only that ancestry fetch) with a per-query timeout on the "
               "first works of the same sample; a query cut by the timeout counts as the timeout, so the "
               "baseline is a lower bound.",
    "metrics": "`lineage metrics` (or, where the command is missing or prints no phases, "
               "`lineage.metrics_db.run_metrics`, which it calls) in a process of its own: wall time, peak RSS, "
               "and its pull / compute / write split. Baseline: networkx defaults in a process of its own — one "
               "Cypher query for the edges into a DiGraph, `nx.pagerank`, and `nx.descendants`/`nx.ancestors` "
               "per work timed on a sample and extrapolated to every work; it writes nothing back.",
    "web": "`lineage serve` (waitress, 8 threads) under a bounded load from 127.0.0.1 only "
           "(`bench/loadgen.py`: keep-alive `http.client` connections, a fixed number of requests and a time "
           "limit per endpoint, then it stops) for `/api/works/<id>/lineage` and `/works/<id>` over the sampled "
           "works. Baselines: the same app on Flask's development server (Werkzeug, threaded), and the same "
           "lineage answers straight through the driver from as many threads (no HTTP: the floor).",
    "browser": "Debian's Chromium, headless, driven by Playwright: navigation to the graph container's "
               "`data-state=\"stable\"` (its `data-stable-ms` is `performance.now()`, i.e. since navigation "
               "started: page, scripts, graph JSON from the server, drawing), for works whose lineage is near "
               "100, 500 and 2,000 works, the page opened with `?cap=2000` (its default view draws 500 works and "
               "offers to widen). Baseline: pyvis's own default page (`Network()` defaults, "
               "`generate_html()`) for the same nodes and edges with the CDN vis-network replaced by the "
               "vendored file (bootstrap, also from a CDN, is refused offline), stable at vis-network's "
               "`stabilized` event. Responsiveness: clicks on the graph while it settles, timed from the input "
               "event to the next frame after the page handled it.",
}


def _better(entry: dict) -> str:
    tb = entry.get("times_better")
    if tb is None:
        return "–"
    bound = "≥ " if entry.get("baseline_lower_bound") else ""
    if tb >= 1:
        return f"{bound}{tb:.2f}× better"
    if tb <= 0:
        return "–"
    return f"{1 / tb:.2f}× worse" + (" (baseline cut by its timeout)" if bound else "")


def _baseline_value(entry: dict) -> str:
    text = human(entry["baseline_value"], entry.get("baseline_unit") or entry["unit"])
    return f"≥ {text}" if entry.get("baseline_lower_bound") and entry["baseline_value"] is not None else text


def _met(entry: dict) -> str:
    if entry.get("goal_met") is None:
        return ""
    return "yes" if entry["goal_met"] else "**no**"


def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _wall(run: dict) -> str:
    """The run's wall time; with ``--profile``, the profiled extra runs shown apart; later partial runs noted."""
    wall, extra = run.get("wall_seconds"), run.get("profiling_seconds") or 0
    text = human(wall, "s") if not extra or wall is None else f"{human(wall - extra, 's')} (+ {human(extra, 's')} profiling)"
    for later in run.get("later_runs") or []:
        text += (f"; {', '.join(later['figures'])} measured again at {str(later['started_at'])[11:16]} UTC "
                 f"in {human(later['wall_seconds'], 's')} (load avg {later.get('loadavg_at_start')})")
    return text


def _machine_table(runs: dict[str, dict]) -> list[str]:
    lines = ["| Scale | Date | Results | nproc | RAM | CPU | Java | Neo4j | Load avg at start | Heap / page cache | Wall time |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for scale, run in runs.items():
        m = run.get("machine", {})
        s = run.get("settings", {})
        lines.append(
            f"| {scale} | {run.get('date')} | `bench/results/{run['_file']}` | {m.get('nproc')} | {m.get('ram_gib')} GiB "
            f"| {_cell(m.get('cpu'))} | {_cell(m.get('java'))} | {_cell(m.get('neo4j') or '–')} "
            f"| {m.get('loadavg_at_start')} | {s.get('heap')} / {s.get('pagecache_mib')} MiB "
            f"| {_wall(run)} |"
        )
    return lines


def _data_table(runs: dict[str, dict]) -> list[str]:
    lines = ["| Scale | Works | Artists | Node rows | Relationship rows | CSV size | `lineage generate` | its peak RSS |",
             "|---|---|---|---|---|---|---|---|"]
    for scale, run in runs.items():
        d = run.get("dataset") or {}
        if not d:
            continue
        lines.append(
            f"| {scale} | {d['works']:,} | {d['artists']:,} | {d['node_rows']:,} | {d['relationship_rows']:,} "
            f"| {d['bytes'] / (1 << 20):,.0f} MiB | {human(d['generate_seconds'], 's')} "
            f"| {human(d['generate_peak_rss_mib'], 'MiB')} |"
        )
    return lines


def _figure_table(name: str, runs: dict[str, dict]) -> list[str]:
    lines = ["| Scale | Measure | Ours | Baseline | Baseline value | Ours vs baseline | Goal | Met | Note |",
             "|---|---|---|---|---|---|---|---|---|"]
    any_row = False
    for scale, run in runs.items():
        fig = (run.get("figures") or {}).get(name)
        if fig is None:
            continue
        any_row = True
        if fig["status"] in ("not available", "failed"):
            lines.append(f"| {scale} | {fig['status']}: {_cell(fig.get('reason'))} | | | | | | | |")
            continue
        for entry in fig["rows"]:
            ours = human(entry["value"], entry["unit"]) if entry["value"] is not None else (
                "–" if entry.get("note") else "not available")
            note = entry.get("note") or ""
            lines.append(
                f"| {scale} | {_cell(entry['measure'])} | {ours} | {_cell(entry['baseline'])} "
                f"| {_baseline_value(entry)} | {_better(entry)} "
                f"| {_cell(entry.get('goal') or '')} | {_met(entry)} | {_cell(note)} |"
            )
        if fig["status"] == "partial":
            lines.append(f"| {scale} | *partial: {_cell(fig.get('reason'))}* | | | | | | | |")
    if not any_row:
        lines.append("| – | not measured yet | | | | | | | |")
    return lines


def _load_details(runs: dict[str, dict]) -> list[str]:
    out = []
    for scale, run in runs.items():
        d = ((run.get("figures") or {}).get("load") or {}).get("details") or {}
        if not d:
            continue
        ll, lc, nv = d.get("lineage_load") or {}, d.get("load_csv") or {}, d.get("naive") or {}
        out.append(f"- **{scale}**: {d.get('node_rows', 0):,} node rows and {d.get('relationship_rows', 0):,} "
                   f"relationship rows. `lineage load`: {human(ll.get('seconds'), 's')} in all "
                   f"(peak RSS {human(ll.get('peak_rss_mib'), 'MiB')}; loader's own split "
                   f"{(ll.get('report') or {}).get('seconds')}). LOAD CSV per file: {lc.get('seconds')}. "
                   f"Naive sample: {nv.get('sample_rows')} rows in {nv.get('seconds')} s.")
        prof = ll.get("profile")
        if prof and prof.get("error"):
            out.append(f"  - py-spy profile: {prof['error']}")
        elif prof:
            out.append(f"  - Where `lineage load`'s time goes ({scale}; py-spy, {prof['samples']:,} samples in a "
                       f"separate, unmeasured run of {prof['seconds_under_profiler']} s; % of samples):")
            out.append("")
            out.append("    | On the stack (inclusive) | % | On top (self) | % |")
            out.append("    |---|---|---|---|")
            for (inc, inc_pct), (own, own_pct) in zip(prof["inclusive"], prof["self"]):
                out.append(f"    | `{_cell(inc)}` | {inc_pct} | `{_cell(own)}` | {own_pct} |")
            out.append("")
    return out


def _query_details(runs: dict[str, dict]) -> list[str]:
    out = []
    for scale, run in runs.items():
        fig = (run.get("figures") or {}).get("queries") or {}
        d = fig.get("details") or {}
        if not d.get("ours"):
            continue
        out.append(f"**{scale}** — {d.get('measured_works')} works measured of {d.get('sample_works')} sampled "
                   f"({d.get('measured_works_all_functions', d.get('measured_works'))} for path, common ancestry and credit) "
                   f"(works by ancestry size: {d.get('sizes')}); database loaded by {d.get('loaded_by')}; "
                   f"naive baseline on {d.get('naive_works')} works, timeout {d.get('naive_timeout_s')} s.")
        out.append("")
        head = "| Function | " + " | ".join(f"{c} n / p50 / p95 ms" for c, _, _ in SIZE_CLASSES) + \
               " | all: p50 / p95 / max ms | errors | naive (same works): p50 / p95 ms, timeouts | ours on those works: p50 / p95 ms |"
        out.append(head)
        out.append("|---" * (len(SIZE_CLASSES) + 6) + "|")
        for fn, entry in d["ours"].items():
            cells = []
            for c, _, _ in SIZE_CLASSES:
                e = entry[c]
                cells.append(f"{e['n']} / {human(e['p50_ms'])} / {human(e['p95_ms'])}" if e["n"] else "0")
            a = entry["all"]
            nv = d["naive"][fn]
            same = d["ours_on_naive_works"][fn]["all"]
            out.append(f"| {fn} | " + " | ".join(cells) +
                       f" | {human(a['p50_ms'])} / {human(a['p95_ms'])} / {human(a['max_ms'])} | {entry['errors']} "
                       f"| {human(nv['all']['p50_ms'])} / {human(nv['all']['p95_ms'])}, {nv['timeouts']} "
                       f"| {human(same['p50_ms'])} / {human(same['p95_ms'])} |")
        out.append("")
    return out


def _profiles(runs: dict[str, dict]) -> list[str]:
    out = []
    for scale, run in runs.items():
        d = ((run.get("figures") or {}).get("queries") or {}).get("details") or {}
        for p in d.get("profiles") or []:
            if p.get("error"):
                out += [f"**{scale}: `{p['function']}`** of `{p['work']}`: {p['error']}", ""]
                continue
            again = f" ({p['again_ms']} ms when run again)" if p.get("again_ms") is not None else ""
            out.append(f"**{scale}: `{p['function']}`** of `{p['work']}`"
                       + (f" (with `{p['other']}`)" if p.get("other") else "")
                       + (f", lineages {p['size_class']} (p95 {p['class_p95_ms']} ms): the call nearest that p95, "
                          if p.get("size_class") else ", the call nearest the function's p95: ")
                       + f"{p['call_ms']} ms{again}, lineage size {p['size']}; "
                       f"its slowest statement `queries/{p['query']}.cypher` took {p['query_ms']} ms "
                       f"({p['queries_run']} statements in the call), {p['db_hits']:,} db hits under PROFILE:")
            out.append("")
            out.append("```")
            out.extend(p["plan"])
            out.append("```")
            out.append("")
    return out


def _metrics_details(runs: dict[str, dict]) -> list[str]:
    out = []
    for scale, run in runs.items():
        d = ((run.get("figures") or {}).get("metrics") or {}).get("details") or {}
        if not d.get("ours"):
            continue
        rep = d["ours"].get("report") or {}
        nx = d.get("networkx") or {}
        out.append(f"- **{scale}** ({d.get('command')}): phases {rep.get('seconds')}, peak RSS after each "
                   f"{rep.get('peak_rss_mib')}, exact: {rep.get('exact')} {rep.get('notes') or ''}. networkx: "
                   f"{nx.get('seconds')}, peak {nx.get('peak_rss_mib')}; its PageRank differs from ours by at most "
                   f"{nx.get('pagerank_max_abs_diff')} over {nx.get('pagerank_compared')} works; descendant counts "
                   f"equal on {nx.get('descendants_exact_share')} of {nx.get('descendants_compared')} sampled works "
                   f"(max relative error {nx.get('descendants_max_rel_error')}), ancestor counts on "
                   f"{nx.get('ancestors_exact_share')} (max {nx.get('ancestors_max_rel_error')}).")
    return out


def _web_details(runs: dict[str, dict]) -> list[str]:
    lines = []
    for scale, run in runs.items():
        d = ((run.get("figures") or {}).get("web") or {}).get("details") or {}
        if not d.get("waitress"):
            continue
        if not lines:
            lines = ["| Scale | Server | Endpoint | Completed / requested | Time | req/s | p50 / p95 / p99 ms | Errors "
                     "| Server RSS before → after |", "|---|---|---|---|---|---|---|---|---|"]
        for server in ("waitress", "flask_dev", "driver"):
            for endpoint, r in (d.get(server) or {}).items():
                rss = (f"{human(r.get('server_rss_mib_before'), 'MiB')} → {human(r.get('server_rss_mib_after'), 'MiB')}"
                       if r.get("server_rss_mib_before") is not None else "–")
                lines.append(f"| {scale} | {server} | {endpoint} | {r['completed']:,} / {r['requested']:,} "
                             f"| {r['seconds']} s | {human(r['per_second'])} | {human(r['p50_ms'])} / "
                             f"{human(r['p95_ms'])} / {human(r['p99_ms'])} | {r['error_count']} | {rss} |")
    return lines


def _browser_details(runs: dict[str, dict]) -> list[str]:
    lines = []
    for scale, run in runs.items():
        d = ((run.get("figures") or {}).get("browser") or {}).get("details") or {}
        if not d.get("sizes"):
            continue
        if not lines:
            lines = ["| Scale | Target | Work | Lineage | Nodes / edges drawn | Ours: stable, median ms (runs) "
                     "| pyvis: stable ms (iterations done ms) | Ours: clicks while loading, worst / median ms; "
                     "longest task | pyvis: same |", "|---|---|---|---|---|---|---|---|---|"]
        for target, e in d["sizes"].items():
            pv = e.get("pyvis") or {}
            if isinstance(pv, list):  # results of an earlier version of the suite
                pv = pv[0] if pv else {}
            oc, pc = e["ours_clicks"], e["pyvis_clicks"]
            runs_ms = ", ".join(human(r.get("stable_ms")) for r in e.get("ours") or [])
            if e.get("pyvis_timed_out") and pv.get("blocked"):
                theirs = f"nothing drawn in {d.get('pyvis_timeout_s', 60):g} s (main thread held)"
            elif e.get("pyvis_timed_out"):
                theirs = f"not stable in {d.get('pyvis_timeout_s', 60):g} s ({pv.get('iterations')} iterations)"
            elif pv.get("error"):
                theirs = f"failed: {_cell(pv['error'])}"
            else:
                theirs = f"{human(e['pyvis_stable_ms'])} ({human(pv.get('iterations_done_ms'))})"

            def clicks(c: dict) -> str:
                return (f"{c['while_settling']}: {human(c['max_next_frame_ms'])} / {human(c['median_next_frame_ms'])}; "
                        f"{human(c.get('longest_task_ms'), 'ms')}")

            lines.append(
                f"| {scale} | {target} | `{e['work']}` | {e['lineage_size']:,} | {e['nodes']} / {e['edges']} "
                f"| {human(e['ours_stable_ms'])} ({runs_ms}) | {theirs} | {clicks(oc)} | {clicks(pc)} |")
        lines.append("")
        lines.append(f"{scale}: Chromium {d.get('chromium')}, {d.get('vis_network')}; requests refused "
                     f"(not loopback): {d.get('refused_count')} {d.get('refused_requests') or ''}")
        lines.append("")
    return lines


def _settings_table() -> list[str]:
    lines = ["| Scale | Works | Heap / page cache | Naive loader: rows per file (or time) | Query sample | Naive query sample, "
             "timeout, budget | Query time budget | networkx reach sample | Web: requests, limit, clients per endpoint "
             "| Browser sizes × runs |", "|---|---|---|---|---|---|---|---|---|---|"]
    for s in SCALES.values():
        lines.append(f"| {s.name} | {s.works:,} | {s.heap} / {s.pagecache_mib} MiB | {s.naive_rows:,} or {s.naive_seconds:g} s "
                     f"| {s.query_works:,} "
                     f"| {s.naive_query_works}, {s.naive_timeout_s:g} s, within {s.naive_budget_s:.0f} s | {s.query_budget_s:.0f} s "
                     f"| {s.nx_sample:,} "
                     f"| {s.web_requests:,}, {s.web_seconds:.0f} s, {s.web_clients} "
                     f"| {', '.join(map(str, s.browser_sizes))} × {s.browser_runs} |")
    return lines


NOTES = Path(__file__).resolve().parent / "notes"


def _older_than_the_code(name: str, runs: dict[str, dict]) -> list[str]:
    """A line per scale whose figure was measured on code that has changed since (or on uncommitted code)."""
    from bench.machine import commits_since

    root = Path(__file__).resolve().parent.parent
    lines = []
    for scale, run in runs.items():
        fig = run["figures"].get(name)
        if fig is None:
            continue
        commit = fig.get("commit") or (run.get("machine") or {}).get("commit")
        when = (fig.get("measured_at") or run.get("date") or "")[:10]
        if not commit:
            lines.append(f"- *{scale}: measured on {when}; the results do not say which commit.*")
            continue
        later = commits_since(root, commit)
        if later is None:
            lines.append(f"- *{scale}: measured on {when} at commit `{commit}`, which this checkout does not hold.*")
        elif later:
            commits = "1 later commit changes" if later == 1 else f"{later} later commits change"
            lines.append(f"- *{scale}: measured on {when} at commit `{commit}`; {commits} the "
                         f"code it measures, so this figure is older than the code.*")
        elif commit.endswith("-dirty"):
            lines.append(f"- *{scale}: measured on {when} at `{commit}`: code that was not committed.*")
    return lines


def _notes(name: str) -> str:
    """The hand-written part of a section, ``bench/notes/<name>.md`` (figures measured by scripts of their own,
    subsections a table cannot say), or ""."""
    path = NOTES / f"{name}.md"
    return path.read_text(encoding="utf-8").strip() if path.is_file() else ""


def render(results_dir: Path, doc: Path, img_dir: Path, analysis: Path | None = None) -> Path:
    """Rewrite ``doc`` (and its plots in ``img_dir``) from the results files."""
    from bench.scales import SEED

    runs = latest(results_dir)
    doc.parent.mkdir(parents=True, exist_ok=True)
    plots = _plots(runs, img_dir, doc.parent)
    out = [HEADER.format(seed=SEED)]
    out += ["## Machines and runs", ""] + _machine_table(runs) + [""]
    out += ["## Data", ""] + _data_table(runs) + [""]
    out += ["## Figures", ""]
    for name in FIGURES:
        out += [f"### {FIGURE_NUMBERS[name]}. {TITLES[name]}", ""]
        notes = _notes(name)
        if notes and not any(name in run["figures"] for run in runs.values()):
            out += [notes, ""]  # measured by its own scripts so far: their write-up stands for the figure
            continue
        out += [WHAT[name], ""] + _figure_table(name, runs) + [""]
        stale = _older_than_the_code(name, runs)
        if stale:
            out += stale + [""]
        extra = {"load": _load_details, "queries": _query_details, "metrics": _metrics_details,
                 "web": _web_details, "browser": _browser_details}.get(name)
        if extra:
            lines = extra(runs)
            if lines:
                out += lines + [""]
        if name == "queries":
            prof = _profiles(runs)
            if prof:
                out += ["#### PROFILE of the two slowest functions", "",
                        "For the two (function, lineage size) pairs of highest p95 (two different functions), "
                        "the call of that size nearest that p95 is run again with its statements timed, and its "
                        "slowest statement is run under `PROFILE` with the same parameters.", ""] + prof
        for title, rel in plots.get(name, []):
            out += [f"![{title}]({rel})", ""]
        if notes:
            out += [notes, ""]
    from bench.explorer import render_section  # its own results file (explorer-<date>.json)

    out += render_section(results_dir)
    explorer_notes = _notes("explorer")
    if explorer_notes:
        out += [explorer_notes, ""]
    from bench.soak import render_section as soak_section  # its own results file (soak-<works>-<date>.json)

    out += soak_section(results_dir)
    heavy_notes = _notes("heavy_pages")
    if heavy_notes:
        out += [heavy_notes, ""]
    out += ["## Samples and budgets per scale", "",
            "Sized so that `python -m bench --scale 100k` ends in under 15 minutes on a 2-core machine.", ""]
    out += _settings_table() + [""]
    if analysis is not None and analysis.is_file():
        out += ["## Analysis", "", analysis.read_text(encoding="utf-8").strip(), ""]
    doc.write_text("\n".join(out).rstrip() + "\n", encoding="utf-8")
    return doc


# -- plots ----------------------------------------------------------------------------------------
def _plots(runs: dict[str, dict], img_dir: Path, doc_dir: Path) -> dict[str, list[tuple[str, str]]]:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return {}
    plt.rcParams["svg.hashsalt"] = "remix-lineage-bench"  # the same plot, the same file
    img_dir.mkdir(parents=True, exist_ok=True)
    made: dict[str, list[tuple[str, str]]] = {}

    def save(fig, name: str, figure: str, title: str) -> None:
        path = img_dir / f"bench-{name}.svg"
        fig.tight_layout()
        fig.savefig(path, format="svg", metadata={"Date": None})
        plt.close(fig)
        try:
            rel = path.relative_to(doc_dir)
        except ValueError:
            rel = path
        made.setdefault(figure, []).append((title, str(rel)))

    real = {s: r for s, r in runs.items() if s != "tiny"} or runs
    works = {s: (r.get("dataset") or {}).get("works") for s, r in real.items()}

    def series(figure: str, pick) -> list[tuple[int, float]]:
        pts = []
        for s, r in real.items():
            fig = (r.get("figures") or {}).get(figure)
            if not fig or fig["status"] in ("failed", "not available") or not works.get(s):
                continue
            try:
                value = pick(fig["details"])
            except (KeyError, TypeError, IndexError):
                value = None
            if value is not None:
                pts.append((works[s], value))
        return sorted(pts)

    def line(ax, pts, label, style="-o") -> bool:
        if not pts:
            return False
        ax.plot([p[0] for p in pts], [p[1] for p in pts], style, label=label)
        return True

    # 1. load throughput against data size
    fig, ax = plt.subplots(figsize=(6.4, 4))
    drawn = [
        line(ax, series("load", lambda d: d["lineage_load"]["rows_per_s"]), "lineage load (whole)"),
        line(ax, series("load", lambda d: d["lineage_load"]["relationship_rows_per_s"]), "lineage load (relationships)", "--o"),
        line(ax, series("load", lambda d: d["load_csv"]["rows_per_s"]), "LOAD CSV (whole)"),
        line(ax, series("load", lambda d: d["load_csv"]["relationship_rows_per_s"]), "LOAD CSV (relationships)", "--s"),
        line(ax, series("load", lambda d: d["naive"]["rows_per_s"]), "naive, 1 tx per row", ":^"),
    ]
    if any(drawn):
        ax.set(xscale="log", yscale="log", xlabel="works", ylabel="rows per second", title="Online load throughput")
        ax.legend(fontsize=8)
        save(fig, "load-throughput", "load", "Online load: rows per second against data size")
    else:
        plt.close(fig)

    # 3. query p95 against data size, and by lineage size at the largest scale
    fig, ax = plt.subplots(figsize=(6.4, 4))
    drawn = []
    for fn in ("ancestry", "descendants", "path", "common_ancestry", "credit"):
        drawn.append(line(ax, series("queries", lambda d, fn=fn: d["ours"][fn]["up_to_1000"]["p95_ms"]), fn))
    drawn.append(line(ax, series("queries", lambda d: d["naive"]["ancestry"]["up_to_1000"]["p95_ms"]),
                      "naive ancestry Cypher", ":^"))
    if any(drawn):
        ax.axhline(50, color="grey", lw=0.8, ls="--")
        ax.set(xscale="log", yscale="log", xlabel="works", ylabel="p95 ms (lineages ≤ 1,000 nodes)",
               title="Lineage queries, warm cache")
        ax.legend(fontsize=8)
        save(fig, "query-p95", "queries", "Lineage queries: p95 against data size (the dashed line is the 50 ms goal)")
    else:
        plt.close(fig)
    top = next((r for r in reversed(list(real.values()))
                if ((r.get("figures") or {}).get("queries") or {}).get("details", {}).get("ours")), None)
    if top is not None:
        d = top["figures"]["queries"]["details"]["ours"]
        fig, ax = plt.subplots(figsize=(7.2, 4))
        fns = list(d)
        width = 0.8 / len(SIZE_CLASSES)
        for i, (cls, _, _) in enumerate(SIZE_CLASSES):
            values = [d[fn][cls]["p95_ms"] or 0 for fn in fns]
            ax.bar([x + i * width for x in range(len(fns))], values, width, label=f"lineage {cls}")
        ax.set_xticks([x + width for x in range(len(fns))], fns, fontsize=8)
        ax.set(yscale="log", ylabel="p95 ms", title=f"p95 by lineage size at {top['scale']}")
        ax.axhline(50, color="grey", lw=0.8, ls="--")
        ax.legend(fontsize=8)
        save(fig, "query-classes", "queries", f"Lineage queries at {top['scale']}: p95 by lineage size")

    # 4. metrics
    fig, ax = plt.subplots(figsize=(6.4, 4))
    drawn = [
        line(ax, series("metrics", lambda d: d["ours"]["wall_seconds"]), "lineage metrics (wall)"),
        line(ax, series("metrics", lambda d: d["networkx"]["seconds"]["pull"] + d["networkx"]["seconds"]["compute"]),
             "networkx defaults (pull + compute, extrapolated)", "--s"),
    ]
    if any(drawn):
        ax.set(xscale="log", yscale="log", xlabel="works", ylabel="seconds", title="Metrics")
        ax.legend(fontsize=8)
        save(fig, "metrics", "metrics", "Metrics: seconds against data size")
    else:
        plt.close(fig)

    # 5. web
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(9, 3.8))
    drawn = []
    for server, label, style in (("waitress", "waitress", "-o"), ("flask_dev", "Flask dev server", "--s"),
                                 ("driver", "driver direct", ":^")):
        drawn.append(line(a1, series("web", lambda d, s=server: d[s]["api"]["per_second"]), label, style))
        line(a2, series("web", lambda d, s=server: d[s]["api"]["p95_ms"]), label, style)
    if any(drawn):
        a1.set(xscale="log", xlabel="works", ylabel="requests/s", title="Lineage API throughput")
        a2.set(xscale="log", xlabel="works", ylabel="p95 ms", title="Lineage API p95")
        a1.legend(fontsize=8)
        save(fig, "web", "web", "Lineage API under load: requests per second and p95 against data size")
    else:
        plt.close(fig)

    # 6. browser at the largest scale measured
    top = next((r for r in reversed(list(real.values()))
                if ((r.get("figures") or {}).get("browser") or {}).get("details", {}).get("sizes")), None)
    if top is not None:
        sizes = top["figures"]["browser"]["details"]["sizes"]
        cut = top["figures"]["browser"]["details"].get("pyvis_timeout_s", 60)
        pts = sorted((e["nodes"] or 0, e["ours_stable_ms"],
                      cut * 1000 if e.get("pyvis_timed_out") else e["pyvis_stable_ms"], e.get("pyvis_timed_out"))
                     for e in sizes.values())
        fig, ax = plt.subplots(figsize=(6.4, 4))
        ax.plot([p[0] for p in pts], [(p[1] or 0) / 1000 for p in pts], "-o", label="our work page")
        ax.plot([p[0] for p in pts if p[2]], [p[2] / 1000 for p in pts if p[2]], "--s",
                label=f"pyvis default page (cut at {cut:g} s: ▲)")
        for p in pts:
            if p[3]:
                ax.plot([p[0]], [cut], "^", color="C1")
        ax.axhline(3, color="grey", lw=0.8, ls="--")
        ax.set(xlabel="nodes drawn", ylabel="seconds from navigation to stable", title=f"Browser at {top['scale']}")
        ax.legend(fontsize=8)
        save(fig, "browser", "browser", f"Browser at {top['scale']}: navigation to a stable graph (dashed: 3 s goal)")
    return made
