"""Parsing of URL and form parameters: one place, one error type.

Every function takes the request's arguments (a werkzeug ``MultiDict``) and
returns a clean value or raises :class:`~lineage.errors.InvalidParameter`
(400) with a message naming the parameter. A parameter given twice is refused
rather than silently taking one of the values.

>>> from werkzeug.datastructures import MultiDict
>>> depth(MultiDict({"depth": "3"}))
3
>>> depth(MultiDict({"depth": ""})) is None
True
>>> as_of(MultiDict({"as_of": "2023-02-28"}))
'2023-02-28'
>>> direction(MultiDict())
'both'
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from typing import Iterable, Mapping

from lineage import limits
from lineage.errors import InvalidParameter

MAX_DEPTH = limits.DEPTH.high
MAX_CAP = limits.CAP.high
MAX_PAGE, MAX_TEXT, MAX_ID, DIRECTIONS = limits.MAX_PAGE, limits.MAX_TEXT, limits.MAX_ID, limits.DIRECTIONS
INTEGER = re.compile(r"[+-]?[0-9]{1,12}")
# Up to 40 decimals: a float as JavaScript or Python writes it (0.3900050319040337) must read.
NUMBER = re.compile(r"[+-]?(?:[0-9]{1,20}(?:\.[0-9]{0,40})?|\.[0-9]{1,40})(?:[eE][+-]?[0-9]{1,3})?")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def single(args: Mapping, name: str) -> str | None:
    """The one value of ``name``, None when absent or blank.

    >>> from werkzeug.datastructures import MultiDict
    >>> single(MultiDict([("q", " a ")]), "q")
    'a'
    >>> single(MultiDict([("q", "a"), ("q", "b")]), "q")
    Traceback (most recent call last):
    ...
    lineage.errors.InvalidParameter: parameter 'q' was given 2 times; give it once
    """
    values = args.getlist(name) if hasattr(args, "getlist") else ([args[name]] if name in args else [])
    if len(values) > 1:
        raise InvalidParameter(f"parameter {name!r} was given {len(values)} times; give it once")
    if not values or values[0] is None:
        return None
    value = str(values[0]).strip()
    return value or None


def integer(args: Mapping, name: str, low: int, high: int, default: int | None = None) -> int | None:
    """An integer in ``[low, high]``; ``default`` when absent.

    >>> from werkzeug.datastructures import MultiDict
    >>> integer(MultiDict({"n": "7"}), "n", 1, 10)
    7
    >>> integer(MultiDict({"n": "0"}), "n", 1, 10)
    Traceback (most recent call last):
    ...
    lineage.errors.InvalidParameter: parameter 'n' must be an integer from 1 to 10, not '0'
    >>> integer(MultiDict({"n": "abc"}), "n", 1, 10)
    Traceback (most recent call last):
    ...
    lineage.errors.InvalidParameter: parameter 'n' must be an integer from 1 to 10, not 'abc'
    """
    raw = single(args, name)
    if raw is None:
        return default
    # ASCII digits only: int() would also take "٣" or "1_0".
    value = int(raw) if INTEGER.fullmatch(raw) else None
    if value is None or not low <= value <= high:
        raise InvalidParameter(f"parameter {name!r} must be an integer from {low} to {high}, not {quoted(raw)}")
    return value


def depth(args: Mapping, default: int | None = None) -> int | None:
    """``depth``: generations to follow (:data:`lineage.limits.DEPTH`); None (all) when absent."""
    return integer(args, "depth", limits.DEPTH.low, MAX_DEPTH, default)


def cap(args: Mapping, default: int) -> int:
    """``cap``: most nodes in a lineage answer (:data:`lineage.limits.CAP`)."""
    return integer(args, "cap", limits.CAP.low, MAX_CAP, default)


def page(args: Mapping) -> int:
    """``page``: 1-based result page.

    >>> from werkzeug.datastructures import MultiDict
    >>> page(MultiDict())
    1
    """
    return integer(args, "page", 1, MAX_PAGE, 1)


def direction(args: Mapping, default: str = limits.DEFAULT_DIRECTION) -> str:
    """``direction``: up (sources), down (remixes) or both.

    >>> from werkzeug.datastructures import MultiDict
    >>> direction(MultiDict({"direction": "sideways"}))
    Traceback (most recent call last):
    ...
    lineage.errors.InvalidParameter: parameter 'direction' must be one of up, down, both, not 'sideways'
    """
    return choice(args, "direction", DIRECTIONS, default)


def choice(args: Mapping, name: str, allowed: Iterable[str], default: str | None) -> str | None:
    """``name``: one of ``allowed`` (:func:`one_of`)."""
    return one_of(single(args, name), name, allowed, default)


def one_of(raw: str | None, name: str, allowed: Iterable[str], default: str | None) -> str | None:
    """A value from a whitelist; ``default`` when absent or empty.

    >>> one_of("", "view", ("focus", "overview"), "focus")
    'focus'
    >>> one_of("map", "view", ("focus", "overview"), "focus")
    Traceback (most recent call last):
    ...
    lineage.errors.InvalidParameter: parameter 'view' must be one of focus, overview, not 'map'
    """
    allowed = tuple(allowed)
    if raw is None or raw == "":
        return default
    if raw not in allowed:
        raise InvalidParameter(f"parameter {name!r} must be one of {', '.join(allowed)}, not {quoted(raw)}")
    return raw


def as_of(args: Mapping) -> str | None:
    """``as_of``: a real calendar date ``YYYY-MM-DD``; None when absent.

    >>> from werkzeug.datastructures import MultiDict
    >>> as_of(MultiDict({"as_of": "2023-02-30"}))
    Traceback (most recent call last):
    ...
    lineage.errors.InvalidParameter: parameter 'as_of' must be a date YYYY-MM-DD that exists, not '2023-02-30'
    """
    raw = single(args, "as_of")
    if raw is None:
        return None
    return parse_date(raw, "as_of")


def parse_date(raw: str, name: str) -> str:
    """A real date ``YYYY-MM-DD`` (years 1..9999), returned in that form.

    >>> parse_date("2024-02-29", "d")
    '2024-02-29'
    >>> parse_date("2024-2-29", "d")
    Traceback (most recent call last):
    ...
    lineage.errors.InvalidParameter: parameter 'd' must be a date YYYY-MM-DD that exists, not '2024-2-29'
    """
    try:
        if not DATE.fullmatch(raw):
            raise ValueError(raw)
        return _dt.date.fromisoformat(raw).isoformat()
    except ValueError:
        raise InvalidParameter(f"parameter {name!r} must be a date YYYY-MM-DD that exists, not {quoted(raw)}") from None


def number(args: Mapping, name: str, low: float, high: float, default: float | None = None) -> float | None:
    """A finite number in ``[low, high]``.

    >>> from werkzeug.datastructures import MultiDict
    >>> number(MultiDict({"amount": "1000.50"}), "amount", 0, 1e12)
    1000.5
    >>> number(MultiDict({"keep": "0.3900050319040337"}), "keep", 0, 1)
    0.3900050319040337
    >>> number(MultiDict({"amount": "nan"}), "amount", 0, 1e12)
    Traceback (most recent call last):
    ...
    lineage.errors.InvalidParameter: parameter 'amount' must be a number from 0 to 1000000000000, not 'nan'
    """
    raw = single(args, name)
    if raw is None:
        return default
    value = float(raw) if NUMBER.fullmatch(raw) else math.nan
    if not math.isfinite(value) or not low <= value <= high:
        raise InvalidParameter(
            f"parameter {name!r} must be a number from {_num(low)} to {_num(high)}, not {quoted(raw)}"
        )
    return value


def amount(args: Mapping) -> str | None:
    """``amount``: money to split along the lineage (0 .. 1e12), as the text given.

    The text is passed on as it is so the credit split can insist on at most
    two decimals (``lineage.credit.parse_amount``) instead of rounding a float.

    >>> from werkzeug.datastructures import MultiDict
    >>> amount(MultiDict({"amount": " 1000.50 "}))
    '1000.50'
    >>> amount(MultiDict({"amount": "-1"}))
    Traceback (most recent call last):
    ...
    lineage.errors.InvalidParameter: parameter 'amount' must be a number from 0 to 1000000000000, not '-1'
    """
    if number(args, "amount", 0.0, 1e12) is None:
        return None
    return single(args, "amount")


def keep(args: Mapping) -> float | None:
    """``keep``: share a work's own contributors keep, 0..1 (None: the library default)."""
    return number(args, "keep", 0.0, 1.0)


def text(args: Mapping, name: str, max_len: int = MAX_TEXT, required: bool = False) -> str | None:
    """A free-text parameter, at most ``max_len`` characters.

    >>> from werkzeug.datastructures import MultiDict
    >>> text(MultiDict({"q": "x" * 201}), "q")
    Traceback (most recent call last):
    ...
    lineage.errors.InvalidParameter: parameter 'q' is 201 characters long; at most 200 are accepted
    """
    raw = single(args, name)
    if raw is None:
        if required:
            raise InvalidParameter(f"parameter {name!r} is required")
        return None
    if len(raw) > max_len:
        raise InvalidParameter(f"parameter {name!r} is {len(raw)} characters long; at most {max_len} are accepted")
    if "\x00" in raw:
        raise InvalidParameter(f"parameter {name!r} holds a NUL character")
    return raw


def identifier(value: str, kind: str = "id") -> str:
    """An id taken from a URL path: any characters but bounded in length.

    >>> identifier("w/1 é")
    'w/1 é'
    >>> identifier("")
    Traceback (most recent call last):
    ...
    lineage.errors.InvalidParameter: the id is empty
    """
    if not value:
        raise InvalidParameter(f"the {kind} is empty")
    if len(value) > MAX_ID:
        raise InvalidParameter(f"the {kind} is {len(value)} characters long; at most {MAX_ID} are accepted")
    if "\x00" in value:
        raise InvalidParameter(f"the {kind} holds a NUL character")
    return value


def quoted(raw: str, limit: int = 40) -> str:
    """The offending value, quoted and shortened for the message."""
    return repr(raw if len(raw) <= limit else raw[: limit - 1] + "…")


def _num(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:g}"


__all__ = [
    "single", "integer", "depth", "cap", "page", "direction", "choice", "one_of", "quoted", "as_of", "parse_date",
    "number", "amount", "keep", "text", "identifier", "MAX_DEPTH", "MAX_CAP", "DIRECTIONS",
]
