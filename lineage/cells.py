"""Cells of CSV files people open in spreadsheets: the one rule against formulas.

A cell a spreadsheet would run as a formula (it starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return) gets a ``'`` in front; so does a
cell that already starts with ``'``, so that the text as read is always
recovered by dropping a leading ``'`` (:func:`cell_text`). The loader's
rejects file and the console's CSV downloads both write cells through
:func:`safe_cell`.
"""

from __future__ import annotations

# A cell starting with one of these is read as a formula by spreadsheets.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"


def safe_cell(text: str) -> str:
    """``text`` as written to a CSV cell: ``'`` in front of a formula, or of a leading ``'``.

    >>> safe_cell("=1+1"), safe_cell("-3,x"), safe_cell("'quoted"), safe_cell("w1,a")
    ("'=1+1", "'-3,x", "''quoted", 'w1,a')
    """
    return ESCAPE + text if text.startswith(FORMULA_START + (ESCAPE,)) else text


def cell_text(cell: str) -> str:
    """The text a cell stands for (the inverse of :func:`safe_cell`).

    >>> all(cell_text(safe_cell(t)) == t for t in ("=1", "''x", "'", "plain", "", "@a"))
    True
    """
    return cell[1:] if cell.startswith(ESCAPE) else cell


__all__ = ["safe_cell", "cell_text", "FORMULA_START"]
