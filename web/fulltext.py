"""Turning a user's search words into a safe Lucene query for the full-text indexes.

Lucene gives meaning to ``+ - && || ! ( ) { } [ ] ^ " ~ * ? : \\ /`` and to the
words AND, OR, NOT; a user's ``a(b`` must search for the text, not fail to
parse. Every special character is escaped, operator words are lower-cased, and
each word matches as a prefix too (``rem`` finds "Remix").
"""

from __future__ import annotations

import re

SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/])')
OPERATORS = {"AND", "OR", "NOT", "TO"}
MAX_TERMS = 12


def escape_term(term: str) -> str:
    r"""One word with Lucene's special characters escaped.

    >>> escape_term("a(b")
    'a\\(b'
    >>> escape_term("AND")
    'and'
    """
    if term in OPERATORS:
        return term.lower()
    return SPECIAL.sub(r"\\\1", term)


def lucene_query(text: str) -> str | None:
    r"""A Lucene query finding ``text``'s words (exact, or as a prefix); None if it has none.

    Exact matches score above prefix matches.

    >>> lucene_query("blue remix")
    'blue^2 OR blue* OR remix^2 OR remix*'
    >>> lucene_query('a(b "c')
    'a\\(b^2 OR a\\(b* OR \\"c^2 OR \\"c*'
    >>> lucene_query("   ") is None
    True
    """
    terms = [t for t in text.split() if t][:MAX_TERMS]
    if not terms:
        return None
    parts = []
    for term in terms:
        escaped = escape_term(term)
        parts.append(f"{escaped}^2")
        parts.append(f"{escaped}*")
    return " OR ".join(parts)


__all__ = ["escape_term", "lucene_query"]
