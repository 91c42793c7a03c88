"""What changed between two results (before and after a scenario, say), and by how much."""

from __future__ import annotations

import sys
import types
from functools import singledispatch
from typing import Any

import pandas as pd

from .assignment import AssignmentResult
from .bottlenecks import ThroughputResult
from .errors import ArgumentTypeError
from .routing import Route

__all__ = ["diff"]


def _rows(metrics: dict[str, tuple[Any, Any]]) -> pd.DataFrame:
    rows = []
    for name, (a, b) in metrics.items():
        row: dict[str, Any] = {"metric": name, "before": a, "after": b}
        if isinstance(a, int | float) and isinstance(b, int | float) and \
                not isinstance(a, bool):
            row["change"] = b - a
            row["change_pct"] = (b - a) / a * 100 if a else float("nan")
        else:
            row["change"] = None if a == b else f"{a} -> {b}"
            row["change_pct"] = float("nan")
        rows.append(row)
    return pd.DataFrame(rows, columns=["metric", "before", "after", "change", "change_pct"]
                        ).set_index("metric")


@singledispatch
def diff(before: Any, after: Any) -> pd.DataFrame:
    """Differences between two results of the same kind: routes, comparison tables,
    throughput results or assignment results.

    Returns
    -------
    DataFrame
        For a Route or a ThroughputResult: one row per metric (before, after, change,
        change_pct). For comparison tables: one row per corridor with the before and after
        days, USD, CO2 and feasibility and their changes. For assignments: one row per asset
        with its load before and after.

    Examples
    --------
    >>> import tcroute
    >>> net = tcroute.load_network()
    >>> a = tcroute.shortest_route(net, "Shanghai", "Rotterdam", modes=["sea"])
    >>> b = tcroute.shortest_route(net.with_scenario("suez_closed"), "Shanghai", "Rotterdam",
    ...                            modes=["sea"])
    >>> d = tcroute.diff(a, b)
    >>> bool(d.loc["days", "change"] > 5)
    True
    """
    raise ArgumentTypeError(f"diff compares two Routes, comparison DataFrames, "
                            f"ThroughputResults or AssignmentResults; got "
                            f"{type(before).__name__} and {type(after).__name__}")


def _same(before: Any, after: Any) -> None:
    if type(before) is not type(after):
        raise ArgumentTypeError(f"diff needs two results of one kind, got "
                                f"{type(before).__name__} and {type(after).__name__}")


@diff.register
def _(before: Route, after: Route) -> pd.DataFrame:
    _same(before, after)
    return _rows({
        "distance_km": (before.distance_km, after.distance_km),
        "time_h": (before.time_h, after.time_h),
        "days": (before.days, after.days),
        "cost_usd": (before.cost_usd, after.cost_usd),
        "co2_kg": (before.co2_kg, after.co2_kg),
        "border_crossings": (len(before.border_crossings), len(after.border_crossings)),
        "gauge_changes": (len(before.gauge_changes), len(after.gauge_changes)),
        "transfers": (len(before.transfers), len(after.transfers)),
        "countries": (">".join(before.countries), ">".join(after.countries)),
    })


@diff.register
def _(before: ThroughputResult, after: ThroughputResult) -> pd.DataFrame:
    _same(before, after)
    return _rows({
        "max_flow_teu_year": (before.max_flow_teu_year, after.max_flow_teu_year),
        "min_cut": (", ".join(before.min_cut["asset"]), ", ".join(after.min_cut["asset"])),
        "min_cut_assets": (len(before.min_cut), len(after.min_cut)),
        "unknown_capacities": (len(before.unknown_capacities), len(after.unknown_capacities)),
    })


@diff.register
def _(before: AssignmentResult, after: AssignmentResult) -> pd.DataFrame:
    _same(before, after)
    # one row per asset: a link's two directions (and a terminal's) added, the fuller kept
    a = before.loads.groupby("asset", sort=False).agg(load_teu_year=("load_teu_year", "sum"),
                                                      vc_ratio=("vc_ratio", "max"))
    b = after.loads.groupby("asset", sort=False).agg(load_teu_year=("load_teu_year", "sum"),
                                                     vc_ratio=("vc_ratio", "max"))
    assets = list(dict.fromkeys([*a.index, *b.index]))
    df = pd.DataFrame(index=pd.Index(assets, name="asset"))
    df["load_before"] = a["load_teu_year"].reindex(assets).fillna(0.0)
    df["load_after"] = b["load_teu_year"].reindex(assets).fillna(0.0)
    df["change"] = df["load_after"] - df["load_before"]
    df["vc_before"] = a["vc_ratio"].reindex(assets)
    df["vc_after"] = b["vc_ratio"].reindex(assets)
    df.attrs["served_before"] = before.served_teu_year
    df.attrs["served_after"] = after.served_teu_year
    return df.sort_values("change", key=abs, ascending=False)


@diff.register
def _(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    _same(before, after)
    cols = ["feasible", "time_days", "cost_usd", "co2_kg", "distance_km"]
    missing = [c for c in cols if c not in before.columns or c not in after.columns]
    if missing:
        raise ArgumentTypeError(f"diff of DataFrames needs comparison tables (compare_corridors or "
                        f"compare_routes); missing columns {missing}")
    keys = list(dict.fromkeys([*before.index, *after.index]))
    out = pd.DataFrame(index=pd.Index(keys, name="corridor"))
    for c in cols:
        out[f"{c}_before"] = before[c].reindex(keys)
        out[f"{c}_after"] = after[c].reindex(keys)
        if c != "feasible":
            out[f"{c}_change"] = out[f"{c}_after"] - out[f"{c}_before"]
    return out


class _CallableModule(types.ModuleType):
    """``tcroute.diff`` stays callable after ``import tcroute.diff``: importing the submodule
    makes the package attribute the module, which would shadow the public function."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return diff(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
