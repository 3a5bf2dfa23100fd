"""Pure parts of the site, no database: the doctests of web/ and a few edge cases."""

from __future__ import annotations

import doctest
import importlib

import pytest
from werkzeug.datastructures import MultiDict

from lineage.errors import InvalidParameter
from web import console_support, params, plots

MODULES = ["web.params", "web.plots", "web.filters", "web.console_support", "web.jsonio"]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, f"{name} has no doctests"
    assert result.failed == 0


class TestParams:
    @pytest.mark.parametrize("raw", ["-1", "0", "51", "10000", "abc", "1.5", "", " ", "1e3", "٣"])
    def test_depth_out_of_range_or_not_a_number(self, raw):
        if raw.strip() == "":
            assert params.depth(MultiDict({"depth": raw})) is None
        else:
            with pytest.raises(InvalidParameter, match="depth"):
                params.depth(MultiDict({"depth": raw}))

    @pytest.mark.parametrize("raw", ["2023-02-30", "2023-00-10", "0000-01-01", "2023-1-1", "2023-01-01T00:00",
                                     "２０２３-01-01", "not a date"])
    def test_as_of_must_be_a_real_date(self, raw):
        with pytest.raises(InvalidParameter, match="as_of"):
            params.as_of(MultiDict({"as_of": raw}))

    def test_as_of_leap_day(self):
        assert params.as_of(MultiDict({"as_of": "2024-02-29"})) == "2024-02-29"

    def test_repeated_parameter(self):
        with pytest.raises(InvalidParameter, match="given 2 times"):
            params.cap(MultiDict([("cap", "5"), ("cap", "5")]), 100)

    def test_cap_default_and_bounds(self):
        assert params.cap(MultiDict(), 2000) == 2000
        assert params.cap(MultiDict({"cap": "10000"}), 2000) == 10000
        with pytest.raises(InvalidParameter):
            params.cap(MultiDict({"cap": "10001"}), 2000)

    def test_identifier_length(self):
        assert params.identifier("a" * 300) == "a" * 300
        with pytest.raises(InvalidParameter):
            params.identifier("a" * 301)


class TestPlots:
    def test_every_bar_fits_in_the_chart(self):
        chart = plots.bar_chart([(str(i), i * 7) for i in range(50)], width=500, height=150)
        for bar in chart.bars:
            assert bar.x >= plots.PAD_LEFT and bar.x + bar.width <= 500 + 0.01
            assert bar.y >= plots.PAD_TOP - 0.01 and bar.y + bar.height <= 150 - plots.PAD_BOTTOM + 0.01
        assert len(chart.labels) <= 12

    def test_all_zero_values(self):
        chart = plots.bar_chart([("a", 0), ("b", 0)])
        assert [b.height for b in chart.bars] == [0, 0]

    def test_many_months_become_years(self):
        rows = [{"month": "1990-01", "works": 1}, {"month": "2020-06", "works": 2}]
        pairs, undated, unit = plots.months_or_years(rows)
        assert unit == "year" and pairs[0] == ("1990", 1) and pairs[-1] == ("2020", 2) and len(pairs) == 31

    def test_malformed_months_are_ignored(self):
        pairs, undated, unit = plots.months_or_years([{"month": "20x0-01", "works": 3}, {"month": "2020-13", "works": 1}])
        assert pairs == [] and undated == 0


class TestConsoleSupport:
    def test_csv_guards_against_formulas(self):
        text = console_support.to_csv(["c"], [["=1+1"], ["+x"], ["-y"], ["@z"], ["plain"]])
        assert text.splitlines() == ["c", "'=1+1", "'+x", "'-y", "'@z", "plain"]

    def test_csv_of_nested_values(self):
        text = console_support.to_csv(["n"], [[{"id": "w1", "tags": ["a", "b"]}]])
        assert text.splitlines()[1] == '"{""id"": ""w1"", ""tags"": [""a"", ""b""]}"'

    def test_query_length_is_bounded(self):
        with pytest.raises(InvalidParameter, match="at most"):
            console_support.check_query("x" * (console_support.MAX_QUERY + 1))


def test_chart_axis_labels_stay_inside_and_name_the_last_bar():
    # Issue 9, bug 8: with 61 months the last label was centred on the last bar and cut off.
    pairs = [(f"{2010 + m // 12}-{m % 12 + 1:02d}", 1) for m in range(61)]
    chart = plots.bar_chart(pairs)
    assert chart.labels[-1].label == pairs[-1][0]
    spans = []
    for label in chart.labels:
        size = len(label.label) * plots.CHAR_PX
        left = {"start": label.x, "middle": label.x - size / 2, "end": label.x - size}[label.anchor]
        assert 0 <= left and left + size <= chart.width + 0.01, label
        spans.append((left, left + size))
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), spans
