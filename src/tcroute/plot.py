"""Static pictures (matplotlib): corridor comparison charts and route maps.

Plotting is an optional extra: ``pip install 'tcroute[maps]'``. Nothing else in tcroute
imports this module, so the analyses run without matplotlib.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .routing import Route

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from .network import Network

__all__ = ["plot_comparison", "plot_routes"]

MODE_COLORS = {"rail": "#6b6b6b", "road": "#c9a66b", "ferry": "#4f9fd8", "sea": "#9cc3e6"}
ROUTE_COLORS = ["#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2",
                "#17becf", "#bcbd22", "#7f7f7f"]


def _mpl() -> Any:
    try:
        import matplotlib

        matplotlib.use("Agg", force=False)
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("plotting needs matplotlib: pip install 'tcroute[maps]'") from exc
    return plt


def _draw_network(ax: Axes, network: Network, bbox: tuple[float, float, float, float]) -> None:
    places = network._table("places").set_index("id")
    links = network._table("links")
    lon0, lat0, lon1, lat1 = bbox
    for mode in ("sea", "ferry", "road", "rail"):
        sub = links[(links["mode"] == mode) & (links["status"] != "closed")]
        for row in sub.itertuples():
            a, b = places.loc[row.from_id], places.loc[row.to_id]
            if max(a.lon, b.lon) < lon0 or min(a.lon, b.lon) > lon1:
                continue
            if max(a.lat, b.lat) < lat0 or min(a.lat, b.lat) > lat1:
                continue
            ax.plot([a.lon, b.lon], [a.lat, b.lat], color=MODE_COLORS[mode],
                    lw=0.6 if mode != "rail" else 0.8,
                    ls="--" if row.status == "planned" else "-", zorder=1)


def _scale_bar(ax: Axes, bbox: tuple[float, float, float, float]) -> None:
    lon0, lat0, lon1, lat1 = bbox
    lat = lat0 + 0.06 * (lat1 - lat0)
    km = 1000 if (lon1 - lon0) > 30 else 200
    dlon = km / (111.32 * math.cos(math.radians(lat)))
    x0 = lon0 + 0.04 * (lon1 - lon0)
    ax.plot([x0, x0 + dlon], [lat, lat], color="black", lw=2.5, zorder=5)
    ax.text(x0 + dlon / 2, lat + 0.012 * (lat1 - lat0), f"{km:,} km", ha="center",
            va="bottom", fontsize=7, zorder=5)


def plot_routes(
    network: Network,
    routes: Mapping[str, Route] | list[Route],
    path: str | Path | None = None,
    *,
    ax: Axes | None = None,
    show_network: bool = True,
    title: str | None = None,
) -> Figure:
    """A map of one or several routes over the network (links coloured by mode).

    Parameters
    ----------
    network : Network
    routes : mapping of label -> Route, or list of Route
    path : str or Path, optional
        Write the figure there (PNG, SVG or PDF by extension).
    ax : matplotlib Axes, optional
        Draw into these axes instead of a new figure.
    show_network : bool
        Draw the network's links as grey context.

    Returns
    -------
    matplotlib.figure.Figure
    """
    plt = _mpl()
    if isinstance(routes, list):
        routes = {f"route {i + 1}": r for i, r in enumerate(routes)}
    if ax is None:
        fig, ax = plt.subplots(figsize=(12, 6.5))
    else:
        fig = ax.figure
    coords = [c for r in routes.values() for c in r.geometry.coords]
    if not coords:
        raise ValueError("no route to draw")
    lons, lats = zip(*coords, strict=True)
    pad = 3.0
    bbox = (min(lons) - pad, min(lats) - pad, max(lons) + pad, max(lats) + pad)
    if show_network:
        _draw_network(ax, network, bbox)
    labelled: set[str] = set()
    names = network._table("places").set_index("id")["name"]
    for i, (label, r) in enumerate(routes.items()):
        color = ROUTE_COLORS[i % len(ROUTE_COLORS)]
        xs, ys = zip(*r.geometry.coords, strict=True)
        ax.plot(xs, ys, color=color, lw=2.6, alpha=0.85, zorder=3,
                label=f"{label}: {r.days:.1f} d, USD {r.cost_usd:,.0f}")
        for pid in (r.places[0], r.places[-1]):
            if pid not in labelled:
                labelled.add(pid)
                x, y = r._coords[pid]
                ax.plot(x, y, "o", color="black", ms=4, zorder=4)
                ax.annotate(names[pid], (x, y), xytext=(3, 3), textcoords="offset points",
                            fontsize=8, zorder=4)
    for mode, color in MODE_COLORS.items():
        ax.plot([], [], color=color, lw=1, label=f"network: {mode}")
    ax.set_xlim(bbox[0], bbox[2])
    ax.set_ylim(bbox[1], bbox[3])
    mid = (bbox[1] + bbox[3]) / 2
    ax.set_aspect(1 / math.cos(math.radians(mid)))
    ax.set_xlabel("longitude (°E)")
    ax.set_ylabel("latitude (°N)")
    ax.grid(True, lw=0.3, alpha=0.5)
    _scale_bar(ax, bbox)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7, framealpha=0.9)
    if title:
        ax.set_title(title)
    if path is not None:
        fig.savefig(path, dpi=130, bbox_inches="tight")
    return fig


def plot_comparison(
    network: Network,
    table: pd.DataFrame,
    path: str | Path | None = None,
    *,
    title: str | None = None,
) -> Figure:
    """One figure: days, USD per TEU and kg CO2e per TEU by corridor, and a map of the
    compared routes.

    Parameters
    ----------
    network : Network
    table : DataFrame
        The result of :func:`tcroute.compare_corridors` or :func:`tcroute.compare_routes`.
    path : str or Path, optional
        Write the figure there (PNG by default).

    Returns
    -------
    matplotlib.figure.Figure
    """
    plt = _mpl()
    ok = table[table["feasible"]]
    if ok.empty:
        raise ValueError("no feasible corridor to draw")
    fig = plt.figure(figsize=(15, 9))
    grid = fig.add_gridspec(2, 3, height_ratios=[1, 1.7])
    labels = list(ok["name"].str.slice(0, 34))
    colors = [ROUTE_COLORS[i % len(ROUTE_COLORS)] for i in range(len(ok))]
    for j, (col, unit) in enumerate([("time_days", "days"), ("cost_usd", "USD per TEU"),
                                     ("co2_kg", "kg CO2e per TEU")]):
        ax = fig.add_subplot(grid[0, j])
        ax.barh(range(len(ok)), ok[col], color=colors)
        ax.set_yticks(range(len(ok)))
        ax.set_yticklabels(labels if j == 0 else [""] * len(ok), fontsize=8)
        ax.invert_yaxis()
        ax.set_xlabel(unit)
        ax.grid(True, axis="x", lw=0.3)
    routes = {str(r.name): r.route for r in ok.itertuples()}
    plot_routes(network, routes, ax=fig.add_subplot(grid[1, :]))
    if title is None:
        first = ok.iloc[0]["route"]
        names = network._table("places").set_index("id")["name"]
        title = f"{names[first.origin]} → {names[first.destination]}: corridors compared"
    fig.suptitle(title)
    fig.tight_layout()
    if path is not None:
        fig.savefig(path, dpi=130, bbox_inches="tight")
    return fig
