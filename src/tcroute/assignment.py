"""Demand loaded onto the network: which routes shippers take and which assets fill.

Capacities are in TEU per year, as in :mod:`tcroute.bottlenecks`: a link's capacity applies to
each direction, a terminal's to both directions together. Unknown capacities are unlimited
unless a value is assumed, and every result lists those its answer relies on.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .costs import CostModel, Weight
from .graph import weight_function
from .routing import _find, _request

if TYPE_CHECKING:
    from .network import Network

__all__ = ["AssignmentResult", "assign"]


@dataclass
class AssignmentResult:
    """The result of :func:`assign`.

    Attributes
    ----------
    loads : DataFrame
        One row per link or terminal that carries traffic: load_teu_year, capacity_teu_year,
        vc_ratio (load / capacity), overloaded, known.
    od : DataFrame
        One row per origin-destination pair: asked, served and unserved TEU/year, routes used.
    saturation_order : list of str
        Assets in the order they reached capacity while demand was loaded.
    overloaded : DataFrame
        The loads rows whose volume exceeds capacity (only with ``respect_capacity=False``).
    method : str
    warnings : list of str
    """

    loads: pd.DataFrame
    od: pd.DataFrame
    saturation_order: list[str]
    overloaded: pd.DataFrame
    method: str
    warnings: list[str] = field(default_factory=list)

    @property
    def served_teu_year(self) -> float:
        return float(self.od["served_teu_year"].sum())

    @property
    def unserved_teu_year(self) -> float:
        return float(self.od["unserved_teu_year"].sum())

    def to_frame(self) -> pd.DataFrame:
        return self.loads.copy()


def _demand_frame(network: Network, demand: pd.DataFrame | Sequence[tuple[str, str, float]]
                  ) -> pd.DataFrame:
    df = pd.DataFrame(demand, columns=["origin", "destination", "teu_year"]) \
        if not isinstance(demand, pd.DataFrame) else demand.copy()
    missing = {"origin", "destination", "teu_year"} - set(df.columns)
    if missing:
        raise ValueError(f"demand needs columns origin, destination, teu_year; missing "
                         f"{sorted(missing)}")
    if (pd.to_numeric(df["teu_year"], errors="coerce") < 0).any() or \
            pd.to_numeric(df["teu_year"], errors="coerce").isna().any():
        raise ValueError("demand teu_year must be numbers >= 0")
    df["origin"] = [network.resolve(o) for o in df["origin"]]
    df["destination"] = [network.resolve(d) for d in df["destination"]]
    return df[["origin", "destination", "teu_year"]].astype({"teu_year": float})


def _fits(legs: Sequence[tuple[tuple[str, str, str], str, float | None]], q: float,
          used: Mapping[tuple[str, str, str], float]) -> bool:
    """Whether loading ``q`` on every leg keeps every asset within capacity, counting an
    asset the route passes more than once (a terminal's capacity is shared by directions)."""
    need: dict[tuple[str, ...], float] = {}
    cap_of: dict[tuple[str, ...], float] = {}
    for key, kind, cap in legs:
        if cap is None:
            continue
        k = (key[0],) if kind == "terminal" else key
        need[k] = need.get(k, 0.0) + q
        cap_of[k] = cap
    for k, extra in need.items():
        if len(k) == 1:
            load = sum(v for (aid, a, b), v in used.items() if aid == k[0] and a == b)
        else:
            load = used.get(k, 0.0)  # type: ignore[call-overload]
        if load + extra > cap_of[k] + 1e-9:
            return False
    return True


def assign(
    network: Network,
    demand: pd.DataFrame | Sequence[tuple[str, str, float]],
    *,
    weight: Weight = "generalized",
    increments: int = 20,
    respect_capacity: bool = True,
    unknown_capacity: float | None = None,
    cost_model: CostModel | None = None,
    method: str = "auto",
    **constraints: Any,
) -> AssignmentResult:
    """Load a demand matrix onto the network, route by route, respecting capacities.

    Method: *incremental capacity-restrained assignment*. Every pair's demand is cut into
    ``increments`` equal parts; the parts are loaded in rounds (one part of every pair per
    round, pairs in the order given) onto the best route by ``weight`` among the links and
    terminals that still have room for the part. When a route fills, later parts take the
    next best route; a part for which no route has room is unserved. With
    ``respect_capacity=False`` every part takes the unconstrained best route (all-or-nothing)
    and the result lists what is overloaded.

    Limits: the order of loading matters (no equilibrium is sought); a part is not split
    across routes, so an asset can be left with less than one part of free room; a link's
    capacity applies to each direction, a terminal's to both together; unknown capacities
    are unlimited unless ``unknown_capacity`` is given (and are reported).

    Parameters
    ----------
    demand : DataFrame with columns origin, destination, teu_year (or a list of tuples)
    weight : str, CostModel or callable
        How routes are chosen (default generalised cost: money + value of time).
    increments : int
        Parts per pair (more = finer, slower).
    respect_capacity : bool
    unknown_capacity : float, optional
    method : {"auto", "bulk", "reference"}
        ``bulk`` routes each part on the compiled arrays (scipy); ``reference`` with the
        readable search; ``auto`` takes ``bulk`` for a weight given by name and no
        ``avoid_modes``. Both load the same volumes up to ties between equally good routes.
    **constraints
        ``avoid_countries``, ``avoid_places``, ``modes``, ``avoid_modes``,
        ``include_planned`` for every route.

    Returns
    -------
    AssignmentResult

    Examples
    --------
    >>> import tcroute
    >>> net = tcroute.load_network()
    >>> res = tcroute.assign(net, [("Xi'an", "Duisburg", 50_000)],
    ...                      avoid_countries=["RU", "BY", "IR"], increments=10)
    >>> res.served_teu_year + res.unserved_teu_year == 50_000
    True
    """
    if increments < 1:
        raise ValueError(f"increments must be >= 1, got {increments}")
    if method not in ("auto", "bulk", "reference"):
        raise ValueError(f"method must be 'auto', 'bulk' or 'reference', got {method!r}")
    dem = _demand_frame(network, demand)
    model = cost_model if cost_model is not None else (
        weight if isinstance(weight, CostModel) else CostModel())
    bulk_ok = isinstance(weight, str) and not constraints.get("avoid_modes")
    if method == "bulk" and not bulk_ok:
        raise ValueError("method='bulk' needs a weight given by name and no avoid_modes")
    router: Any = (_BulkRouter(network, weight, model, constraints, unknown_capacity)  # type: ignore[arg-type]
                   if method != "reference" and bulk_ok else
                   _ReferenceRouter(network, weight, model, constraints, unknown_capacity))
    used: dict[tuple[str, str, str], float] = {}
    caps: dict[tuple[str, str, str], float | None] = {}
    kinds: dict[tuple[str, str, str], str] = {}
    saturation: list[tuple[str, str, str]] = []
    served = [0.0] * len(dem)
    routes_used: list[set[str]] = [set() for _ in range(len(dem))]
    # one part of every pair per round, pairs in the order given
    order = [(i, row.origin, row.destination, row.teu_year / increments)
             for _ in range(increments) for i, row in enumerate(dem.itertuples())
             if row.teu_year > 0]
    for i, o, d, q in order:
        found = router.route(o, d, q, used if respect_capacity else None)
        if found is None:
            continue
        legs, countries = found
        if respect_capacity and not _fits(legs, q, used):
            continue  # the route passes one asset twice and has no room for both passes
        served[i] += q
        routes_used[i].add(">".join(countries))
        for key, kind, cap in legs:
            used[key] = used.get(key, 0.0) + q
            caps[key] = cap
            kinds[key] = kind
            # full: no room left for another part of this size
            if cap is not None and used[key] + q > cap + 1e-9 and key not in saturation:
                saturation.append(key)
    rows = []
    for key, load in used.items():
        cap = caps[key]
        rows.append({"asset": key[0], "kind": kinds[key], "from_id": key[1], "to_id": key[2],
                     "load_teu_year": load, "capacity_teu_year": cap,
                     "vc_ratio": load / cap if cap else math.nan,
                     "overloaded": bool(cap is not None and load > cap + 1e-6),
                     "known": router.known(key[0])})
    loads = pd.DataFrame(rows, columns=["asset", "kind", "from_id", "to_id", "load_teu_year",
                                        "capacity_teu_year", "vc_ratio", "overloaded", "known"])
    loads = loads.sort_values(["vc_ratio", "load_teu_year"], ascending=False,
                              na_position="last", kind="stable").reset_index(drop=True)
    od = dem.copy()
    od["served_teu_year"] = served
    od["unserved_teu_year"] = od["teu_year"] - od["served_teu_year"]
    od["routes"] = [" | ".join(sorted(r)) for r in routes_used]
    od = od.rename(columns={"teu_year": "asked_teu_year"})
    warnings = []
    unknown = loads[~loads["known"]].drop_duplicates("asset")
    if len(unknown) and unknown_capacity is None:
        warnings.append(f"{len(unknown)} loaded assets have unknown capacity (unlimited here): "
                        + ", ".join(unknown["asset"].head(8)))
    order_ids = [k[0] for k in saturation]
    if not respect_capacity:
        over = loads[loads["overloaded"]]
        order_ids = list(over.sort_values("vc_ratio", ascending=False)["asset"])
    return AssignmentResult(loads, od, list(dict.fromkeys(order_ids)),
                            loads[loads["overloaded"]].reset_index(drop=True),
                            "incremental" if respect_capacity else "all-or-nothing", warnings)


class _ReferenceRouter:
    """Routes one part with the readable search, avoiding assets without room for it."""

    def __init__(self, network: Network, weight: Any, model: CostModel,
                 constraints: Mapping[str, Any], unknown_capacity: float | None) -> None:
        self.network, self.model, self.constraints = network, model, constraints
        self.unknown_capacity = unknown_capacity
        self.base_w = weight_function(weight, model)
        links = network._table("links")
        terms = network._table("terminals")
        self._known = {**dict(zip(links["id"], links["capacity_teu_year"].notna(),
                                  strict=True)),
                       **dict(zip(terms["id"], terms["capacity_teu_year"].notna(),
                                  strict=True))}

    def known(self, asset: str) -> bool:
        return bool(self._known.get(asset, False))

    def _cap(self, m: Mapping[str, Any]) -> float | None:
        c = m.get("capacity_teu_year")
        if c is None or c != c:
            return self.unknown_capacity
        return float(c)

    @staticmethod
    def key(m: Mapping[str, Any]) -> tuple[str, str, str]:
        return (m["id"], m["from_id"], m["to_id"])

    def route(self, o: str, d: str, q: float, used: Mapping[tuple[str, str, str], float] | None
              ) -> tuple[list[tuple[tuple[str, str, str], str, float | None]], list[str]] | None:
        term_used: dict[str, float] = {}
        if used is not None:
            for (aid, a, b), v in used.items():
                if a == b:
                    term_used[aid] = term_used.get(aid, 0.0) + v

        def w(m: Mapping[str, Any]) -> float | None:
            value = self.base_w(m)
            if value is None or used is None:
                return value
            c = self._cap(m)
            load = term_used.get(m["id"], 0.0) if m["kind"] == "transfer" else \
                used.get(self.key(m), 0.0)
            if c is not None and load + q > c + 1e-9:
                return None
            return value

        route = _find(_request(self.network, o, d, w, self.constraints, via=(),
                               cost_model=self.model))
        if route is None:
            return None
        legs = []
        for m in route.legs.to_dict("records"):
            kind = "terminal" if m["kind"] == "transfer" else "link"
            legs.append((self.key(m), kind, self._cap(m)))
        return legs, route.countries


class _BulkRouter(_ReferenceRouter):
    """Routes one part on the compiled arrays."""

    def __init__(self, network: Network, weight: str, model: CostModel,
                 constraints: Mapping[str, Any], unknown_capacity: float | None) -> None:
        super().__init__(network, weight, model, constraints, unknown_capacity)
        from .engine import compile_network

        self.weight = weight
        c = compile_network(network, include_planned=constraints.get("include_planned",
                                                                      False), cost_model=model)
        self.c = c
        modes = constraints.get("modes")
        self.base_mask = c.mask(
            avoid_countries=[x.upper() for x in constraints.get("avoid_countries", ())],
            avoid_places=[network.resolve(p) for p in constraints.get("avoid_places", ())],
            allowed_modes=list(modes) if modes is not None else None)
        e = c.edges
        place = c.nodes["place"].to_numpy()
        self.tail_place = place[e["tail"].to_numpy()]
        self.head_place = place[e["head"].to_numpy()]
        self.ids = e["id"].to_numpy()
        self.is_term = (e["kind"] == "transfer").to_numpy()
        cap = e["capacity"].to_numpy(dtype=float)
        if unknown_capacity is not None:
            cap = np.where(np.isnan(cap), unknown_capacity, cap)
        self.cap = cap
        self.country = c.nodes["country"].to_numpy()
        self.keys = [(i, a, b) if not t else (i, a, a) for i, a, b, t in
                     zip(self.ids, self.tail_place, self.head_place, self.is_term, strict=True)]

    def route(self, o: str, d: str, q: float, used: Mapping[tuple[str, str, str], float] | None
              ) -> tuple[list[tuple[tuple[str, str, str], str, float | None]], list[str]] | None:
        mask = self.base_mask.copy()
        if used is not None:  # respect capacity, also for the first part loaded
            term_used: dict[str, float] = {}
            for (aid, a, b), v in used.items():
                if a == b:
                    term_used[aid] = term_used.get(aid, 0.0) + v
            load = np.array([term_used.get(k[0], 0.0) if t else used.get(k, 0.0)
                             for k, t in zip(self.keys, self.is_term, strict=True)])
            mask &= ~(~np.isnan(self.cap) & (load + q > self.cap + 1e-9))
        from .engine import _lightest_lookup

        c = self.c
        mat = c.matrix(self.weight, mask)
        src = c.place_nodes.get(o)
        if src is None:
            return None
        dist, pred = c.distances(mat, o)
        value, end = c.best_to(dist, d)
        if not np.isfinite(value):
            return None
        edge_of = _lightest_lookup(c, self.weight, mask)
        legs = []
        countries: list[str] = []
        node = end
        path = []
        while pred[node] >= 0:
            path.append(edge_of[(int(pred[node]), node)])
            node = int(pred[node])
        for j in reversed(path):
            cap = self.cap[j]
            legs.append((self.keys[j], "terminal" if self.is_term[j] else "link",
                         None if np.isnan(cap) else float(cap)))
            for n in (c.edges.at[j, "tail"], c.edges.at[j, "head"]):
                cc = self.country[n]
                if not countries or countries[-1] != cc:
                    countries.append(cc)
        return legs, countries
