"""The one palette of every chart and map: a colour per corridor that stays the same from one
figure to the next, and quiet colours for the network underneath.

Route colours are the Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"), which
stays distinguishable with the common colour-vision deficiencies, completed with colours of
Paul Tol's "muted" scheme for corridors beyond the first eight. A corridor that is not listed
here gets a colour from its id, so it too keeps its colour in every figure.

Examples
--------
>>> corridor_color("northern")
'#D55E00'
>>> corridor_color("my_corridor") == corridor_color("my_corridor")
True
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .network import Network

__all__ = ["CORRIDOR_COLORS", "MODE_COLORS", "ROUTE_COLORS", "corridor_color", "corridor_colors",
           "route_colors"]

CORRIDOR_COLORS: dict[str, str] = {
    "best": "#000000",              # black: the best route with no corridor rule
    "northern": "#D55E00",          # vermillion
    "middle_black_sea": "#0072B2",  # blue
    "middle_btk": "#56B4E9",        # sky blue
    "southern_iran": "#009E73",     # bluish green
    "cku": "#CC79A7",               # reddish purple
    "middle_road": "#E69F00",       # orange
    "sea_suez": "#332288",          # indigo (Tol)
    "sea_cape": "#999933",          # olive (Tol)
}
"""Colour of each corridor of the default network (and ``best``, the unconstrained route)."""

ROUTE_COLORS: list[str] = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
                           "#332288", "#999933", "#882255", "#44AA99", "#117733", "#AA4499"]
"""Colours for routes that are not corridors (route 1, route 2, ...), in this order."""

MODE_COLORS: dict[str, str] = {"rail": "#8a8a8a", "road": "#c9b48a", "ferry": "#6f9fc8",
                               "sea": "#a8c3dc"}
"""The network underneath the routes: light, so that the routes stand out."""

LAND = "#f2efe6"
SEA = "#dde9f3"
COAST = "#8c9aa6"
BORDER = "#b3a698"
TEXT = "#222222"
SOURCE_TEXT = "#555555"


def corridor_color(key: str) -> str:
    """The colour of a corridor id (stable: the same id always gets the same colour)."""
    if key in CORRIDOR_COLORS:
        return CORRIDOR_COLORS[key]
    return ROUTE_COLORS[zlib.crc32(key.encode("utf-8")) % len(ROUTE_COLORS)]


def corridor_colors(network: Network) -> dict[str, str]:
    """The colour of ``best`` and of every corridor of ``network.corridors``: listed
    corridors keep :data:`CORRIDOR_COLORS`, the others take the free colours of
    :data:`ROUTE_COLORS` in the order of the corridors table, so that each keeps its colour
    in every chart and map of that network."""
    return route_colors(["best", *map(str, network.corridors.index)])


def route_colors(keys: Iterable[str]) -> dict[str, str]:
    """Colours for labelled routes: a corridor id keeps its corridor colour, any other
    label gets the next colour of :data:`ROUTE_COLORS` not yet used in the figure."""
    keys = list(keys)
    out = {k: CORRIDOR_COLORS[k] for k in keys if k in CORRIDOR_COLORS}
    free = [c for c in ROUTE_COLORS if c not in out.values()]
    for i, k in enumerate(k for k in keys if k not in out):
        out[k] = free[i % len(free)] if free else ROUTE_COLORS[i % len(ROUTE_COLORS)]
    return {k: out[k] for k in keys}
