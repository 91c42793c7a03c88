"""Rolling stock: how many platforms, locomotives or ships a loaded network needs.

The pools themselves are data (``data/network/fleets.csv``, :attr:`Network.fleets`): one
operator's platforms or locomotives working a rail path, with the capacity they give
(``units × teu_per_unit × 8760 / cycle_h`` in each direction). A pool of scope
``all_stock`` limits the links of its path; ``fleets,<id>,set,units,N`` in a scenario adds
stock. :func:`fleet_requirement` answers the converse question of a planner: for the flows of
an assignment, how many units would each pool need, and how many is it short?
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import pandas as pd

from .errors import ArgumentTypeError

if TYPE_CHECKING:
    from .assignment import AssignmentResult
    from .network import Network

__all__ = ["fleet_requirement"]

HOURS_PER_YEAR = 8760.0
COLUMNS = ["stock", "operator", "unit", "units", "scope", "cycle_h", "capacity_teu_year",
           "direction", "path_load_teu_year", "peak_link", "peak_load_teu_year",
           "required_units", "shortfall_units", "utilisation"]


def fleet_requirement(result: AssignmentResult, network: Network) -> pd.DataFrame:
    """The rolling stock an assignment's flows need: the platforms or locomotives of each rail
    pool (``fleets.csv``) and the ships of each ferry or sea service (``services.csv``).

    A pool of ``units`` working a path with cycle time ``cycle_h`` carries
    ``units × teu_per_unit × 8760 / cycle_h`` TEU a year in each direction. What it needs
    is counted in unit-hours: a container on a link of the path holds its slot for the link's
    running time, so the path's load is the flow on its links weighted by their running time,
    ``path_load = Σ flow_l × run_l / Σ run_l``, in the busier direction (the stock comes
    back, loaded or empty, within the cycle). Then ``required_units = ceil(path_load ×
    cycle_h / (teu_per_unit × 8760))``. For a container that rides the whole path this is
    one loaded run per cycle; flows that ride part of it count for that part.

    A ferry or sea service carries ``vessels × capacity_teu_per_sailing × 365 /
    round_trip_days`` TEU a year each way. The flow of each load on its crossing (lifted
    containers, wagons, trucks) is shared by the services that take that load in proportion
    to their capacity, and a service needs ``ceil(its share of the busier way ×
    round_trip_days / (capacity_teu_per_sailing × 365))`` ships.

    Parameters
    ----------
    result : AssignmentResult
        Flows from :func:`tcroute.assign` on ``network`` (or on a network with the same rail
        links).
    network : Network
        The network whose pools (:attr:`Network.fleets`) and ferry and sea services
        (:attr:`Network.services`) are sized.

    Returns
    -------
    DataFrame
        Indexed by pool or service id: stock (``rail pool`` or ``vessels``), operator, unit
        (``platform``, ``locomotive`` or ``vessel``), units (the fleet's size), scope, cycle_h,
        capacity_teu_year, direction (``from_id>to_id`` of the busier way),
        path_load_teu_year, peak_link and peak_load_teu_year (its busiest link direction),
        required_units, shortfall_units (``required - units``, never below 0) and
        utilisation (path load / capacity). A pool whose path carries nothing needs no
        units; a pool cut off by closed links has no requirement (empty). A pool of scope
        ``part`` shares its path with other stock: its requirement is what it would need to
        carry all the path's flow alone. For a service, peak_link is its crossing and
        path_load_teu_year its share of the crossing's busier way.

    Raises
    ------
    ArgumentTypeError
        If ``result`` is not an AssignmentResult or ``network`` not a Network.

    Examples
    --------
    >>> import tcroute
    >>> net = tcroute.load_network()
    >>> flows = tcroute.assign(net, [("Baku", "Poti", 20_000)], modes=["rail"])
    >>> need = tcroute.fleet_requirement(flows, net)
    >>> row = need.loc["ady_middle_corridor_platforms"]
    >>> bool(row["required_units"] > row["units"])  # 100 platforms carry ~10,900 TEU a year
    True
    """
    from .assignment import AssignmentResult
    from .engine import link_run_h
    from .network import Network

    if not isinstance(result, AssignmentResult):
        raise ArgumentTypeError(f"result: expected the AssignmentResult of tcroute.assign(), "
                                f"got {type(result).__name__}")
    if not isinstance(network, Network):
        raise ArgumentTypeError(f"network: expected a Network (tcroute.load_network()), got "
                                f"{type(network).__name__}")
    pools = network.fleets
    loads = result.loads
    links = loads[loads["kind"] == "link"]
    flow = links.groupby(["asset", "from_id", "to_id"], sort=False)["load_teu_year"].sum()
    table = network._table("links")
    run = dict(zip(table["id"], link_run_h(table, network._table("modes").set_index("mode")),
                   strict=True))
    ends = dict(zip(table["id"], zip(table["from_id"], table["to_id"], strict=True),
                    strict=True))
    rows = []
    for pid, pool in pools.iterrows():
        path = [x for x in str(pool["links"] or "").split(";") if x and x != "None"]
        cycle, per_unit = float(pool["cycle_h"]), float(pool["teu_per_unit"])
        units, cap = int(pool["units"]), float(pool["capacity_teu_year"])
        row: dict[str, Any] = {"id": pid, "stock": "rail pool", "operator": pool["operator"],
                               "unit": pool["unit"],
                               "units": units, "scope": pool["scope"], "cycle_h": cycle,
                               "capacity_teu_year": cap, "direction": None,
                               "path_load_teu_year": float("nan"), "peak_link": None,
                               "peak_load_teu_year": float("nan"), "required_units": None,
                               "shortfall_units": None, "utilisation": float("nan")}
        if path and cycle == cycle:
            at, hours = pool["from_id"], 0.0
            weighted = {"out": 0.0, "back": 0.0}
            peak = (None, None, 0.0)
            for lid in path:
                a, b = ends[lid]
                a, b = (a, b) if at == a else (b, a)
                for way, (x, y) in (("out", (a, b)), ("back", (b, a))):
                    f = float(flow.get((lid, x, y), 0.0))
                    weighted[way] += f * run[lid]
                    if f > peak[2]:
                        peak = (lid, f"{x}>{y}", f)
                hours += run[lid]
                at = b
            way = max(weighted, key=lambda k: weighted[k])
            load = weighted[way] / hours if hours > 0 else 0.0
            first, last = pool["from_id"], pool["to_id"]
            need = math.ceil(round(load * cycle / (per_unit * HOURS_PER_YEAR), 6))
            row.update(direction=f"{first}>{last}" if way == "out" else f"{last}>{first}",
                       path_load_teu_year=load, peak_link=peak[0],
                       peak_load_teu_year=peak[2], required_units=need,
                       shortfall_units=max(0, need - units),
                       utilisation=load / cap if cap > 0 else float("nan"))
        rows.append(row)
    # on a vessel leg the layer names the load: "ferry:wagons", "ferry:trucks@haul", ...
    load = links["from_layer"].astype(str).str.partition(":")[2].str.partition("@")[0]
    by_load = links.assign(load=load).groupby(["asset", "from_id", "to_id", "load"],
                                              sort=False)["load_teu_year"].sum()
    rows += _vessel_rows(network, by_load)
    if not rows:
        return pd.DataFrame(columns=COLUMNS).rename_axis(None)
    out = pd.DataFrame(rows).set_index("id").rename_axis(None)
    for col in ("required_units", "shortfall_units"):
        out[col] = out[col].astype("Int64")
    return out[COLUMNS]


def _vessel_rows(network: Network, flow: pd.Series) -> list[dict[str, Any]]:
    """The ships each ferry or sea service (``services.csv``) needs for the flow on its
    crossing. Each load (lifted containers, wagons, trucks) is shared by the services that
    take it in proportion to their capacity; a service carries ``vessels ×
    capacity_teu_per_sailing × 365 / round_trip_days`` TEU a year each way, so it needs
    ``ceil(its share of the busier way's flow × round_trip_days / (capacity_teu_per_sailing
    × 365))`` ships. ``flow`` is indexed by (link, from, to, load)."""
    from ._services import capacity_teu_year, usable
    from ._services import loads as parse_loads

    svc = network._table("services")
    if svc.empty:
        return []
    links = network._table("links")
    ends = dict(zip(links["id"], zip(links["from_id"], links["to_id"], strict=True),
                    strict=True))
    svc = svc[usable(svc, links)]
    num = {c: pd.to_numeric(svc[c], errors="coerce") for c in (
        "vessels", "capacity_teu_per_sailing", "round_trip_days")}
    cap = pd.Series(capacity_teu_year(svc), index=svc.index)
    fleet = cap.notna()
    cap = cap.fillna(0.0)
    takes = {k: set(parse_loads(a)) for k, a in zip(svc.index, svc["accepts"], strict=True)}
    by_link = {lid: v for lid, v in flow.groupby(level=0, sort=False)} if len(flow) else {}
    rows: list[dict[str, Any]] = []
    for lid, grp in svc.groupby("link_id", sort=False):
        if lid not in ends or not fleet[grp.index].any():
            continue
        a, b = ends[lid]
        here = by_link.get(lid)
        share: dict[Any, dict[str, float]] = {k: {f"{a}>{b}": 0.0, f"{b}>{a}": 0.0}
                                              for k in grp.index}
        if here is not None:
            for (_, x, y, what), f in here.items():
                carriers = [k for k in grp.index if what in takes[k]] or list(grp.index)
                total = float(cap[carriers].sum())
                for k in carriers:
                    part = f * float(cap[k]) / total if total > 0 else f / len(carriers)
                    share[k][f"{x}>{y}"] += part
        whole = bool(fleet[grp.index].all())  # every service's fleet on the crossing known
        ways: dict[str, float] = {f"{a}>{b}": 0.0, f"{b}>{a}": 0.0}
        for (_, x, y, _what), f in (here.items() if here is not None else ()):
            ways[f"{x}>{y}"] += float(f)
        peak = max(ways.values())
        for k in grp.index[fleet[grp.index].to_numpy()]:
            way = max(share[k], key=lambda w, k=k: share[k][w])
            load = share[k][way]
            c = float(cap[k])
            per_ship = float(num["capacity_teu_per_sailing"][k]) * 365.0 / float(
                num["round_trip_days"][k])
            need = math.ceil(round(load / per_ship, 6))
            units = int(num["vessels"][k])
            rows.append({"id": svc.at[k, "id"], "stock": "vessels",
                         "operator": svc.at[k, "operator"], "unit": "vessel", "units": units,
                         "scope": "all_stock" if whole else "part",
                         "cycle_h": 24.0 * float(num["round_trip_days"][k]),
                         "capacity_teu_year": c, "direction": way if load > 0 else None,
                         "path_load_teu_year": load, "peak_link": lid,
                         "peak_load_teu_year": peak,
                         "required_units": need, "shortfall_units": max(0, need - units),
                         "utilisation": load / c if c > 0 else float("nan")})
    return rows
