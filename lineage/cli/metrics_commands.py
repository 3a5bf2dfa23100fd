"""``lineage metrics``, ``lineage credit`` and ``lineage top``: influence and credit."""

from __future__ import annotations

import click

from lineage import api
from lineage.cli import UserError, main
from lineage.cli.options import as_of_option, home_option, json_option, plural, print_json, print_table, settings_for
from lineage.cli.credit_commands import policy_options
from lineage.credit import EXPLAIN_LIMIT, make_policy, parse_amount
from lineage.metrics import DEFAULT_EXACT_LIMIT, DEFAULT_SKETCH_SIZE
from lineage.metrics_db import DEFAULT_BATCH
from lineage.model import ARTIST_METRICS, WORK_METRICS
from lineage.limits import ITEMS, METRIC, TOP_LIMIT


def _connect(home: str | None):
    from lineage.db import Graph

    return Graph.connect(settings_for(home))


# ---------------------------------------------------------------------------
# lineage metrics
# ---------------------------------------------------------------------------
@main.command("metrics")
@click.option("--batch", type=click.IntRange(100, 100_000), default=DEFAULT_BATCH, show_default=True,
              help="Rows per record when pulling and per transaction when writing back.")
@click.option("--exact-limit", type=click.IntRange(min=0), default=DEFAULT_EXACT_LIMIT, show_default=True,
              help="Set entries the exact transitive counts may use (with --engine spark: closure pairs); "
                   "past it they are estimated with sketches.")
@click.option("--sketch-size", type=click.IntRange(16, 65_536), default=DEFAULT_SKETCH_SIZE, show_default=True,
              help="Members a bottom-k sketch keeps (relative error about 1/sqrt(k-2)) when estimating.")
@click.option("--engine", type=click.Choice(["inprocess", "spark"]), default="inprocess", show_default=True,
              help="Compute in this process (numpy) or on Apache Spark (needs the spark extra; docs/scaling.md).")
@click.option("--master", default=None, metavar="URL",
              help="With --engine spark: the Spark master (default local[*], every core of this machine).")
@click.option("--spark-conf", "spark_conf", multiple=True, metavar="KEY=VALUE",
              help="With --engine spark: a Spark setting, e.g. spark.driver.memory=4g (repeatable).")
@click.option("--snapshot", type=click.Path(file_okay=False), default=None, metavar="DIR",
              help="With --engine spark: keep the Parquet snapshot and results in DIR (empty or new) "
                   "instead of a temporary folder.")
@home_option
@json_option
def metrics_command(batch: int, exact_limit: int, sketch_size: int, engine: str, master: str | None,
                    spark_conf: tuple[str, ...], snapshot: str | None, home: str | None, as_json: bool) -> None:
    """Compute every work's and artist's influence metrics and write them back.

    Pulls the REMIXES and CONTRIBUTED graph from Neo4j, computes (see
    docs/metrics.md) and writes the values as properties in batches:
    Work: direct_remixes, descendants, ancestors, generation, pagerank,
    bridge; Artist: works, works_remixed, downstream_works,
    downstream_artists, h_index, influence. Rerunning is idempotent.
    PageRank is solved until every work's rank is within 1e-10 (relative)
    of the exact one; the run prints its iterations and final residual.
    With --engine spark the graph goes through a Parquet snapshot and the
    same metrics are computed on Apache Spark (docs/scaling.md).
    """
    if engine != "spark" and (master or spark_conf or snapshot):
        raise UserError("--master, --spark-conf and --snapshot go with --engine spark")
    if engine == "spark":
        from lineage.metrics_spark import DEFAULT_MASTER, parse_conf

        conf = parse_conf(spark_conf)  # checked before connecting
        from lineage.metrics_spark import run_spark_metrics

        with _connect(home) as graph:
            report = run_spark_metrics(graph, master=master or DEFAULT_MASTER, conf=conf, snapshot=snapshot,
                                       batch=batch, exact_limit=exact_limit)
    else:
        from lineage.metrics_db import run_metrics

        with _connect(home) as graph:
            report = run_metrics(graph, batch=batch, exact_limit=exact_limit, sketch_size=sketch_size)
    if as_json:
        print_json(report.to_dict())
        return
    click.echo(f"works {report.works:,}  artists {report.artists:,}  remixes {report.remixes:,}  "
               f"contributions {report.contributions:,}")
    if engine == "spark":
        click.echo(f"engine: spark ({report.master})")
    pr = report.pagerank
    if pr:
        click.echo(f"pagerank: {pr['iterations']} iterations, every work within {pr['error_bound']:.1e} "
                   f"of the exact rank (tolerance {pr['tolerance']:g}, relative); "
                   f"final residual {pr['residual']:.1e}")
    if report.exact:
        click.echo("transitive counts: exact")
    elif engine == "spark":
        click.echo(f"transitive counts: estimated with HyperLogLog sketches, within "
                   f"{report.transitive['bound']:.1%} (3 standard errors)")
    else:
        click.echo(f"transitive counts: estimated with bottom-{report.sketch_size} sketches where larger than "
                   f"{report.sketch_size} ({report.estimated_works:,} works, {report.estimated_artists:,} artists)")
    for note in report.notes:
        click.echo(f"note: {note}")
    rows = [{"phase": phase, "seconds": f"{report.seconds[phase]:.2f}",
             "peak MiB": f"{report.peak_rss_mib[phase]:.0f}" if phase in report.peak_rss_mib else ""}
            for phase in ("pull", "compute", "write", "total")]
    print_table(rows)


# ---------------------------------------------------------------------------
# lineage credit
# ---------------------------------------------------------------------------
@main.command("credit")
@click.argument("work_id")
@policy_options
@click.option("--amount", default=None, metavar="X",
              help="Money to split (at most two decimals): parts rounded to cents, adding up exactly.")
@as_of_option("The lineage as it stood on that day (later works left out).")
@click.option("--explain", "explain_artist", default=None, metavar="ARTIST_ID",
              help="Print the chains through which this artist earned their share.")
@click.option("--limit", type=click.IntRange(1, 10_000), default=EXPLAIN_LIMIT, show_default=True,
              help="Chains --explain prints, largest first.")
@home_option
@json_option
def credit_command(work_id: str, keep: float, decay: float | None, cap: float | None, maps: bool, amount: str | None,
                   as_of: str | None, explain_artist: str | None, limit: int, home: str | None, as_json: bool) -> None:
    """Split the credit of WORK_ID between the artists of its lineage.

    A fraction --keep stays with the work's contributors (split by their
    CONTRIBUTED weights), the rest passes to its sources (split by REMIXES
    weights) and is split again the same way back to the origins; an origin
    without contributors leaves its part unattributed. The rule and a worked
    example: docs/credit.md; --decay, --cap and --credit-maps change the
    policy (docs/credit.md, "Credit policies").
    """
    policy = make_policy(keep, decay=decay, cap=cap, maps=maps)
    if amount is not None:
        parse_amount(amount)  # checked before connecting
    from lineage import api

    with _connect(home) as graph:
        work_id = api.resolve_work(graph, work_id)
        if explain_artist is not None:
            answer = api.explain_credit(graph, work_id, api.resolve_artist(graph, explain_artist), policy=policy,
                                    as_of=as_of, limit=limit)
        else:
            answer = api.credit_split(graph, work_id, policy=policy, amount=amount, as_of=as_of)
    if as_json:
        print_json(answer)
    elif explain_artist is not None:
        _print_explanation(answer)
    else:
        _print_split(answer)


def _who(entry: dict) -> str:
    handle, name = entry.get("handle"), entry.get("name")
    label = handle or entry["artist_id"]
    return f"{label} ({name})" if name and name != label else label


def _print_split(answer: dict) -> None:
    as_of = f", as of {answer['as_of']}" if answer["as_of"] else ""
    click.echo(f"credit of {answer['work_id']} (keep {answer['keep']:g}{as_of}): "
               f"{plural(answer['works'], 'work')} in the lineage, {plural(len(answer['shares']), 'artist')}")
    money = answer["amount"] is not None
    rows = []
    for s in answer["shares"]:
        row = {"artist": s["artist_id"], "handle": s["handle"], "name": s["name"], "works": s["works"],
               "share": f"{s['share']:.6f}"}
        if money:
            row["amount"] = f"{s['cents'] / 100:,.2f}"
        rows.append(row)
    print_table(rows)
    if answer["unattributed"] > 0:
        works = ", ".join(answer["unattributed_works"][:10])
        more = f" and {len(answer['unattributed_works']) - 10} more" if len(answer["unattributed_works"]) > 10 else ""
        line = (f"unattributed: {answer['unattributed']:.6f} (origins without contributors: {works}{more})")
        if money:
            line += f", amount {answer['unattributed_cents'] / 100:,.2f}"
        click.echo(line)
    else:
        click.echo("unattributed: 0 (every origin reached has contributors)")
    total = f"total: {answer['total']:.6f}"
    if money:
        total += f", amount {answer['amount']:,.2f} = sum of the parts"
    click.echo(total)


def _print_explanation(answer: dict) -> None:
    who = _who(answer)
    click.echo(f"{who} earned {answer['share']:.6f} of the credit of {answer['work_id']} "
               f"(keep {answer['keep']:g}) through {plural(answer['chains_total'], 'chain')}")
    if not answer["chains"]:
        click.echo("(no chain: the artist contributed to no work of this lineage that keeps credit)")
        return
    print_table([{"share": f"{c['share']:.6f}", "chain (work -> its source -> ...)": " -> ".join(c["works"])}
                 for c in answer["chains"]])
    if answer["truncated"]:
        click.echo(f"showing the {len(answer['chains']):,} largest of {answer['chains_total']:,} chains "
                   f"({answer['shown_share']:.6f} of {answer['share']:.6f}); --limit shows more")


# ---------------------------------------------------------------------------
# lineage top
# ---------------------------------------------------------------------------
@main.command("top")
@click.option("--metric", "--by", "metric", required=True, type=click.Choice([*WORK_METRICS, *ARTIST_METRICS]),
              help="The metric to rank by (written by `lineage metrics`); --by is its old name.")
@click.option(TOP_LIMIT.option, type=click.IntRange(TOP_LIMIT.low, TOP_LIMIT.high), default=TOP_LIMIT.default,
              show_default=True, help="Rows to show.")
@click.option("--all", "show_all", is_flag=True, help="Rank every work or artist that has the metric.")
@click.option("--kind", type=click.Choice(["works", "artists"]), default=None,
              help="Rank works or artists (default: the kind the metric belongs to).")
@home_option
@json_option
def top_command(metric: str, limit: int, show_all: bool, kind: str | None, home: str | None,
                as_json: bool) -> None:
    """The works or artists ranked highest by one metric."""
    if show_all:
        limit = 2**62  # Cypher's LIMIT takes a 64-bit integer
    own_kind = "works" if metric in WORK_METRICS else "artists"
    if kind is not None and kind != own_kind:
        allowed = ", ".join(WORK_METRICS if kind == "works" else ARTIST_METRICS)
        raise UserError(f"{metric} is not a metric of {kind}; --kind {kind} takes --metric {allowed}")
    kind = own_kind
    with _connect(home) as graph:
        rows = api.top(graph, kind, metric, limit=limit)["items"]
        if not rows:
            raise UserError(api.why_no_top(graph, kind, metric))
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    if as_json:
        print_json({"kind": kind, METRIC: metric, ITEMS: rows})  # the keys of /api/metrics/top
        return
    columns = ["rank", "id", "title", "medium", "value"] if kind == "works" else ["rank", "id", "handle", "name", "value"]
    print_table(rows, columns)
