"""The six figures. Each module has ``run(ctx) -> dict`` returning ``rows`` and ``details``.

A row is one measure beside its baseline (see :func:`row`); raising
:class:`~bench.loading.NotAvailable` records ``not available: <why>``; any
other exception records ``failed: <error>``. Either way the suite goes on.
"""

from __future__ import annotations

import importlib
import time
import traceback
from datetime import datetime, timezone

from bench.loading import NotAvailable
from bench.procs import loadavg
from bench.scales import FIGURE_NUMBERS, TITLES
from bench.stats import ratio, times_better


def row(measure: str, value: float | None, unit: str, baseline: str, baseline_value: float | None, *,
        higher_is_better: bool, goal: str | None = None, goal_met: bool | None = None,
        note: str | None = None, baseline_unit: str | None = None, baseline_lower_bound: bool = False) -> dict:
    """One line of the figures table: our value, the baseline's, and how they compare.

    ``baseline_lower_bound``: the baseline was cut by a timeout, so its true
    figure is at least this bad (and ours at least this much better).
    """
    return {
        "measure": measure,
        "value": value,
        "unit": unit,
        "baseline": baseline,
        "baseline_value": baseline_value,
        "baseline_unit": baseline_unit or unit,
        "ratio": ratio(value, baseline_value),
        "times_better": times_better(value, baseline_value, higher_is_better),
        "higher_is_better": higher_is_better,
        "baseline_lower_bound": baseline_lower_bound,
        "goal": goal,
        "goal_met": goal_met,
        "note": note,
    }


def run_figure(name: str, ctx) -> dict:
    """Run one figure; its result, whatever happens."""
    module = importlib.import_module(f"bench.figures.{name}")
    result = {"number": FIGURE_NUMBERS[name], "title": TITLES[name], "status": "ok", "reason": None,
              "rows": [], "details": {}, "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
              "loadavg_before": loadavg(), "commit": ctx.machine.get("commit")}
    started = time.perf_counter()
    try:
        out = module.run(ctx)
        result["rows"] = out.get("rows", [])
        result["details"] = out.get("details", {})
        if out.get("partial"):
            result["status"] = "partial"
            result["reason"] = out["partial"]
    except NotAvailable as why:
        result["status"] = "not available"
        result["reason"] = str(why)
    except Exception as err:  # the suite goes on; the log keeps the traceback
        result["status"] = "failed"
        result["reason"] = f"{type(err).__name__}: {str(err).strip().splitlines()[0][:300] if str(err).strip() else ''}"
        (ctx.log_dir / f"{name}.traceback.txt").write_text(traceback.format_exc())
    result["seconds"] = round(time.perf_counter() - started, 1)
    result["loadavg_after"] = loadavg()
    return result
