"""JSON for the site's answers: any value a query can return, always valid JSON.

Neo4j's temporal and spatial values become strings; NaN and infinities (not
JSON) become null.
"""

from __future__ import annotations

import json
import math
from typing import Any

from flask.json.provider import DefaultJSONProvider


def _default(value: Any) -> Any:
    iso = getattr(value, "iso_format", None)
    if callable(iso):
        return iso()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    if isinstance(value, bytes):
        return value.hex()
    return DefaultJSONProvider.default(value) if _flask_knows(value) else str(value)


def _flask_knows(value: Any) -> bool:
    try:
        DefaultJSONProvider.default(value)
        return True
    except TypeError:
        return False


def finite(value: Any) -> Any:
    """The value with NaN and infinities replaced by None, recursively.

    >>> finite({"a": [1.0, float("nan")], "b": float("inf")})
    {'a': [1.0, None], 'b': None}
    """
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    return value


class SiteJSONProvider(DefaultJSONProvider):
    ensure_ascii = False
    sort_keys = False
    default = staticmethod(_default)

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        kwargs.setdefault("default", self.default)
        kwargs.setdefault("ensure_ascii", self.ensure_ascii)
        kwargs.setdefault("sort_keys", self.sort_keys)
        try:
            return json.dumps(obj, allow_nan=False, **kwargs)
        except ValueError:
            return json.dumps(finite(obj), allow_nan=False, **kwargs)
