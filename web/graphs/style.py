"""How the drawings look: colours, marks, and the vis-network options."""

from __future__ import annotations

from typing import Any, Iterable

from lineage import limits
from lineage.model import MEDIA


# The vendored vis-network (web/static/vendor/, from npm) and its stylesheet.
VIS_VERSION = "10.1.5"


VIS_JS = f"vendor/vis-network-{VIS_VERSION}.min.js"


VIS_CSS = f"vendor/vis-network-{VIS_VERSION}.min.css"


# Above this many nodes the layout gives up the costly parts (vis-network's
# Kamada-Kawai seeding, curved edges, physics in the hierarchical layout).
LARGE_GRAPH = limits.LARGE_GRAPH


# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
MEDIUM_COLOURS = {
    "music": "#E69F00",
    "video": "#56B4E9",
    "writing": "#009E73",
    "image": "#F0E442",
    "audio": "#0072B2",
    "animation": "#D55E00",
    "other": "#BBBBBB",
}


UNKNOWN_MEDIUM = "other"


# What the shapes and strokes mean, shown under the colour legend.
LINEAGE_MARKS = [
    {"mark": "focus", "label": "the work in focus (heavy border)"},
    {"mark": "selected", "label": "selected (blue ring)"},
    {"mark": "origin", "label": "origin: remixes nothing"},
    {"mark": "arrow", "label": "remix → its source"},
    {"mark": "anomaly", "label": "temporal anomaly (dated before its source)"},
]


FOCUS_BORDER = "#111111"


# The selected node's ring: thin and blue, so it never reads as the focus's heavy dark border.
SELECTED_BORDER = "#0969DA"


SELECTED_WIDTH = 2


NODE_BORDER = "#4D4D4D"


EDGE_COLOUR = "#8A8F98"


ANOMALY_COLOUR = "#C0392B"


# No spaces: pyvis's set_options strips every space from the options JSON.
FONT_FACE = "system-ui,-apple-system,Roboto,Arial,sans-serif"


ARTIST_ROLES = {
    "focus": ("the artist", "#009E73"),
    "upstream": ("drew on (upstream)", "#0072B2"),
    "downstream": ("reached (downstream)", "#D55E00"),
    "collaborator": ("collaborator", "#CC79A7"),
}


def medium_colour(medium: Any) -> str:
    """The fill colour of a medium; unknown media share "other"'s grey.

    >>> medium_colour("music"), medium_colour("hologram"), medium_colour(None)
    ('#E69F00', '#BBBBBB', '#BBBBBB')
    """
    return MEDIUM_COLOURS.get(medium if isinstance(medium, str) else UNKNOWN_MEDIUM, MEDIUM_COLOURS[UNKNOWN_MEDIUM])


def legend(media: Iterable[Any] | None = None) -> list[dict]:
    """The legend: every medium (or those given, in the palette's order) with its colour.

    >>> legend(["writing", "music", "music"])
    [{'label': 'music', 'colour': '#E69F00'}, {'label': 'writing', 'colour': '#009E73'}]
    >>> [entry["label"] for entry in legend(["zither"])]
    ['other']
    """
    if media is None:
        wanted = set(MEDIUM_COLOURS)
    else:
        wanted = {m if m in MEDIUM_COLOURS else UNKNOWN_MEDIUM for m in media}
    return [{"label": m, "colour": c} for m, c in MEDIUM_COLOURS.items() if m in wanted]


def interaction_options(*, large: bool = False) -> dict:
    """vis-network's ``interaction`` options of every drawing: hover tooltips (not on a large graph), no buttons.

    >>> interaction_options(large=True)["hover"], interaction_options()["zoomView"]
    (False, False)
    """
    return {
        "hover": not large,
        "tooltipDelay": 120,
        "hideEdgesOnDrag": large,
        "hideEdgesOnZoom": large,
        "navigationButtons": False,
        "keyboard": False,
        "multiselect": False,
        # The wheel scrolls the page; the script zooms with Ctrl, once the graph has focus, or its buttons.
        "zoomView": False,
    }


def vis_options(node_count: int, layout: str) -> dict:
    """vis-network options sized to the graph, so even 2,000 nodes never hang the tab.

    Hierarchical: the positions come with the nodes (:func:`layered_positions`),
    so vis-network only draws. Free: Barnes-Hut physics, stabilised in small
    batches (the page stays responsive between them) for a bounded number of
    iterations, large graphs starting from :func:`radial_positions`. The
    script turns physics off once the graph is stable.

    >>> vis_options(10, "hierarchical")["physics"]
    {'enabled': False}
    >>> vis_options(2000, "free")["layout"]["improvedLayout"], vis_options(20, "free")["layout"]["improvedLayout"]
    (False, True)
    """
    large = node_count > LARGE_GRAPH
    options: dict[str, Any] = {
        "autoResize": True,
        "layout": {"improvedLayout": not large, "randomSeed": 7},
        "interaction": interaction_options(large=large),
        "nodes": {
            "shape": "dot",
            "borderWidth": 1,
            "scaling": {"min": 8, "max": 34, "label": {"enabled": False}},
            "font": {"size": 12, "face": FONT_FACE, "color": "#1F2328"},
            # Long titles wrap under the node instead of running into the neighbours.
            "widthConstraint": {"maximum": 120},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.55}},
            "color": {"color": EDGE_COLOUR, "highlight": "#1F2328", "hover": "#1F2328"},
            "font": {"size": 10, "face": FONT_FACE, "align": "middle", "color": "#57606A"},
            "width": 1.2,
            "selectionWidth": 1.5,
            "smooth": False,
        },
    }
    if layout == "hierarchical":
        # The rows and places come with the nodes (layered_positions): vis-network
        # runs no layout and no physics, it only draws, so no size can hang the tab.
        options["layout"]["improvedLayout"] = False
        options["layout"]["hierarchical"] = {"enabled": False}
        options["physics"] = {"enabled": False}
        if not large:
            options["edges"]["smooth"] = {"enabled": True, "type": "cubicBezier", "forceDirection": "vertical", "roundness": 0.4}
    else:
        options["physics"] = {
            "enabled": True,
            "solver": "barnesHut",
            # Large graphs start from rings around the focus (radial_positions) and
            # only relax: a coarser Barnes-Hut (theta 1), no overlap term, fewer steps.
            "barnesHut": {
                "gravitationalConstant": -4000,
                "springLength": 120,
                "springConstant": 0.03,
                "avoidOverlap": 0.2 if not large else 0,
                "theta": 0.5 if not large else 1.0,
            },
            "stabilization": {
                "enabled": True,
                # Each batch runs between two tasks of the page, so a click is
                # answered while it settles: a large graph's step is ~20-30 ms.
                "iterations": 400 if not large else 100,
                "updateInterval": 20 if not large else 2,
                "fit": True,
            },
            "minVelocity": 1.0,
        }
    return options


assert set(MEDIUM_COLOURS) == set(MEDIA), "every medium needs a colour"
