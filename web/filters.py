"""Jinja filters and globals used by the templates (formatting only)."""

from __future__ import annotations

import math
from typing import Any
from urllib.parse import urlencode

from flask import Flask, request, url_for


def num(value: Any, digits: int = 4) -> str:
    """A number for people: thousands separated, floats to a few significant digits.

    >>> num(1234567), num(0.000123456), num(None), num(2.0)
    ('1,234,567', '0.0001235', '–', '2')
    """
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        if value.is_integer() and abs(value) < 1e15:
            return f"{int(value):,}"
        return f"{value:.{digits}g}"
    return str(value)


def money(value: Any) -> str:
    """Two decimals, thousands separated.

    >>> money(1234.5), money(None)
    ('1,234.50', '–')
    """
    if value is None:
        return "–"
    return f"{float(value):,.2f}"


def percent(value: Any) -> str:
    """A share 0..1 as a percentage.

    >>> percent(0.125), percent(None)
    ('12.5%', '–')
    """
    if value is None:
        return "–"
    return f"{float(value) * 100:.3g}%"


def plain(value: Any) -> str:
    """Any property value as text (lists joined by commas).

    >>> plain(["a", "b"]), plain(None), plain(3)
    ('a, b', '', '3')
    """
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(plain(v) for v in value)
    if isinstance(value, float):
        return num(value)
    return str(value)


def url_with(**changes: Any) -> str:
    """The current page's address with some query parameters changed (None drops one).

    The query string is built here, not by ``url_for``: a request's own
    ``endpoint``, ``_method``, ``_external`` or an argument named like a path
    part (``work_id``) would otherwise be read by ``url_for`` (a 500, or links
    made absolute with the request's Host).
    """
    args = request.args.to_dict(flat=True)
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = value
    path = url_for(request.endpoint, **(request.view_args or {}))
    return path + ("?" + urlencode(args) if args else "")


def init_app(app: Flask) -> None:
    from web.console_support import cell_text

    app.jinja_env.filters.update(num=num, money=money, percent=percent, plain=plain, cell=cell_text)
    app.jinja_env.globals.update(url_with=url_with)
    # Autoescaping is on for .html templates (Flask's default); make it explicit for all.
    app.jinja_env.autoescape = True


__all__ = ["num", "money", "percent", "plain", "url_with", "init_app"]
