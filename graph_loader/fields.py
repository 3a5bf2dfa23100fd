"""Field-level validation: one pure function per kind of value.

Each parser takes the text of one field (or, from JSON Lines, a JSON value)
and returns the value to store, or raises :class:`Rejected` with a reason code
and a message a person understands. Surrounding white space is trimmed
everywhere; an empty field means "not given".

>>> parse_date("2010-06-17 11:31")
'2010-06-17T11:31:00'
>>> parse_weight("")
1.0
>>> parse_choice(" Music ", ("music", "other"), "other", "medium")
'music'
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import Any

# Reason codes a rejected row carries (docs/dataset-format.md lists them).
MISSING_FIELD = "missing_field"
BAD_DATE = "bad_date"
BAD_NUMBER = "bad_number"
BAD_MEDIUM = "bad_medium"
BAD_STATUS = "bad_status"
BAD_KIND = "bad_kind"
BAD_STARS = "bad_stars"
BAD_VALUE = "bad_value"
WRONG_FIELD_COUNT = "wrong_field_count"
CONFLICTING_ID = "conflicting_id"
UNKNOWN_WORK = "unknown_work"
UNKNOWN_ARTIST = "unknown_artist"
SELF_REMIX = "self_remix"
REMIX_CYCLE = "remix_cycle"
INVALID_JSON = "invalid_json"
UNKNOWN_TYPE = "unknown_type"

REASONS = (
    MISSING_FIELD, BAD_DATE, BAD_NUMBER, BAD_MEDIUM, BAD_STATUS, BAD_KIND, BAD_STARS,
    BAD_VALUE, WRONG_FIELD_COUNT, CONFLICTING_ID, UNKNOWN_WORK, UNKNOWN_ARTIST,
    SELF_REMIX, REMIX_CYCLE, INVALID_JSON, UNKNOWN_TYPE,
)


class Rejected(Exception):
    """A row that cannot be loaded: ``reason`` is a code, ``message`` says why."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason
        self.message = message


ID_LIMIT = 1000  # a unique-constraint index takes keys of up to about 8 KB
INT64 = (-(1 << 63), (1 << 63) - 1)  # the integers Neo4j stores; a JSON number outside fails the write

_DATE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?"
    r"(Z|[+-]\d{2}(?::?\d{2})?)?)?"
)
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_INT = re.compile(r"-?(?:0|[1-9]\d*)")
_FLOAT = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+(?:[eE][+-]?\d+)?|[eE][+-]?\d+)")


def text(value: Any, field: str) -> str:
    """The trimmed text of a field; numbers from JSON become their decimal text.

    >>> text("  Lightbulb ", "title"), text(12, "work_id"), text(None, "name")
    ('Lightbulb', '12', '')
    >>> text(["a"], "title")
    Traceback (most recent call last):
    ...
    graph_loader.fields.Rejected: title must be a plain value, not a list
    """
    if isinstance(value, str):
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        raise Rejected(BAD_VALUE, f"{field} must be text, not true/false")
    if isinstance(value, (int, float)):
        return repr(value) if isinstance(value, float) else str(value)
    raise Rejected(BAD_VALUE, f"{field} must be a plain value, not a {_json_type(value)}")


def required(value: Any, field: str) -> str:
    """The trimmed text of a field that must be given.

    >>> required(" w1 ", "work_id")
    'w1'
    >>> required("  ", "work_id")
    Traceback (most recent call last):
    ...
    graph_loader.fields.Rejected: work_id is required and is empty
    """
    result = value.strip() if type(value) is str else text(value, field)
    if not result:
        raise Rejected(MISSING_FIELD, f"{field} is required and is {'missing' if value is None else 'empty'}")
    return result


def identifier(value: Any, field: str) -> str:
    """A required id: trimmed, at most :data:`ID_LIMIT` characters (Neo4j indexes it).

    >>> identifier(" a1 ", "work_id")
    'a1'
    >>> identifier("x" * 2000, "work_id")
    Traceback (most recent call last):
    ...
    graph_loader.fields.Rejected: work_id is 2000 characters long; ids may have at most 1000
    """
    result = required(value, field)
    if len(result) > ID_LIMIT:
        raise Rejected(BAD_VALUE, f"{field} is {len(result)} characters long; ids may have at most {ID_LIMIT}")
    return result


def parse_date(value: Any, field: str = "date") -> str | None:
    """Normalise an ISO 8601 date or date-time; None when empty.

    A date stays ``YYYY-MM-DD``; a date-time becomes ``YYYY-MM-DDTHH:MM:SS``
    (fractions of a second dropped) with its offset as ``+HH:MM`` when it had
    one (``Z`` becomes ``+00:00``), so strings compare in time order.

    >>> parse_date("2010-06-17T11:31:00"), parse_date("2023-01-02")
    ('2010-06-17T11:31:00', '2023-01-02')
    >>> parse_date("2023-01-02T03:04:05.678Z"), parse_date("2023-01-02T03:04+0130")
    ('2023-01-02T03:04:05+00:00', '2023-01-02T03:04:00+01:30')
    >>> parse_date("") is None
    True
    >>> parse_date("2023-02-30", "created_at")
    Traceback (most recent call last):
    ...
    graph_loader.fields.Rejected: created_at '2023-02-30' is not a valid date (day is out of range for month)
    """
    raw = value.strip() if type(value) is str else text(value, field)
    if not raw:
        return None
    match = _DATE.fullmatch(raw)
    if not match:
        raise Rejected(BAD_DATE, f"{field} {_show(raw)} is not an ISO 8601 date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)")
    year, month, day, hour, minute, second, offset = match.groups()
    try:
        if hour is None:
            return date(int(year), int(month), int(day)).isoformat()
        moment = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0))
    except ValueError as err:
        raise Rejected(BAD_DATE, f"{field} {_show(raw)} is not a valid date ({err})") from None
    result = moment.isoformat()
    if offset:
        result += _offset(offset, raw, field)
    return result


def _offset(offset: str, raw: str, field: str) -> str:
    if offset == "Z":
        return "+00:00"
    digits = offset[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 23 or minutes > 59:
        raise Rejected(BAD_DATE, f"{field} {_show(raw)} has an impossible UTC offset")
    return f"{offset[0]}{hours:02d}:{minutes:02d}"


def time_key(normalised: str | None) -> int:
    """A number that orders normalised dates in time, 0 for "no date".

    The lowest bit says whether the date had a time of day; offsets are
    ignored (times compare as written, like the stored strings do).

    >>> time_key(None), time_key("2010-01-02") < time_key("2010-01-03")
    (0, True)
    >>> time_key("2010-01-02T00:00:01") & 1
    1
    """
    if not normalised:
        return 0
    day = date(int(normalised[0:4]), int(normalised[5:7]), int(normalised[8:10])).toordinal()
    if len(normalised) == 10:
        return day * 86400 << 1
    seconds = int(normalised[11:13]) * 3600 + int(normalised[14:16]) * 60 + int(normalised[17:19])
    return (day * 86400 + seconds) << 1 | 1


def earlier(a: int, b: int) -> bool:
    """Whether time key ``a`` is before ``b``, at the precision both have.

    Two date-times compare to the second; when either is a plain date, only
    the days compare, so a work dated the same day as its source is in order.

    >>> k = time_key
    >>> earlier(k("2010-01-01T10:00:00"), k("2010-01-01T11:00:00"))
    True
    >>> earlier(k("2010-01-01"), k("2010-01-01T11:00:00")), earlier(0, k("2011-01-01"))
    (False, False)
    """
    if not a or not b:
        return False
    if a & b & 1:
        return a < b
    return (a >> 1) // 86400 < (b >> 1) // 86400


def parse_weight(value: Any, field: str = "weight") -> float:
    """A positive, finite number; empty means 1.

    >>> parse_weight("2.5"), parse_weight(3), parse_weight(" 1e2 ")
    (2.5, 3.0, 100.0)
    >>> parse_weight("0")
    Traceback (most recent call last):
    ...
    graph_loader.fields.Rejected: weight '0' must be a positive number
    >>> parse_weight("1e309")
    Traceback (most recent call last):
    ...
    graph_loader.fields.Rejected: weight '1e309' is not a finite number
    >>> parse_weight(10**400)
    Traceback (most recent call last):
    ...
    graph_loader.fields.Rejected: weight '100000000000000000000000000000000000000…' is too large a number
    """
    if isinstance(value, bool):
        raise Rejected(BAD_NUMBER, f"{field} must be a number, not true/false")
    if isinstance(value, (int, float)):
        shown = _show(repr(value))
        try:
            number = float(value)
        except OverflowError:  # an integer of hundreds of digits from JSON
            raise Rejected(BAD_NUMBER, f"{field} {shown} is too large a number") from None
    else:
        raw = value.strip() if type(value) is str else text(value, field)
        if not raw:
            return 1.0
        if not _NUMBER.fullmatch(raw):
            raise Rejected(BAD_NUMBER, f"{field} {_show(raw)} is not a number")
        number = float(raw)
        shown = _show(raw)
    if not math.isfinite(number):
        raise Rejected(BAD_NUMBER, f"{field} {shown} is not a finite number")
    if number <= 0:
        raise Rejected(BAD_NUMBER, f"{field} {shown} must be a positive number")
    return number


def parse_stars(value: Any, field: str = "stars") -> int:
    """A whole number of stars from 1 to 5 (required).

    >>> parse_stars(" 4 "), parse_stars(5)
    (4, 5)
    >>> parse_stars("4.5")
    Traceback (most recent call last):
    ...
    graph_loader.fields.Rejected: stars '4.5' must be a whole number from 1 to 5
    >>> parse_stars(10**400)
    Traceback (most recent call last):
    ...
    graph_loader.fields.Rejected: stars '100000000000000000000000000000000000000…' must be a whole number from 1 to 5
    """
    if isinstance(value, bool):
        raise Rejected(BAD_STARS, f"{field} must be a whole number from 1 to 5, not true/false")
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        stars = int(value)  # never through float: a JSON integer of 400 digits overflows it
        shown = _show(str(stars))
    else:
        raw = required(value, field)
        shown = _show(raw)
        if not re.fullmatch(r"\+?\d{1,3}", raw):
            raise Rejected(BAD_STARS, f"{field} {shown} must be a whole number from 1 to 5")
        stars = int(raw)
    if not 1 <= stars <= 5:
        raise Rejected(BAD_STARS, f"{field} {shown} must be a whole number from 1 to 5")
    return stars


_CHOICE_REASONS = {"medium": BAD_MEDIUM, "status": BAD_STATUS, "kind": BAD_KIND}


def parse_choice(value: Any, choices: tuple[str, ...], default: str, field: str) -> str:
    """One of ``choices`` (case ignored); empty means ``default``.

    >>> parse_choice("", ("remix", "other"), "remix", "kind")
    'remix'
    >>> parse_choice("podcast", ("music", "other"), "other", "medium")
    Traceback (most recent call last):
    ...
    graph_loader.fields.Rejected: medium 'podcast' is not one of music, other
    """
    raw = (value.strip() if type(value) is str else text(value, field)).lower()
    if not raw:
        return default
    if raw not in choices:
        raise Rejected(
            _CHOICE_REASONS.get(field, BAD_VALUE),
            f"{field} {_show(raw)} is not one of {', '.join(choices)}",
        )
    return raw


def parse_tags(value: Any, field: str = "tags") -> tuple[str, ...]:
    """Tags separated by ``;`` (or a JSON list of strings), trimmed, empties dropped.

    A tuple (stored as a list): rows stay hashable for duplicate detection.

    >>> parse_tags(" ocean; love ;;"), parse_tags(["a", " b "]), parse_tags("")
    (('ocean', 'love'), ('a', 'b'), ())
    """
    if isinstance(value, list):
        return tuple(t for t in (text(v, field) for v in value) if t)
    if type(value) is str and ";" not in value:
        value = value.strip()
        return (value,) if value else ()
    return tuple(t for t in (part.strip() for part in text(value, field).split(";")) if t)


def plain_value(value: Any, field: str) -> Any:
    """The value an extra column is stored as; None when empty.

    Text that reads cleanly as an integer or a finite decimal becomes a number
    (``"007"`` stays text: it would not read back the same); JSON scalars and
    lists of them are kept as they are; objects, and JSON integers outside the
    64 bits Neo4j stores, are refused.

    >>> plain_value("334", "views"), plain_value("1.5", "x"), plain_value("007", "x")
    (334, 1.5, '007')
    >>> plain_value("NaN", "x"), plain_value(" ", "x"), plain_value(True, "x")
    ('NaN', None, True)
    >>> plain_value(99999999999999999999, "views")
    Traceback (most recent call last):
    ...
    graph_loader.fields.Rejected: views '99999999999999999999' is outside the 64-bit integers the graph can store
    """
    if isinstance(value, str):
        raw = value.strip()
        if not raw:
            return None
        if _INT.fullmatch(raw) and len(raw) < 19:
            return int(raw)
        if _FLOAT.fullmatch(raw):
            number = float(raw)
            if math.isfinite(number):
                return number
        return raw
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        if not INT64[0] <= value <= INT64[1]:
            raise Rejected(BAD_VALUE, f"{field} {_show(str(value))} is outside the 64-bit integers the graph can store")
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise Rejected(BAD_VALUE, f"{field} is not a finite number")
        return value
    if isinstance(value, list):
        items = [v for v in value if v is not None]
        kinds = {type(v) for v in items}
        if kinds <= {str} or kinds <= {bool} or kinds <= {int, float}:
            if any(isinstance(v, float) and not math.isfinite(v) for v in items):
                raise Rejected(BAD_VALUE, f"{field} holds a number that is not finite")
            if any(type(v) is int and not INT64[0] <= v <= INT64[1] for v in items):
                raise Rejected(BAD_VALUE, f"{field} holds an integer outside the 64 bits the graph can store")
            return items
        raise Rejected(BAD_VALUE, f"{field} must be a list of values of one type (text, numbers or true/false)")
    raise Rejected(BAD_VALUE, f"{field} must be a plain value, not a {_json_type(value)}")


def property_name(column: str, reserved: frozenset[str] | set[str]) -> str:
    """The property an extra column is stored as: sanitised, never a reserved name.

    >>> property_name("comment count", set()), property_name("views", set())
    ('comment_count', 'views')
    >>> property_name("pagerank", {"pagerank"}), property_name("3d", set())
    ('extra_pagerank', '_3d')
    """
    name = re.sub(r"[^A-Za-z0-9_]", "_", column.strip()) or "_"
    if name[0].isdigit():
        name = "_" + name
    return f"extra_{name}" if name in reserved else name


def _show(raw: str, limit: int = 40) -> str:
    """A field's text quoted for a message, cut when long."""
    return repr(raw if len(raw) <= limit else raw[: limit - 1] + "…")


def _json_type(value: Any) -> str:
    return {dict: "object", list: "list"}.get(type(value), type(value).__name__)
