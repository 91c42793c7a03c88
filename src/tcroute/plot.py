"""Static pictures (matplotlib): the corridor comparison chart with its map.

Plotting is an optional extra: ``pip install '.[maps]'`` in a tcroute checkout. Nothing else
in tcroute imports this module, so the analyses run without matplotlib.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from . import palette as P
from .errors import InvalidArgumentError
from .maps import source_line, static_map

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from .network import Network

__all__ = ["plot_appraisal", "plot_comparison", "plot_reliability", "static_map"]


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
    source: str | None = None,
) -> Figure:
    """One figure: days, USD per TEU and kg CO2e per TEU by corridor, and a map of the
    compared routes, in the same colours (:mod:`tcroute.palette`: a corridor keeps its
    colour in every figure).

    Corridors without a route are named in the bars with "no route". Bar labels wrap
    instead of being cut; each bar carries its value; a title and a source line (network,
    version, date) make the figure fit for a report as it is.

    Parameters
    ----------
    network : Network
    table : DataFrame
        The result of :func:`tcroute.compare_corridors` or :func:`tcroute.compare_routes`.
    path : str or Path, optional
        Write the figure there (PNG, SVG or PDF by extension).
    title : str, optional
        Default: "<origin> → <destination>: corridors compared".
    source : str, optional
        The source line (default: :func:`tcroute.maps.source_line`; ``""`` for none).

    Returns
    -------
    matplotlib.figure.Figure
    """
    plt = _mpl()
    from matplotlib.ticker import MaxNLocator

    ok = table[table["feasible"]]
    if ok.empty:
        raise InvalidArgumentError("table", "no feasible corridor to draw")
    keys = [str(k) for k in table["corridor"]]
    known = P.corridor_colors(network)
    colors = {**P.route_colors(keys), **{k: known[k] for k in keys if k in known}}
    n = len(table)
    bars_h = 0.34 * n + 0.8
    fig = plt.figure(figsize=(12, bars_h + 6.4), layout="constrained")
    grid = fig.add_gridspec(2, 3, height_ratios=[bars_h, 6.4])
    labels = [textwrap.fill(str(name), 30, break_on_hyphens=False) for name in table["name"]]
    y = list(range(n))
    for j, (col, unit, fmt) in enumerate([("time_days", "days, door to door", "{:.1f}"),
                                          ("cost_usd", "USD per TEU", "{:,.0f}"),
                                          ("co2_kg", "kg CO2e per TEU", "{:,.0f}")]):
        ax = fig.add_subplot(grid[0, j])
        vals = table[col].astype(float)
        ax.barh(y, vals.fillna(0), color=[colors[k] for k in keys], height=0.7)
        top = float(vals.max())
        for i, v in enumerate(vals):
            text = "no route" if v != v else fmt.format(v)
            ax.text((0 if v != v else v) + top * 0.015, i, text, va="center", fontsize=7,
                    color=P.TEXT)
        ax.set_xlim(0, top * 1.22)
        ax.set_yticks(y)
        ax.set_yticklabels(labels if j == 0 else [""] * n, fontsize=7.5)
        ax.tick_params(axis="y", length=0)
        ax.tick_params(axis="x", labelsize=7)
        ax.xaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")
        ax.xaxis.set_major_locator(MaxNLocator(nbins=4, steps=[1, 2, 2.5, 5, 10]))
        ax.invert_yaxis()
        ax.set_title(unit, fontsize=8.5, loc="left")
        ax.grid(True, axis="x", lw=0.3, color="#cccccc")
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    routes = {str(r.name): r.route for r in ok.itertuples()}
    map_colors = {str(r.name): colors[str(r.corridor)] for r in ok.itertuples()}
    static_map(network, routes, ax=fig.add_subplot(grid[1, :]), colors=map_colors,
               source="")
    if title is None:
        first = ok.iloc[0]["route"]
        names = network._table("places").set_index("id")["name"]
        title = f"{names[first.origin]} → {names[first.destination]}: corridors compared"
    fig.suptitle(textwrap.fill(title, 100), x=0.01, ha="left", fontsize=12,
                 fontweight="bold")
    text = source_line(network) if source is None else source
    if text:
        fig.supxlabel(textwrap.fill(text, 170), x=0.01, ha="left", fontsize=6.5,
                      color=P.SOURCE_TEXT)
    if path is not None:
        fig.savefig(path, dpi=150, bbox_inches="tight")
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


def plot_reliability(
    table: pd.DataFrame,
    path: str | Path | None = None,
    *,
    title: str | None = None,
) -> Figure:
    """Transit-time distributions side by side, one per corridor: the simulated days as a
    violin with P50, P90 and P95 marked, and the routing model's mean.

    Parameters
    ----------
    table : DataFrame
        The result of :func:`tcroute.compare_corridors` with ``reliability=True``.
    path : str or Path, optional
        Write the figure there (PNG by default).

    Returns
    -------
    matplotlib.figure.Figure
    """
    plt = _mpl()
    if "reliability" not in table.columns:
        raise InvalidArgumentError("table", "it has no distributions: compare with "
                                   "reliability=True")
    ok = table[table["feasible"] & table["reliability"].notna()]
    if ok.empty:
        raise InvalidArgumentError("table", "no feasible corridor to draw")
    rels = list(ok["reliability"])
    fig, ax = plt.subplots(figsize=(10, 1.1 + 0.7 * len(ok)))
    pos = list(range(len(ok)))
    data = [r.draws for r in rels]
    try:  # matplotlib >= 3.10
        parts = ax.violinplot(data, positions=pos, orientation="horizontal",
                              showextrema=False, widths=0.8)
    except TypeError:  # pragma: no cover - older matplotlib
        parts = ax.violinplot(data, positions=pos, vert=False, showextrema=False, widths=0.8)
    keys = [str(k) for k in ok["corridor"]]
    colors = P.route_colors(keys)
    for key, body in zip(keys, parts["bodies"], strict=True):
        body.set_facecolor(colors[key])
        body.set_alpha(0.5)
    for i, r in enumerate(rels):
        for q, mark in ((r.p50_days, "|"), (r.p90_days, "4"), (r.p95_days, ">")):
            ax.plot(q, i, marker=mark, color="black", ms=9)
        ax.plot(r.route.days, i, marker="o", mfc="white", color="black", ms=5)
    ax.set_yticks(pos)
    ax.set_yticklabels(list(ok["name"].str.slice(0, 34)), fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("days door to door  (| P50, Y P90, > P95, o routing mean)")
    ax.grid(True, axis="x", lw=0.3)
    basis = str(ok["reliability_basis"].iloc[0]).split(";")[0]
    ax.set_title(title or f"Transit time by corridor ({basis})", fontsize=10)
    fig.tight_layout()
    if path is not None:
        fig.savefig(path, dpi=130, bbox_inches="tight")
    return fig
