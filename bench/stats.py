"""Small, pure helpers to summarise measurements (no I/O, no database)."""

from __future__ import annotations

import math
from typing import Iterable, Sequence

# Lineage-size classes of figure 3: the works a query walks.
SIZE_CLASSES = (("<100", 0, 100), ("100-1000", 100, 1001), (">1000", 1001, math.inf))


def percentile(values: Iterable[float], q: float) -> float | None:
    """The ``q``-th percentile (0-100) by linear interpolation; None for no values.

    >>> percentile([1, 2, 3, 4], 50)
    2.5
    >>> percentile([10], 95), percentile([], 50)
    (10.0, None)
    >>> percentile(range(1, 101), 95)
    95.05
    """
    data = sorted(float(v) for v in values)
    if not data:
        return None
    if not 0 <= q <= 100:
        raise ValueError(f"percentile must be within 0..100 (got {q})")
    rank = (len(data) - 1) * q / 100.0
    low = math.floor(rank)
    high = min(low + 1, len(data) - 1)
    return round(data[low] + (data[high] - data[low]) * (rank - low), 6)


def latency_summary(seconds: Sequence[float]) -> dict:
    """Count, p50, p95, p99 and max of latencies given in seconds, as milliseconds.

    >>> latency_summary([0.010, 0.020, 0.030])
    {'n': 3, 'p50_ms': 20.0, 'p95_ms': 29.0, 'p99_ms': 29.8, 'max_ms': 30.0, 'mean_ms': 20.0}
    >>> latency_summary([])
    {'n': 0, 'p50_ms': None, 'p95_ms': None, 'p99_ms': None, 'max_ms': None, 'mean_ms': None}
    """
    ms = [s * 1000.0 for s in seconds]
    if not ms:
        return {"n": 0, "p50_ms": None, "p95_ms": None, "p99_ms": None, "max_ms": None, "mean_ms": None}
    return {
        "n": len(ms),
        "p50_ms": round(percentile(ms, 50), 3),
        "p95_ms": round(percentile(ms, 95), 3),
        "p99_ms": round(percentile(ms, 99), 3),
        "max_ms": round(max(ms), 3),
        "mean_ms": round(sum(ms) / len(ms), 3),
    }


def size_class(nodes: int) -> str:
    """The lineage-size class of a query that walks ``nodes`` works.

    >>> size_class(1), size_class(99), size_class(100), size_class(1000), size_class(1001)
    ('<100', '<100', '100-1000', '100-1000', '>1000')
    """
    for name, low, high in SIZE_CLASSES:
        if low <= nodes < high:
            return name
    raise ValueError(f"no size class for {nodes}")


def ratio(value: float | None, baseline: float | None) -> float | None:
    """``value / baseline``, or None when either is missing or the baseline is 0.

    >>> ratio(30, 10), ratio(None, 1), ratio(1, 0)
    (3.0, None, None)
    """
    if value is None or baseline is None or baseline == 0:
        return None
    return round(value / baseline, 4)


def times_better(value: float | None, baseline: float | None, higher_is_better: bool) -> float | None:
    """How many times better ``value`` is than ``baseline`` (below 1: worse).

    >>> times_better(200, 100, True), times_better(10, 40, False), times_better(40, 10, False)
    (2.0, 4.0, 0.25)
    """
    r = ratio(value, baseline) if higher_is_better else ratio(baseline, value)
    return r


def rate(count: float, seconds: float) -> float | None:
    """``count / seconds`` rounded to 0.1, None for no time.

    >>> rate(1000, 4), rate(5, 0)
    (250.0, None)
    """
    if seconds <= 0:
        return None
    return round(count / seconds, 1)


def human(value: float | None, unit: str = "") -> str:
    """A short human reading of a figure: 3 significant digits, thousands separated.

    >>> human(123456.7, "rows/s"), human(0.01234, "s"), human(None), human(2.0, "×")
    ('123,457 rows/s', '0.0123 s', '–', '2.00×')
    >>> human(45.678, "ms"), human(1536, "MiB")
    ('45.7 ms', '1,536 MiB')
    """
    if value is None:
        return "–"
    sep = "" if unit in ("×", "%", "") else " "
    if unit == "×":
        text = f"{value:.2f}"
    elif abs(value) >= 1000:
        text = f"{value:,.0f}"
    elif abs(value) >= 100:
        text = f"{value:.0f}"
    elif abs(value) >= 1:
        text = f"{value:.3g}"
    else:
        text = f"{value:.3g}"
    return f"{text}{sep}{unit}"
