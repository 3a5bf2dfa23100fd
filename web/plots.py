"""Geometry for the small bar charts drawn on the home page as inline SVG.

Pure functions: they turn ``(label, value)`` pairs into bars with
coordinates; the template draws them (autoescaped, no script needed).
"""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 640
HEIGHT = 180
PAD_LEFT = 44
PAD_BOTTOM = 22
PAD_TOP = 8
# The axis labels' font (site.css .chart .axis-label) and the width of one of its characters,
# generously estimated: a label is kept inside the chart by this estimate.
LABEL_FONT_PX = 10
CHAR_PX = 0.62 * LABEL_FONT_PX


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Label:
    """An axis label: its text, where it is anchored and how (``start``, ``middle``, ``end``)."""

    label: str
    x: float
    anchor: str


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    width: int
    height: int
    max_value: int
    ticks: list[tuple[float, int]]   # (y, value) of the horizontal guide lines
    labels: list[Label]              # the labels written under the axis

    @property
    def empty(self) -> bool:
        return not self.bars


def bar_chart(pairs: list[tuple[str, int]], *, width: int = WIDTH, height: int = HEIGHT,
              max_labels: int = 12) -> Chart:
    """Lay out one bar per pair, scaled to the largest value.

    >>> c = bar_chart([("a", 1), ("b", 4)], width=144, height=130)
    >>> [(b.label, b.height) for b in c.bars]
    [('a', 25.0), ('b', 100.0)]
    >>> c.max_value, [v for _, v in c.ticks]
    (4, [0, 2, 4])
    >>> bar_chart([]).empty
    True
    """
    plot_w = width - PAD_LEFT
    plot_h = height - PAD_BOTTOM - PAD_TOP
    top = max((v for _, v in pairs), default=0)
    if not pairs:
        return Chart([], width, height, 0, [], [])
    scale = plot_h / top if top else 0.0
    slot = plot_w / len(pairs)
    gap = min(2.0, slot * 0.2)
    bars = []
    for i, (label, value) in enumerate(pairs):
        h = round(value * scale, 2)
        bars.append(Bar(str(label), int(value), round(PAD_LEFT + i * slot + gap / 2, 2),
                        round(PAD_TOP + plot_h - h, 2), round(max(slot - gap, 0.5), 2), h))
    ticks = [(round(PAD_TOP + plot_h - v * scale, 2), v) for v in _tick_values(top)]
    return Chart(bars, width, height, top, ticks, axis_labels(bars, width, max_labels))


def axis_labels(bars: list[Bar], width: float, max_labels: int) -> list[Label]:
    """Every n-th bar's label, the last bar always among them, none running off the chart.

    A label is centred under its bar unless that would cross an edge of the
    chart: then it is anchored to that edge (the last label used to be cut off).
    A label that would touch the last one is dropped.

    >>> bars = bar_chart([(f"2020-{m:02d}", 1) for m in range(1, 62)], max_labels=12).bars
    >>> labels = axis_labels(bars, 640, 12)
    >>> labels[-1].label, labels[-1].anchor, labels[-1].x
    ('2020-61', 'end', 640)
    >>> all(l.x - len(l.label) * CHAR_PX / 2 >= 0 for l in labels if l.anchor == "middle")
    True
    """
    if not bars:
        return []
    step = max(1, -(-len(bars) // max_labels))
    chosen = bars[::step]
    if chosen[-1] is not bars[-1]:
        chosen = chosen + [bars[-1]]  # the end of the axis is always named
    labels = []
    for bar in chosen:
        centre = bar.x + bar.width / 2
        half = len(bar.label) * CHAR_PX / 2
        if centre + half > width:
            labels.append(Label(bar.label, width, "end"))
        elif centre - half < 0:
            labels.append(Label(bar.label, 0, "start"))
        else:
            labels.append(Label(bar.label, round(centre, 2), "middle"))

    def extent(label: Label) -> tuple[float, float]:
        size = len(label.label) * CHAR_PX
        left = {"start": label.x, "middle": label.x - size / 2, "end": label.x - size}[label.anchor]
        return left, left + size

    end_left = extent(labels[-1])[0]
    # A label running into the last one gives way to it.
    labels = [l for l in labels[:-1] if extent(l)[1] + CHAR_PX <= end_left] + labels[-1:]
    return labels


def _tick_values(top: int) -> list[int]:
    """0, the middle and the top, as whole numbers.

    >>> _tick_values(0), _tick_values(1), _tick_values(10)
    ([0], [0, 1], [0, 5, 10])
    """
    if top <= 0:
        return [0]
    if top == 1:
        return [0, 1]
    return sorted({0, top // 2, top})


def months_or_years(rows: list[dict], limit: int = 120) -> tuple[list[tuple[str, int]], int, str]:
    """Works per month as chart pairs; grouped by year beyond ``limit`` months.

    Returns ``(pairs, undated, unit)``; months with no works inside the range are
    shown as zero so time reads evenly.

    >>> months_or_years([{"month": "2020-01", "works": 2}, {"month": "2020-03", "works": 1},
    ...                  {"month": None, "works": 5}])
    ([('2020-01', 2), ('2020-02', 0), ('2020-03', 1)], 5, 'month')
    """
    undated = sum(r["works"] for r in rows if not r.get("month"))
    counts = {r["month"]: r["works"] for r in rows if r.get("month") and _is_month(r["month"])}
    if not counts:
        return [], undated, "month"
    first, last = min(counts), max(counts)
    months = list(_month_range(first, last))
    if len(months) <= limit:
        return [(m, counts.get(m, 0)) for m in months], undated, "month"
    years: dict[str, int] = {}
    for m in months:
        years[m[:4]] = years.get(m[:4], 0) + counts.get(m, 0)
    return sorted(years.items()), undated, "year"


def _is_month(text: str) -> bool:
    return len(text) == 7 and text[:4].isdigit() and text[4] == "-" and text[5:].isdigit() and 1 <= int(text[5:]) <= 12


def _month_range(first: str, last: str):
    y, m = int(first[:4]), int(first[5:])
    ly, lm = int(last[:4]), int(last[5:])
    while (y, m) <= (ly, lm):
        yield f"{y:04d}-{m:02d}"
        m += 1
        if m == 13:
            y, m = y + 1, 1


__all__ = ["Bar", "Chart", "Label", "axis_labels", "bar_chart", "months_or_years"]
