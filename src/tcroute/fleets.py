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
from typing import TYPE_CHECKING

import pandas as pd

from .errors import ArgumentTypeError

if TYPE_CHECKING:
    from .assignment import AssignmentResult
    from .network import Network

__all__ = ["fleet_requirement"]

HOURS_PER_YEAR = 8760.0
COLUMNS = ["operator", "unit", "units", "scope", "cycle_h", "capacity_teu_year",
           "peak_link", "peak_direction", "peak_load_teu_year", "required_units",
           "shortfall_units", "utilisation"]


def fleet_requirement(result: AssignmentResult, network: Network) -> pd.DataFrame:
    """The platforms or locomotives each rail pool needs to carry an assignment's flows.

    A pool of ``units`` working a path with cycle time ``cycle_h`` carries
    ``units × teu_per_unit × 8760 / cycle_h`` TEU a year in each direction. Its need is set
    by the busiest link direction of its path: ``required_units = ceil(peak_load_teu_year ×
    cycle_h / (teu_per_unit × 8760))`` — the stock that makes one loaded run in the peak
    direction per cycle and comes back, loaded or empty, for the next.

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
        capacity_teu_year, peak_link, peak_direction (``from_id>to_id``),
        peak_load_teu_year, required_units, shortfall_units (``required - units``, never
        below 0) and utilisation (peak load / capacity). A pool whose path carries nothing
        needs no units. A pool of scope ``part`` shares its path with other stock: its
        requirement is what it would need to carry all the path's flow alone.

    Raises
    ------
    ArgumentTypeError
        If ``result`` is not an AssignmentResult or ``network`` not a Network.

    Examples
    --------
    >>> import tcroute
    >>> net = tcroute.load_network()
    >>> flows = tcroute.assign(net, [("Tashkent", "Altynkol", 12_000)])
    >>> need = tcroute.fleet_requirement(flows, net)
    >>> row = need.loc["uty_tashkent_altynkol_shuttle"]
    >>> bool(row["required_units"] > row["units"])  # one 57-platform set carries ~5,200 TEU
    True
    """
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
    by_link = links.groupby(["asset", "from_id", "to_id"], sort=False)["load_teu_year"].sum()
    rows = []
    for pid, pool in pools.iterrows():
        path = [x for x in str(pool["links"] or "").split(";") if x]
        sub = by_link[by_link.index.get_level_values(0).isin(path)] if path else by_link.iloc[:0]
        if len(sub):
            (plink, a, b), peak = sub.idxmax(), float(sub.max())
            direction = f"{a}>{b}"
        else:
            plink, direction, peak = None, None, 0.0
        cycle, per_unit = float(pool["cycle_h"]), float(pool["teu_per_unit"])
        ok = cycle == cycle and per_unit > 0
        need = math.ceil(round(peak * cycle / (per_unit * HOURS_PER_YEAR), 6)) if ok else None
        units = int(pool["units"])
        cap = float(pool["capacity_teu_year"])
        rows.append({
            "id": pid, "operator": pool["operator"], "unit": pool["unit"], "units": units,
            "scope": pool["scope"], "cycle_h": cycle, "capacity_teu_year": cap,
            "peak_link": plink, "peak_direction": direction, "peak_load_teu_year": peak,
            "required_units": need,
            "shortfall_units": None if need is None else max(0, need - units),
            "utilisation": peak / cap if cap == cap and cap > 0 else float("nan")})
    if not rows:
        return pd.DataFrame(columns=COLUMNS).rename_axis(None)
    out = pd.DataFrame(rows).set_index("id").rename_axis(None)
    for col in ("required_units", "shortfall_units"):
        out[col] = out[col].astype("Int64")
    return out[COLUMNS]
