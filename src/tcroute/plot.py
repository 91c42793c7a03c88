"""Static pictures (matplotlib): the corridor comparison chart with its map.

Plotting is an optional extra: ``pip install 'tcroute[maps]'``. Nothing else in tcroute
imports this module, so the analyses run without matplotlib.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .maps import ROUTE_COLORS, static_map

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from .network import Network

__all__ = ["plot_comparison", "static_map"]


def _mpl() -> Any:
    try:
        import matplotlib

        matplotlib.use("Agg", force=False)
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("plotting needs matplotlib: pip install 'tcroute[maps]'") from exc
    return plt


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
    static_map(network, routes, ax=fig.add_subplot(grid[1, :]))
    if title is None:
        first = ok.iloc[0]["route"]
        names = network._table("places").set_index("id")["name"]
        title = f"{names[first.origin]} → {names[first.destination]}: corridors compared"
    fig.suptitle(title)
    fig.tight_layout()
    if path is not None:
        fig.savefig(path, dpi=130, bbox_inches="tight")
    return fig
