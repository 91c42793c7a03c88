"""Rolling stock: how many platforms or locomotives a loaded network needs.

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
COLUMNS = ["operator", "unit", "units", "scope", "cycle_h", "capacity_teu_year",
           "direction", "path_load_teu_year", "peak_link", "peak_load_teu_year",
           "required_units", "shortfall_units", "utilisation"]


def fleet_requirement(result: AssignmentResult, network: Network) -> pd.DataFrame:
    """The platforms or locomotives each rail pool needs to carry an assignment's flows.

    A pool of ``units`` working a path with cycle time ``cycle_h`` carries
    ``units × teu_per_unit × 8760 / cycle_h`` TEU a year in each direction. What it needs
    is counted in unit-hours: a container on a link of the path holds its slot for the link's
    running time, so the path's load is the flow on its links weighted by their running time,
    ``path_load = Σ flow_l × run_l / Σ run_l``, in the busier direction (the stock comes
    back, loaded or empty, within the cycle). Then ``required_units = ceil(path_load ×
    cycle_h / (teu_per_unit × 8760))``. For a container that rides the whole path this is
    one loaded run per cycle; flows that ride part of it count for that part.

    Parameters
    ----------
    result : AssignmentResult
        Flows from :func:`tcroute.assign` on ``network`` (or on a network with the same rail
        links).
    network : Network
        The network whose pools (:attr:`Network.fleets`) are sized.

    Returns
    -------
    DataFrame
        Indexed by pool id: operator, unit, units (the pool's size), scope, cycle_h,
        capacity_teu_year, direction (``from_id>to_id`` of the busier way),
        path_load_teu_year, peak_link and peak_load_teu_year (its busiest link direction),
        required_units, shortfall_units (``required - units``, never below 0) and
        utilisation (path load / capacity). A pool whose path carries nothing needs no
        units; a pool cut off by closed links has no requirement (empty). A pool of scope
        ``part`` shares its path with other stock: its requirement is what it would need to
        carry all the path's flow alone.

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
    from ._fleets import _run_hours
    from .assignment import AssignmentResult
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
    run = dict(zip(table["id"], _run_hours(table, network._table("modes")), strict=True))
    ends = dict(zip(table["id"], zip(table["from_id"], table["to_id"], strict=True),
                    strict=True))
    rows = []
    for pid, pool in pools.iterrows():
        path = [x for x in str(pool["links"] or "").split(";") if x and x != "None"]
        cycle, per_unit = float(pool["cycle_h"]), float(pool["teu_per_unit"])
        units, cap = int(pool["units"]), float(pool["capacity_teu_year"])
        row: dict[str, Any] = {"id": pid, "operator": pool["operator"], "unit": pool["unit"],
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
    if not rows:
        return pd.DataFrame(columns=COLUMNS).rename_axis(None)
    out = pd.DataFrame(rows).set_index("id").rename_axis(None)
    for col in ("required_units", "shortfall_units"):
        out[col] = out[col].astype("Int64")
    return out[COLUMNS]
