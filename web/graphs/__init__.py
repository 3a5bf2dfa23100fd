"""Derivation graphs for the browser: the JSON our script draws, and the standalone export.

One job per module:

- :mod:`web.graphs.params` the graph parameters of an address;
- :mod:`web.graphs.layout` layout geometry (rows, places, rings);
- :mod:`web.graphs.style` colours, marks and the vis-network options;
- :mod:`web.graphs.text` labels, tooltips and ids, always plain text;
- :mod:`web.graphs.payloads` the graph JSON of a lineage, an artist, a console result;
- :mod:`web.graphs.focus` the focus-and-context view of a lineage (the default);
- :mod:`web.graphs.artists` an artist's influence graph in the same design;
- :mod:`web.graphs.standalone` one HTML file that draws a graph offline.

The names other code uses are all here, so ``from web import graphs`` is enough.
"""

from __future__ import annotations

from web.graphs.artists import artist_focus_payload
from web.graphs.focus import focus_payload
from web.graphs.layout import degrees, hierarchy_levels, layered_positions, radial_positions, spread_rows
from web.graphs.params import (
    DEFAULT_LAYOUT, DEFAULT_SIZE, LAYOUTS, MAX_GRAPH_CAP, SIZE_METRICS, VIEW_PARAMS, parse_layout, parse_size,
    preload_url, widened_cap,
)
from web.graphs.payloads import artist_payload, console_payload, describe, lineage_network, payload
from web.graphs.standalone import (
    csp_hash, render_work_standalone, script_json, standalone_html, standalone_parts, standalone_subtitle, vendored,
    work_standalone,
)
from web.graphs.style import (
    ARTIST_ROLES, FOCUS_BORDER, LARGE_GRAPH, LINEAGE_MARKS, MEDIUM_COLOURS, SELECTED_BORDER, VIS_CSS, VIS_JS,
    VIS_VERSION, legend, medium_colour, vis_options,
)
from web.graphs.text import default_work_url, edge_id, focus_id, short_label, tooltip

__all__ = [
    "LAYOUTS", "SIZE_METRICS", "MEDIUM_COLOURS", "MAX_GRAPH_CAP", "VIS_JS", "VIS_CSS", "VIS_VERSION", "VIEW_PARAMS",
    "DEFAULT_LAYOUT", "DEFAULT_SIZE", "LARGE_GRAPH", "LINEAGE_MARKS", "ARTIST_ROLES", "FOCUS_BORDER",
    "SELECTED_BORDER", "parse_size", "parse_layout", "preload_url", "widened_cap", "medium_colour", "legend", "short_label",
    "hierarchy_levels", "layered_positions", "spread_rows", "radial_positions", "degrees", "tooltip", "edge_id",
    "focus_id", "default_work_url", "vis_options", "lineage_network", "payload", "console_payload",
    "artist_payload", "describe", "focus_payload", "artist_focus_payload", "standalone_html", "standalone_parts", "script_json",
    "csp_hash", "vendored", "render_work_standalone", "work_standalone", "standalone_subtitle",
]
