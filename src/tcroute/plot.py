"""Static pictures (matplotlib): the corridor comparison chart with its map.

Plotting is an optional extra: ``pip install '.[maps]'`` in a tcroute checkout. Nothing else
in tcroute imports this module, so the analyses run without matplotlib.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .maps import ROUTE_COLORS, static_map

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from .network import Network

__all__ = ["plot_appraisal", "plot_comparison", "static_map"]


def _mpl() -> Any:
    from .errors import require

    matplotlib: Any = require("matplotlib", "maps", "plotting")
    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

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


def plot_appraisal(
    result: Any,
    path: str | Path | None = None,
    *,
    interactions: pd.DataFrame | None = None,
    title: str | None = None,
) -> Figure:
    """Benefit against cost for each appraised project, with their interactions.

    Each project is a point at (capital cost, present value of benefits), both in USD
    million; points above the diagonal have a benefit-cost ratio above 1. Pairs of projects
    that pay more together than apart (``result.interactions()``, pass it as
    ``interactions``) are joined by a line whose width grows with the interaction.

    Parameters
    ----------
    result : AppraisalResult
    path : str or Path, optional
        Write the figure there (format from the extension).
    interactions : DataFrame, optional
        ``result.interactions()``.
    title : str, optional

    Returns
    -------
    matplotlib Figure
    """
    plt = _mpl()
    df = result.projects
    fig, ax = plt.subplots(figsize=(8.5, 6.0), layout="constrained")
    x = df["pv_cost_usd"] / 1e6
    y = df["pv_benefit_usd"] / 1e6
    top = max(float(x.max()), float(y.abs().max()), 1.0) * 1.15
    wide = float(x.max()) > 30 * max(float(x.min()), 1e-9)  # costs span decades: log axes
    if wide:
        ax.set_xscale("log")
        ax.set_yscale("symlog", linthresh=max(float(x.min()) / 2, 1e-3))
    ax.plot([1e-3 if wide else 0, top], [1e-3 if wide else 0, top], color="0.6", lw=1, ls="--",
            zorder=1)
    ax.annotate("BCR = 1", (top, top), xytext=(-4, -14), textcoords="offset points",
                ha="right", color="0.4", fontsize=9)
    if interactions is not None and len(interactions):
        pos = interactions[interactions["interaction_usd"] > 0]
        big = float(pos["interaction_usd"].max()) if len(pos) else 1.0
        for _, r in pos.iterrows():
            a, b = r["project_a"], r["project_b"]
            ax.plot([x[a], x[b]], [y[a], y[b]], color="#CC79A7", alpha=0.6, zorder=2,
                    lw=0.8 + 4.0 * r["interaction_usd"] / big,
                    label="pays more together" if a == pos.iloc[0]["project_a"]
                    and b == pos.iloc[0]["project_b"] else None)
    colors = {"rail_road": "#0072B2", "rolling_stock": "#E69F00", "port_capacity": "#009E73",
              "border_crossing": "#D55E00", "multimodal_hub": "#56B4E9"}
    for lever, grp in df.groupby("lever", sort=True):
        ax.scatter(x[grp.index], y[grp.index], s=60, zorder=3, label=lever.replace("_", " "),
                   color=colors.get(lever, "0.3"), edgecolor="white", linewidth=0.8)
    # labels: points that sit close together get their labels stacked, not overprinted
    placed: list[tuple[float, float]] = []
    disp = ax.transData
    for pid in df.sort_values(["pv_cost_usd", "pv_benefit_usd"]).index:
        px, py = disp.transform((x[pid], y[pid]))
        shift = sum(1 for qx, qy in placed if abs(qx - px) < 120 and abs(qy - py) < 12)
        placed.append((px, py + 12 * shift))
        ax.annotate(str(pid).replace("_", " "), (x[pid], y[pid]), xytext=(6, 4 + 11 * shift),
                    textcoords="offset points", fontsize=8)
    if not wide:
        ax.set_xlim(0, top)
        ax.set_ylim(min(0.0, float(y.min()) * 1.15), top)
    ax.set_xlabel("present value of capital cost, USD million")
    ax.set_ylabel("present value of benefits, USD million")
    s = result.settings
    ax.set_title(title or f"Projects appraised alone, {s['years'][0]}-{s['years'][1]}, "
                 f"{s['discount_rate']:.0%} discount rate", fontsize=11)
    ax.legend(title="lever", fontsize=8, title_fontsize=9, loc="lower right", frameon=True,
              framealpha=0.9)
    ax.grid(True, color="0.9", lw=0.6)
    if path is not None:
        fig.savefig(path, dpi=150)
    return fig
