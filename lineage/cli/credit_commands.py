"""``lineage statement``, ``lineage plan`` and ``lineage whatif``: payouts of productions (docs/credit.md)."""

from __future__ import annotations

import sys
from typing import Callable

import click

from lineage.cli import UserError, main
from lineage.cli.options import as_of_option, home_option, plural, print_json, print_table, settings_for
from lineage.credit import DEFAULT_KEEP, make_policy, parse_amount
from lineage.payouts import CHAIN_LIMIT, PLAN_TITLE, artist_statement_csv, make_change, statement_csv


def _connect(home: str | None):
    from lineage.db import Graph

    return Graph.connect(settings_for(home))


def policy_options(fn: Callable) -> Callable:
    """--keep, --decay, --cap and --credit-maps: the credit policy (docs/credit.md, "Credit policies")."""
    fn = click.option("--credit-maps", "maps", is_flag=True,
                      help="Use the credit maps works state (credit_share on contributions and remixes).")(fn)
    # Checked by make_policy (one line on a mistake), not by click.
    fn = click.option("--cap", type=float, default=None, metavar="C",
                      help="At most this fraction (0 to 1) of the production's credit flows upstream.")(fn)
    fn = click.option("--decay", type=float, default=None, metavar="D",
                      help="Per generation back, the share passed upstream is multiplied by D (above 0, at most 1).")(fn)
    fn = click.option("--keep", type=click.FloatRange(0.0, 1.0), default=DEFAULT_KEEP, show_default=True,
                      help="Fraction of a work's credit its own contributors keep; the rest goes to its sources.")(fn)
    return fn


def _policy(keep, decay, cap, maps):
    return make_policy(keep, decay=decay, cap=cap, maps=maps)


def _check_amount(ctx, param, value):
    if value is not None:
        parse_amount(value)
    return value


def _format_option(fn: Callable) -> Callable:
    fn = click.option("--csv", "as_csv", is_flag=True, help="Print CSV (one row per production or artist).")(fn)
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")(fn)


def _chain(chain: dict) -> str:
    return " -> ".join(PLAN_TITLE if w is None else str(w) for w in chain["works"])


def _money(amount: str | None) -> str:
    return "" if amount is None else amount


# ---------------------------------------------------------------------------
# lineage statement
# ---------------------------------------------------------------------------
@main.command("statement")
@click.argument("artist_id")
@as_of_option("Productions created by that day, their lineages as they stood then.")
@click.option("--chains", "chain_limit", type=click.IntRange(1, 1000), default=CHAIN_LIMIT, show_default=True,
              help="Chains shown per production, largest first.")
@policy_options
@home_option
@_format_option
def statement_command(artist_id: str, as_of: str | None, chain_limit: int, keep: float, decay: float | None,
                      cap: float | None, maps: bool, home: str | None, as_json: bool, as_csv: bool) -> None:
    """What ARTIST_ID has earned: every production whose lineage credits them.

    A production is a work with status production or an amount. For each:
    the artist's exact share, the money where the production has an amount
    (cents by the largest remainder, as in `lineage credit --amount`), and
    the chains that earned it; then the totals.
    """
    from lineage import payouts_db

    if as_json and as_csv:
        raise UserError("--json and --csv do not go together")
    from lineage import api

    with _connect(home) as graph:
        answer = payouts_db.artist_statement(graph, api.resolve_artist(graph, artist_id),
                                             policy=_policy(keep, decay, cap, maps), as_of=as_of,
                                             chain_limit=chain_limit)
    if as_json:
        print_json(answer)
        return
    if as_csv:
        sys.stdout.write(artist_statement_csv(answer))
        return
    as_of_text = f" as of {as_of}" if as_of else ""
    click.echo(f"statement of {answer['label']}{as_of_text} ({answer['policy']['name']}): "
               f"{plural(answer['total']['productions'], 'production')} credit them")
    if answer["productions"]:
        print_table([{"production": p["work_id"], "title": p["title"], "created": p["created_at"],
                      "share": p["fraction"], "≈": f"{p['share']:.6f}", "amount": _money(p["amount"]),
                      "of": _money(p["production_amount"]), "chains": p["chains_total"],
                      "largest chain": _chain(p["chains"][0]) if p["chains"] else ""}
                     for p in answer["productions"]])
    total = answer["total"]
    click.echo(f"total: share {total['fraction']} (≈ {total['share']:.6f}), amount {total['amount']}")
    if answer.get("travelled"):
        click.echo("works that travelled furthest:")
        print_table([{"work": w["work_id"], "title": w["title"], "descendants": w["descendants"],
                      "credit earned": w["fraction"]} for w in answer["travelled"][:10]])


# ---------------------------------------------------------------------------
# lineage plan
# ---------------------------------------------------------------------------
def _print_statement(answer: dict, heading: str) -> None:
    click.echo(f"{heading} ({answer['policy']['name']}): {plural(answer['works'], 'work')} in the lineage, "
               f"{plural(len(answer['artists']), 'artist')}")
    print_table([{"artist": a["label"], "works": a["works"], "share": a["fraction"], "≈": f"{a['share']:.6f}",
                  "amount": _money(a["amount"]), "chains": a.get("chains_total", ""),
                  "largest chain": _chain(a["chains"][0]) if a.get("chains") else ""} for a in answer["artists"]])
    u = answer["unattributed"]
    click.echo(f"unattributed: {u['fraction']}" + (f", amount {u['amount']}" if u["amount"] is not None else ""))
    if answer["amount"] is not None:
        click.echo(f"total: {answer['amount']} = sum of the parts")


@main.command("plan")
@click.argument("work_ids", nargs=-1, required=True)
@click.option("--amount", default=None, metavar="X", callback=_check_amount,
              help="Money the planned production would pay out (at most two decimals).")
@click.option("--chains", "chain_limit", type=click.IntRange(1, 1000), default=CHAIN_LIMIT, show_default=True,
              help="Chains shown per artist, largest first.")
@policy_options
@home_option
@_format_option
def plan_command(work_ids: tuple[str, ...], amount: str | None, chain_limit: int, keep: float, decay: float | None,
                 cap: float | None, maps: bool, home: str | None, as_json: bool, as_csv: bool) -> None:
    """The split of a production that does not exist yet, drawing on WORK_IDS.

    The planned production has no contributors of its own: all its credit
    passes to the works listed (equally), and from them along their lineages
    by the policy. Nothing is written to the graph.
    """
    from lineage import payouts_db

    if as_json and as_csv:
        raise UserError("--json and --csv do not go together")
    from lineage import api

    with _connect(home) as graph:
        answer = payouts_db.plan_statement(graph, api.resolve_works(graph, work_ids), amount=amount,
                                           policy=_policy(keep, decay, cap, maps), chain_limit=chain_limit)
    if as_json:
        print_json(answer)
    elif as_csv:
        sys.stdout.write(statement_csv(answer))
    else:
        _print_statement(answer, f"planned production drawing on {plural(len(answer['draws_on']), 'work')}")


# ---------------------------------------------------------------------------
# lineage whatif
# ---------------------------------------------------------------------------
@main.command("whatif")
@click.option("--withdraw", "withdraw", multiple=True, metavar="WORK", help="Withdraw a work (repeatable).")
@click.option("--drop", "drop", multiple=True, nargs=2, metavar="WORK SOURCE",
              help="Drop the remix link WORK -> SOURCE (repeatable).")
@click.option("--reweight", "reweight", multiple=True, nargs=3, metavar="WORK SOURCE WEIGHT",
              help="Give the link WORK -> SOURCE a new weight (repeatable).")
@click.option("--set-keep", "set_keep", multiple=True, nargs=2, metavar="WORK FRACTION",
              help="The share WORK's own contributors keep (repeatable).")
@click.option("--amount", default=None, metavar="X", callback=_check_amount,
              help="Money every affected production pays out, instead of its own amount.")
@as_of_option("The lineages as they stood on that day.")
@policy_options
@home_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
def whatif_command(withdraw, drop, reweight, set_keep, amount, as_of, keep, decay, cap, maps, home,
                   as_json) -> None:
    """What would change if a work were withdrawn, a link dropped or reweighted, or a work kept another share.

    For every production whose lineage the changes touch: each artist's
    share and payout before and after, and the difference. Nothing is
    written to the graph.
    """
    from lineage import payouts_db

    changes = [make_change("withdraw", w) for w in withdraw]
    changes += [make_change("drop", w, s) for w, s in drop]
    changes += [make_change("reweight", w, s, _number(x)) for w, s, x in reweight]
    changes += [make_change("keep", w, value=_number(x)) for w, x in set_keep]
    if not changes:
        raise UserError("give at least one change: --withdraw, --drop, --reweight or --set-keep")
    from lineage import api

    with _connect(home) as graph:
        api.resolve_works(graph, [w for c in changes for w in (c.work, c.source) if w is not None])
        answer = payouts_db.what_if(graph, changes, policy=_policy(keep, decay, cap, maps), amount=amount,
                                    as_of=as_of)
    if as_json:
        print_json(answer)
        return
    click.echo("what if: " + "; ".join(c["text"] for c in answer["changes"]))
    if not answer["productions"]:
        click.echo("no production's lineage holds the works changed: no payout changes")
    for p in answer["productions"]:
        money = p["cents"] is not None
        state = " (withdrawn)" if p["withdrawn"] else ""
        click.echo(f"\n{p['work_id']}{state}: {plural(p['changed_artists'], 'artist')} change"
                   + (f", amount {p['amount']}" if money else ""))
        rows = []
        for a in p["artists"]:
            if a["difference"] == "0":
                continue
            row = {"artist": a["label"], "before": a["before"], "after": a["after"], "difference": a["difference"]}
            if money:
                row |= {"before amount": _cents(a["before_cents"]), "after amount": _cents(a["after_cents"]),
                        "difference amount": _cents(a["difference_cents"], signed=True)}
            rows.append(row)
        if rows:
            print_table(rows)


def _number(text: str):
    try:
        return float(text)
    except ValueError:
        raise UserError(f"not a number: {text!r}") from None


def _cents(cents: int | None, signed: bool = False) -> str:
    if cents is None:
        return ""
    sign = "-" if cents < 0 else ("+" if signed and cents > 0 else "")
    cents = abs(cents)
    return f"{sign}{cents // 100:,}.{cents % 100:02d}"
