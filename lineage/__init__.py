"""Remix Lineage Explorer: trace how creative work is remixed."""

__version__ = "0.1.0"
