"""Corridors side by side: the "bypass Russia" table.

A corridor (``corridors.csv``) is a named set of routing constraints — places to pass, countries
to avoid, modes allowed — so that "the Middle Corridor via the Georgian ports" or "sea via the
Cape" can be asked for by name, and compared with the best unconstrained route.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from . import _args as A
from .costs import CostModel, Weight
from .errors import ArgumentTypeError, InvalidArgumentError, NoRouteError, UnknownIdError
from .routing import Route, shortest_route

if TYPE_CHECKING:
    from .network import Network

__all__ = ["COMPARISON_COLUMNS", "compare_corridors", "compare_routes", "corridor_constraints",
           "corridor_cut", "route_bottleneck"]

COMPARISON_COLUMNS = [
    "corridor", "name", "feasible", "reason", "distance_km", "time_days", "cost_usd", "unit",
    "co2_kg", "border_crossings", "gauge_changes", "transfers", "countries", "passages",
    "bottleneck_teu_year", "bottleneck_asset", "route_bottleneck_teu_year",
    "route_bottleneck_asset", "unknown_capacities", "delta_days", "delta_cost_usd",
    "delta_co2_kg", "route",
]


def route_bottleneck(route: Route) -> tuple[float | None, str | None, int]:
    """The smallest known capacity on a route (TEU/year), the link or terminal that has it,
    and how many of the route's links and terminals have no known capacity.

    Examples
    --------
    >>> import tcroute
    >>> net = tcroute.load_network()
    >>> cap, asset, unknown = route_bottleneck(tcroute.shortest_route(net, "Aktau", "Baku"))
    >>> cap is None or cap > 0
    True
    """
    legs = route._legs
    caps = legs["capacity_teu_year"]
    known = legs[caps.notna()]
    unknown = int(caps.isna().sum())
    if known.empty:
        return None, None, unknown
    row = known.loc[known["capacity_teu_year"].idxmin()]
    return float(row["capacity_teu_year"]), str(row["id"]), unknown


def _split(text: Any) -> list[str]:
    """Items of a ';'-separated cell (',' accepted too); '|' groups are kept whole."""
    if text is None or (isinstance(text, float) and text != text):
        return []
    return [t.strip() for t in str(text).replace(",", ";").split(";") if t.strip()]


def corridor_constraints(network: Network, corridor: str) -> dict[str, Any]:
    """The routing keyword arguments that define a corridor of ``network.corridors``.

    ``via`` holds places to pass in order, separated by ``;``; places separated by ``|`` are
    alternatives (pass one of them). ``segment_modes`` gives, per stretch between origin,
    via places and destination (separated by ``;``), the modes allowed, joined by ``+``, or
    ``*`` for any.

    Examples
    --------
    >>> import tcroute
    >>> c = corridor_constraints(tcroute.load_network(), "northern")
    >>> c["via"], c["modes"]
    ([['by_brest', 'by_bruzgi']], ['rail'])
    """
    table = network.corridors
    if not isinstance(corridor, str):
        raise ArgumentTypeError(f"corridor: expected a corridor id (str), got {corridor!r}")
    if corridor not in table.index:
        raise UnknownIdError("corridor", [corridor],
                             f"the network defines: {', '.join(table.index)}")
    row = table.loc[corridor]
    modes = _split(row["modes"])
    segs = _split(row.get("segment_modes"))
    return {
        "segment_modes": [None if seg == "*" else seg.split("+") for seg in segs] or None,
        "via": [v.split("|") if "|" in v else v for v in _split(row["via"])],
        "avoid_countries": _split(row["avoid_countries"]),
        "avoid_places": _split(row["avoid_places"]),
        "avoid_modes": _split(row["avoid_modes"]),
        "modes": modes or None,
        "include_planned": bool(row["include_planned"]) if row["include_planned"] is not None
        else False,
    }


def corridor_cut(network: Network, origin: str, destination: str, **constraints: Any
                 ) -> tuple[float | None, str | None]:
    """The capacity (TEU/year) that limits a corridor and the assets of its min cut, joined
    with ``+``: :func:`tcroute.max_throughput` under the same constraints (terminals
    included). ``(None, reason)`` when known capacities do not bound it.

    Examples
    --------
    >>> import tcroute
    >>> net = tcroute.load_network()
    >>> cap, assets = corridor_cut(net, "Xi'an", "Duisburg",
    ...                            **tcroute.corridor_constraints(net, "middle_btk"))
    >>> cap > 0 and "alat" in assets
    True
    """
    from .bottlenecks import max_throughput

    keys = ("avoid_countries", "avoid_places", "modes", "avoid_modes", "include_planned",
            "via", "segment_modes", "road_legs")
    try:
        res = max_throughput(network, origin, destination,
                             **{k: v for k, v in constraints.items() if k in keys})
    except NoRouteError as exc:
        return None, f"no flow: {exc}"
    if res.unbounded:
        return None, "not bounded by known capacities"
    return res.max_flow_teu_year, "+".join(res.min_cut["asset"])


def _row(key: str, name: str, result: Route | Exception, best: Route | None,
         cut: tuple[float | None, str | None] = (None, None)) -> dict[str, Any]:
    row: dict[str, Any] = {c: None for c in COMPARISON_COLUMNS}
    row.update(corridor=key, name=name)
    if isinstance(result, Exception):
        row.update(feasible=False, reason=str(result))
        return row
    r = result
    cap, asset, unknown = route_bottleneck(r)
    row.update(bottleneck_teu_year=cut[0], bottleneck_asset=cut[1])
    row.update(
        feasible=True, reason="", distance_km=round(r.distance_km, 1),
        time_days=round(r.days, 2), cost_usd=round(r.cost_usd, 0), unit=r.unit,
        co2_kg=round(r.co2_kg, 1),
        border_crossings=len(r.border_crossings), gauge_changes=len(r.gauge_changes),
        transfers=len(r.transfers), countries=">".join(r.countries),
        passages=">".join(r.passages), route_bottleneck_teu_year=cap,
        route_bottleneck_asset=asset, unknown_capacities=unknown, route=r,
    )
    if best is not None:
        row.update(delta_days=round(r.days - best.days, 2),
                   delta_cost_usd=round(r.cost_usd - best.cost_usd, 0),
                   delta_co2_kg=round(r.co2_kg - best.co2_kg, 1))
    return row


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=COMPARISON_COLUMNS)
    for c in ("distance_km", "time_days", "cost_usd", "co2_kg", "bottleneck_teu_year",
              "route_bottleneck_teu_year", "delta_days", "delta_cost_usd", "delta_co2_kg"):
        df[c] = df[c].astype(float)
    for c in ("border_crossings", "gauge_changes", "transfers", "unknown_capacities"):
        df[c] = df[c].astype("Int64")
    df["feasible"] = df["feasible"].astype(bool)
    return df.set_index("corridor", drop=False).rename_axis(None)


def _try(network: Network, origin: str, destination: str, **kwargs: Any) -> Route | Exception:
    try:
        return shortest_route(network, origin, destination, **kwargs)
    except NoRouteError as exc:
        return exc


def compare_corridors(
    network: Network,
    origin: str,
    destination: str,
    *,
    weight: Weight = "time",
    include_planned: bool = False,
    corridors: Iterable[str] | None = None,
    avoid_countries: Iterable[str] = (),
    cost_model: CostModel | None = None,
    reliability: bool = False,
    month: int | None = None,
    within_days: float | None = None,
    episodes: bool = True,
    draws: int = 10_000,
    seed: int | None = 0,
    unit: Literal["TEU", "FEU"] | None = None,
    bottlenecks: bool = True,
) -> pd.DataFrame:
    """Compare the named corridors between two places, one row per corridor.

    Each corridor's best route (by ``weight``) is found under the corridor's constraints.
    The first row, ``best``, is the best route with no corridor constraint (but avoiding
    ``avoid_countries``, and named so); the ``delta_*`` columns of every row are differences
    against it (days, USD per TEU, kg CO2e per TEU).

    Parameters
    ----------
    network : Network
    origin, destination : str
        Place ids, names or aliases.
    weight : str, CostModel or callable
        What each corridor's route minimises (see :func:`tcroute.shortest_route`).
    include_planned : bool
        Also use planned links and terminals (a corridor may require them itself).
    corridors : iterable of str, optional
        Corridor ids to compare (default: every corridor of ``network.corridors``).
    avoid_countries : iterable of str
        Countries avoided in addition, by every corridor and by the ``best`` row.
    cost_model : CostModel, optional
    reliability : bool, default False
        Also simulate each route's transit time (:func:`tcroute.transit_time_distribution`)
        and add ``p50_days``, ``p90_days``, ``p95_days`` (the days to promise for 90 % and
        95 % on time), ``spread_days`` (P90 − P50), ``planning_time_index`` (P95 over the
        running time alone), the delay ``spread_source`` that contributes most to the
        spread, ``reliability_basis`` (the month simulated, or the year-round mix) and the
        :class:`~tcroute.ReliabilityResult` itself in ``reliability``.
    month : int, optional
        1-12: simulate journeys in that month (default: a year-round mix).
    within_days : float, optional
        Also add ``p_within``: the probability of arriving within this many days.
    episodes : bool, default True
        Count dated disruption episodes (see :func:`tcroute.transit_time_distribution`).
    draws, seed : int
        Monte Carlo draws and seed for ``reliability``.
    unit : {"TEU", "FEU"}, optional
        Money and CO2 per 20-foot or 40-foot box (see :func:`tcroute.shortest_route`).
    bottlenecks : bool, default True
        Find each corridor's capacity cut with :func:`tcroute.max_throughput` under the
        corridor's constraints (False leaves ``bottleneck_*`` empty, faster).

    Returns
    -------
    pandas.DataFrame
        Columns: corridor, name, feasible, reason (why not, when not), distance_km,
        time_days, cost_usd (per ``unit``), unit, co2_kg, border_crossings (land frontiers
        and ferry landings in another country; a deep-sea voyage is not one), gauge_changes,
        transfers, countries (passed on land or called at in port), passages (straits and
        canals sailed through),
        bottleneck_teu_year and bottleneck_asset (the corridor's capacity and the assets of
        its min cut, joined by ``+``: :func:`tcroute.max_throughput` from origin to
        destination under the corridor's constraints, terminals included — the same answer
        ``max_throughput`` gives; empty when known capacities do not bound it),
        route_bottleneck_teu_year and route_bottleneck_asset (the smallest known link or
        terminal capacity on the row's single route: :func:`route_bottleneck`),
        unknown_capacities (links and terminals of unknown capacity on the route),
        delta_days, delta_cost_usd, delta_co2_kg, route (the :class:`Route`).

    Examples
    --------
    >>> import tcroute
    >>> df = tcroute.compare_corridors(tcroute.load_network(), "Xi'an", "Duisburg")
    >>> bool(df.loc["northern", "feasible"]) and bool(df.loc["middle_btk", "feasible"])
    True
    >>> bool(df.loc["middle_btk", "time_days"] > df.loc["northern", "time_days"])
    True
    """
    table = network.corridors
    if A.flag(reliability, "reliability"):
        A.number(draws, "draws", low=100, integer=True)
        A.optional_number(seed, "seed", low=0, integer=True)
    keys = list(table.index) if corridors is None else A.str_list(corridors, "corridors")
    unknown = [k for k in keys if k not in table.index]
    if unknown:
        raise UnknownIdError("corridor", unknown, f"the network defines: {', '.join(table.index)}")
    extra = A.countries(avoid_countries, "avoid_countries")
    common = {"weight": weight, "cost_model": cost_model, "unit": unit}
    best_result = _try(network, origin, destination, include_planned=include_planned,
                       avoid_countries=extra, **common)
    best = best_result if isinstance(best_result, Route) else None
    label = (f"Best route avoiding {', '.join(extra)}, no corridor rule" if extra
             else "Best route, no corridor constraint")

    def cut(result: Route | Exception, cons: dict[str, Any]) -> tuple[Any, Any]:
        if not bottlenecks or isinstance(result, Exception):
            return None, None
        return corridor_cut(network, origin, destination, **cons)

    rows = [_row("best", label, best_result, best,
                 cut(best_result, {"include_planned": include_planned,
                                   "avoid_countries": extra}))]
    for key in keys:
        cons = corridor_constraints(network, key)
        cons["include_planned"] = cons["include_planned"] or include_planned
        cons["avoid_countries"] = list(dict.fromkeys([*cons["avoid_countries"], *extra]))
        result = _try(network, origin, destination, **cons, **common)
        rows.append(_row(key, str(table.loc[key, "name"]), result, best, cut(result, cons)))
    df = _frame(rows)
    if not reliability and (month is not None or within_days is not None):
        raise InvalidArgumentError("month", "month and within_days need reliability=True")
    if reliability:
        df = _with_reliability(network, df, draws=draws, seed=seed, month=month,
                               within_days=within_days, episodes=episodes)
    return df


def _with_reliability(network: Network, df: pd.DataFrame, *, draws: int, seed: int | None,
                      month: int | None = None, within_days: float | None = None,
                      episodes: bool = True) -> pd.DataFrame:
    from .reliability import transit_time_distribution

    cols: dict[str, list[Any]] = {k: [] for k in (
        "p50_days", "p90_days", "p95_days", "planning_time_index", "spread_source",
        "p_within", "reliability_basis", "reliability")}
    for r in df["route"]:
        if r is None:
            for k, v in cols.items():
                v.append(None if k in ("spread_source", "reliability_basis", "reliability")
                         else float("nan"))
            continue
        rel = transit_time_distribution(network, r, month=month, episodes=episodes,
                                        draws=draws, seed=seed)
        cols["p50_days"].append(round(rel.p50_days, 2))
        cols["p90_days"].append(round(rel.p90_days, 2))
        cols["p95_days"].append(round(rel.p95_days, 2))
        cols["planning_time_index"].append(round(rel.planning_time_index, 2))
        cols["spread_source"].append(rel.elements.iloc[0]["element"] if len(rel.elements)
                                     else None)
        cols["p_within"].append(rel.prob_within(within_days) if within_days is not None
                                else float("nan"))
        cols["reliability_basis"].append(rel.basis)
        cols["reliability"].append(rel)
    df = df.copy()
    at = df.columns.get_loc("time_days") + 1
    for name in ("p50_days", "p90_days", "p95_days"):
        df.insert(at, name, cols[name])
        at += 1
    df.insert(at, "spread_days", df["p90_days"] - df["p50_days"])
    df.insert(at + 1, "planning_time_index", cols["planning_time_index"])
    df.insert(at + 2, "spread_source", cols["spread_source"])
    if within_days is not None:
        df.insert(at + 3, "p_within", cols["p_within"])
    df["reliability_basis"] = cols["reliability_basis"]
    df["reliability"] = cols["reliability"]
    return df


def compare_routes(
    network: Network,
    origin: str,
    destination: str,
    *,
    scenarios: Mapping[str, Mapping[str, Any]],
    weight: Weight = "time",
    cost_model: CostModel | None = None,
) -> pd.DataFrame:
    """Compare routes under arbitrary constraint sets, one row per named set.

    Parameters
    ----------
    scenarios : mapping of name -> keyword arguments of :func:`tcroute.shortest_route`
        e.g. ``{"avoid RU+BY": {"avoid_countries": ["RU", "BY"]}, "rail only":
        {"modes": ["rail"]}}``. A set may give its own ``weight``.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`compare_corridors`; the ``best`` row is the unconstrained
        route by ``weight``.

    Examples
    --------
    >>> import tcroute
    >>> df = tcroute.compare_routes(tcroute.load_network(), "Almaty", "Istanbul",
    ...     scenarios={"avoid RU": {"avoid_countries": ["RU"]}, "rail only": {"modes": ["rail"]}})
    >>> list(df.index)
    ['best', 'avoid RU', 'rail only']
    """
    common: dict[str, Any] = {"weight": weight, "cost_model": cost_model}
    best_result = _try(network, origin, destination, **common)
    best = best_result if isinstance(best_result, Route) else None
    rows = [_row("best", "Best route, no constraint", best_result, best)]
    if not isinstance(scenarios, Mapping):
        raise ArgumentTypeError(f"scenarios: expected a mapping of name -> keyword arguments "
                                f"of shortest_route, got {scenarios!r}")
    for name, kwargs in scenarios.items():
        A.check_keywords(f"compare_routes: scenario {name!r}: shortest_route",
                         kwargs, (*A.ROUTE_CONSTRAINTS, "weight"))
        args = {**common, **dict(kwargs)}
        rows.append(_row(name, name, _try(network, origin, destination, **args), best))
    return _frame(rows)


def _table_text(df: pd.DataFrame) -> str:
    """The comparison as a terminal-friendly table."""
    cols = ["name", "time_days", "cost_usd", "co2_kg", "distance_km", "border_crossings",
            "gauge_changes", "delta_days", "delta_cost_usd", "bottleneck_teu_year",
            "bottleneck_asset"]
    show = df[cols].copy()
    # the corridor's cut, and the route's own weakest asset where it is another one
    weakest = [
        None if not isinstance(ra, str) or (isinstance(ca, str) and ra in ca.split("+"))
        else f"{ra} ({rc:,.0f})"
        for ca, ra, rc in zip(df["bottleneck_asset"], df["route_bottleneck_asset"],
                              df["route_bottleneck_teu_year"], strict=True)]
    unit = str(df["unit"].dropna().iloc[0]) if df["unit"].notna().any() else "TEU"
    show.columns = ["corridor", "days", f"USD/{unit}", f"kgCO2/{unit}", "km", "borders", "gauge",
                    "+days", "+USD", "cut TEU/yr", "corridor cut"]
    show["route's weakest (TEU/yr)"] = weakest
    if "p90_days" in df.columns:
        show.insert(2, "P50", df["p50_days"].to_numpy())
        show.insert(3, "P90", df["p90_days"].to_numpy())
        show.insert(4, "P95", df["p95_days"].to_numpy())
    if "p_within" in df.columns:
        show.insert(5, "P(in time)", df["p_within"].to_numpy())
    text = show.to_string(index=False, na_rep="-", float_format=lambda v: f"{v:,.1f}")
    bad = df[~df["feasible"]]
    notes = [f"  {r.corridor}: {r.reason}" for r in bad.itertuples()]
    return text + ("\n\nnot feasible:\n" + "\n".join(notes) if notes else "")

