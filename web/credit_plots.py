"""Geometry for the payout pictures, drawn by the templates as inline SVG (no script: strict CSP).

``share_bars``: one horizontal bar per artist for the largest shares, named,
the rest grouped in one bar, and the unattributed part. ``credit_timeline``:
an artist's credit summed over time, as a step line. Pure functions.
"""

from __future__ import annotations

from dataclasses import dataclass

from web.plots import WIDTH

NAMED = 12
ROW = 22
LABEL_W = 210
VALUE_W = 110


@dataclass(frozen=True)
class ShareBar:
    label: str
    share: float
    amount: str | None
    kind: str          # "artist", "tail" or "unattributed"
    y: float
    width: float
    artist_id: str | None = None


@dataclass(frozen=True)
class ShareChart:
    bars: list[ShareBar]
    width: int
    height: int
    label_w: int
    bar_w: int
    label_chars: int = 30

    @property
    def empty(self) -> bool:
        return not self.bars


def share_bars(artists: list[dict], unattributed: dict | None = None, *, named: int = NAMED,
               width: int = WIDTH, label_w: int = LABEL_W, value_w: int = VALUE_W,
               label_chars: int = 30) -> ShareChart:
    """Bars for a statement's artists (largest first, as listed): the first ``named`` by label, the tail as one.

    >>> c = share_bars([{"label": "a", "share": 0.5, "amount": None, "artist_id": "a"},
    ...                 {"label": "b", "share": 0.25, "amount": None, "artist_id": "b"},
    ...                 {"label": "c", "share": 0.25, "amount": None, "artist_id": "c"}], named=1)
    >>> [(b.label, b.share, b.kind) for b in c.bars]
    [('a', 0.5, 'artist'), ('2 other artists', 0.5, 'tail')]
    """
    bars: list[ShareBar] = []
    bar_w = width - label_w - value_w
    rows = [(a["label"], a["share"], a.get("amount"), "artist", a.get("artist_id")) for a in artists[:named]]
    tail = artists[named:]
    if tail:
        cents = [a.get("cents") for a in tail]
        amount = None if any(c is None for c in cents) else _money(sum(cents))
        rows.append((f"{len(tail):,} other artist{'s' if len(tail) != 1 else ''}", sum(a["share"] for a in tail),
                     amount, "tail", None))
    if unattributed and unattributed.get("share"):
        rows.append(("unattributed", unattributed["share"], unattributed.get("amount"), "unattributed", None))
    top = max((r[1] for r in rows), default=0.0) or 1.0
    for i, (label, share, amount, kind, artist_id) in enumerate(rows):
        bars.append(ShareBar(label, share, amount, kind, 4 + i * ROW, max(1.0, round(bar_w * share / top, 2)),
                             artist_id))
    return ShareChart(bars, width, 8 + len(rows) * ROW, label_w, bar_w, label_chars)


def narrow_share_bars(artists: list[dict], unattributed: dict | None = None) -> ShareChart:
    """The same bars laid out for a phone (drawn at about its own size, so the text stays readable)."""
    return share_bars(artists, unattributed, width=360, label_w=128, value_w=104, label_chars=13)


def _money(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


@dataclass(frozen=True)
class Timeline:
    points: str        # the polyline's points
    width: int
    height: int
    first: str
    last: str
    top_label: str
    dots: list[tuple[float, float, str]]

    @property
    def empty(self) -> bool:
        return not self.dots


def credit_timeline(timeline: list[dict], *, width: int = WIDTH, height: int = 160) -> Timeline:
    """A step line of the artist's cumulative credit: money where the productions have amounts, else shares.

    >>> t = credit_timeline([{"date": "2021-01-01", "cumulative_cents": 100, "cumulative_share": 0.5, "work_id": "a"},
    ...                      {"date": "2022-01-01", "cumulative_cents": 300, "cumulative_share": 0.7, "work_id": "b"}])
    >>> t.first, t.last, t.top_label, len(t.dots)
    ('2021-01-01', '2022-01-01', '3.00', 2)
    """
    dated = [t for t in timeline if t.get("date")]
    if not dated:
        return Timeline("", width, height, "", "", "", [])
    money = any(t["cumulative_cents"] for t in dated)
    values = [t["cumulative_cents"] if money else t["cumulative_share"] for t in dated]
    top = max(values) or 1
    left, right, pad_top, pad_bottom = 8, 8, 18, 22
    plot_w, plot_h = width - left - right, height - pad_top - pad_bottom
    days = [_day_number(t["date"]) for t in dated]
    span = (days[-1] - days[0]) or 1
    xs = [left + plot_w * (d - days[0]) / span if len(dated) > 1 else left + plot_w / 2 for d in days]
    ys = [pad_top + plot_h * (1 - v / top) for v in values]
    points, dots = [], []
    base = pad_top + plot_h
    previous_y = base
    for x, y, t, v in zip(xs, ys, dated, values):
        points.append(f"{x:.1f},{previous_y:.1f}")
        points.append(f"{x:.1f},{y:.1f}")
        previous_y = y
        label = f"{t['date'][:10]} {t['work_id']}: " + (_money(v) if money else f"{v:.4f}")
        dots.append((round(x, 1), round(y, 1), label))
    points.append(f"{left + plot_w:.1f},{previous_y:.1f}")
    return Timeline(" ".join(points), width, height, dated[0]["date"][:10], dated[-1]["date"][:10],
                    _money(top) if money else f"{top:.4f}", dots)


def _day_number(text: str) -> int:
    from datetime import date

    return date.fromisoformat(text[:10]).toordinal()
