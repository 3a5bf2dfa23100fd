"""Field parsers of the loader (graph_loader.fields): pure functions, no database."""

from __future__ import annotations

import pytest

from graph_loader.fields import (
    BAD_DATE, BAD_KIND, BAD_MEDIUM, BAD_NUMBER, BAD_STARS, BAD_STATUS, BAD_VALUE, MISSING_FIELD,
    Rejected, earlier, identifier, parse_choice, parse_date, parse_stars, parse_tags, parse_weight,
    plain_value, property_name, required, time_key,
)
from lineage.model import MEDIA, REMIX_KINDS, STATUSES


def reason(fn, *args):
    with pytest.raises(Rejected) as caught:
        fn(*args)
    assert caught.value.message  # a sentence for a person, not just a code
    return caught.value.reason


class TestRequired:
    def test_trims(self):
        assert required("  x ", "f") == "x"

    @pytest.mark.parametrize("value", ["", "   ", None, "\t"])
    def test_empty_is_missing(self, value):
        assert reason(required, value, "title") == MISSING_FIELD

    def test_json_number_becomes_text(self):
        assert required(17, "work_id") == "17"

    def test_objects_refused(self):
        assert reason(required, {"a": 1}, "title") == BAD_VALUE

    def test_long_ids_refused(self):
        assert identifier("x" * 1000, "work_id") == "x" * 1000
        assert reason(identifier, "x" * 1001, "work_id") == BAD_VALUE


class TestParseDate:
    @pytest.mark.parametrize("given, stored", [
        ("2010-06-17", "2010-06-17"),
        ("2010-06-17T11:31:00", "2010-06-17T11:31:00"),
        ("2010-06-17 11:31", "2010-06-17T11:31:00"),
        (" 2010-06-17T11:31:05.123456 ", "2010-06-17T11:31:05"),
        ("2010-06-17T11:31:00Z", "2010-06-17T11:31:00+00:00"),
        ("2010-06-17T11:31:00-0530", "2010-06-17T11:31:00-05:30"),
        ("2010-06-17T11:31:00+02", "2010-06-17T11:31:00+02:00"),
        ("2024-02-29", "2024-02-29"),
    ])
    def test_normalised(self, given, stored):
        assert parse_date(given) == stored

    def test_empty_is_none(self):
        assert parse_date("") is None and parse_date(None) is None

    @pytest.mark.parametrize("given", [
        "2023-02-30", "2010-13-01", "17/06/2010", "2010-6-7", "yesterday", "2010-06-17T25:00:00",
        "2010-06-17T10:00:00+24:00", "20100617", "2010-06-17T", "NaN",
    ])
    def test_refused(self, given):
        assert reason(parse_date, given, "created_at") == BAD_DATE

    def test_order_of_strings_is_time_order(self):
        dates = ["2009-12-31", "2010-01-01T00:00:00", "2010-01-01T00:00:01", "2010-01-02"]
        assert [parse_date(d) for d in dates] == sorted(parse_date(d) for d in dates)


class TestEarlier:
    def test_seconds_when_both_have_times(self):
        assert earlier(time_key("2010-01-01T10:00:00"), time_key("2010-01-01T10:00:01"))
        assert not earlier(time_key("2010-01-01T10:00:01"), time_key("2010-01-01T10:00:00"))

    def test_days_when_one_is_a_date(self):
        assert not earlier(time_key("2010-01-01"), time_key("2010-01-01T23:00:00"))
        assert not earlier(time_key("2010-01-01T01:00:00"), time_key("2010-01-01"))
        assert earlier(time_key("2009-12-31T23:59:59"), time_key("2010-01-01"))

    def test_undated_is_never_earlier(self):
        assert not earlier(0, time_key("2010-01-01")) and not earlier(time_key("2010-01-01"), 0)


class TestNumbers:
    @pytest.mark.parametrize("given, value", [("", 1.0), (None, 1.0), ("2", 2.0), (" 0.25 ", 0.25),
                                              ("1e3", 1000.0), (3, 3.0), (0.5, 0.5)])
    def test_weight(self, given, value):
        assert parse_weight(given) == value

    @pytest.mark.parametrize("given", ["0", "-1", "abc", "1e309", "NaN", "inf", "1_000", "1,5", True,
                                       float("nan"), -2, pytest.param(10**400, id="400-digits")])  # a JSON integer of 400 digits (issue 17)
    def test_weight_refused(self, given):
        assert reason(parse_weight, given) == BAD_NUMBER

    @pytest.mark.parametrize("given, value", [("1", 1), (" 5 ", 5), (4, 4), (3.0, 3)])
    def test_stars(self, given, value):
        assert parse_stars(given) == value

    @pytest.mark.parametrize("given", ["0", "6", "4.5", "x", 4.5, True, "-1", pytest.param(10**400, id="400-digits"),
                                       pytest.param(-(10**400), id="minus-400-digits")])
    def test_stars_refused(self, given):
        assert reason(parse_stars, given) == BAD_STARS

    def test_stars_required(self):
        assert reason(parse_stars, "") == MISSING_FIELD


class TestChoices:
    def test_defaults_and_case(self):
        assert parse_choice("", MEDIA, "other", "medium") == "other"
        assert parse_choice(" VIDEO ", MEDIA, "other", "medium") == "video"

    @pytest.mark.parametrize("field, choices, code", [
        ("medium", MEDIA, BAD_MEDIUM), ("status", STATUSES, BAD_STATUS), ("kind", REMIX_KINDS, BAD_KIND),
    ])
    def test_each_field_has_its_reason(self, field, choices, code):
        assert reason(parse_choice, "nonsense", choices, choices[0], field) == code


class TestExtras:
    def test_tags(self):
        assert parse_tags("a; b ;;c") == ("a", "b", "c")
        assert parse_tags(["x", "", " y"]) == ("x", "y")
        assert parse_tags(" solo ") == ("solo",)
        assert parse_tags(None) == ()

    @pytest.mark.parametrize("given, value", [
        ("12", 12), ("-3", -3), ("1.50", 1.5), ("2e3", 2000.0), ("007", "007"), ("1e309", "1e309"),
        ("NaN", "NaN"), (" text ", "text"), ("", None), ("99999999999999999999", "99999999999999999999"),
        (True, True), (None, None), ([1, 2.5], [1, 2.5]), (["a", None], ["a"]),
        (2**63 - 1, 2**63 - 1), (-(2**63), -(2**63)),
    ])
    def test_plain_values(self, given, value):
        assert plain_value(given, "x") == value

    # Integers outside int64 (from JSON) used to reach the writer and fail it (issue 17).
    @pytest.mark.parametrize("given", [{"a": 1}, ["a", 1], [[1]], float("inf"), 2**63, -(2**63) - 1,
                                       99999999999999999999, [1, 10**30], pytest.param(10**400, id="400-digits")])
    def test_non_plain_refused(self, given):
        assert reason(plain_value, given, "meta") == BAD_VALUE

    def test_property_names(self):
        assert property_name("comment count", set()) == "comment_count"
        assert property_name("Zählung", set()) == "Z_hlung"
        assert property_name("title", {"title"}) == "extra_title"
        assert property_name("1st", set()) == "_1st"
