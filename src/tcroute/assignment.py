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
from scipy.sparse import csr_matrix

from . import _args as A
from . import _fleets
from ._queues import HOURS_PER_YEAR, QueueModel, queue_delay_h, queue_delay_slope_h
from .costs import CostModel, Weight
from .errors import InvalidArgumentError, TcrouteError
from .graph import weight_function
from .routing import _find, _request

if TYPE_CHECKING:
    from .network import Network

__all__ = ["AssignmentResult", "QueueModel", "SaturationResult", "assign", "first_to_saturate",
           "queue_delay_h", "queue_delay_slope_h"]


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
        Incremental: assets in the order they reached capacity while demand was loaded.
        Equilibrium: assets at or above ``QueueModel.saturated_at`` utilisation, fullest
        first.
    overloaded : DataFrame
        The loads rows whose volume exceeds capacity (only with ``respect_capacity=False``).
    method : str
        ``equilibrium``, ``incremental`` or ``all-or-nothing``.
    warnings : list of str
    convergence : DataFrame
        Equilibrium: iteration, relative_gap, step (empty for the incremental loading).
    routes : DataFrame
        Equilibrium: every route a pair uses (``demand_row``: the pair's position in the
        demand), with its TEU/year, countries, time (free flow + queue) and money per TEU
        (empty for the incremental loading).
    """

    loads: pd.DataFrame
    od: pd.DataFrame
    saturation_order: list[str]
    overloaded: pd.DataFrame
    method: str
    warnings: list[str] = field(default_factory=list)
    convergence: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=["iteration", "relative_gap", "step"]))
    routes: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=["demand_row", "origin", "destination", "countries", "teu_year", "time_h",
                 "queue_delay_h", "cost_usd"]))

    @property
    def relative_gap(self) -> float:
        """The equilibrium's last relative gap (NaN for the incremental loading)."""
        if self.convergence.empty:
            return math.nan
        return float(self.convergence["relative_gap"].iloc[-1])

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
    df = pd.DataFrame(A.od_pairs(demand, "demand"), columns=["origin", "destination",
                                                             "teu_year"]) \
        if not isinstance(demand, pd.DataFrame) else demand.copy()
    missing = {"origin", "destination", "teu_year"} - set(df.columns)
    if missing:
        raise InvalidArgumentError("demand", "expected columns origin, destination, "
                                   f"teu_year; missing {sorted(missing)}")
    teu = pd.to_numeric(df["teu_year"], errors="coerce").to_numpy(dtype=float)
    if not (np.isfinite(teu) & (teu >= 0)).all():
        bad = df["teu_year"][~(np.isfinite(teu) & (teu >= 0))].tolist()[:5]
        raise InvalidArgumentError("demand", f"expected teu_year to be finite numbers >= 0, "
                                   f"got {bad}")
    df["origin"] = [network.resolve(o) for o in df["origin"]]
    df["destination"] = [network.resolve(d) for d in df["destination"]]
    out = df[["origin", "destination", "teu_year"]].astype({"teu_year": float})
    if "avoid_countries" in df.columns:  # per-row constraint: one class of shippers each
        out["avoid_countries"] = [_country_list(v) for v in df["avoid_countries"]]
    if "outside_usd_per_teu" in df.columns:  # each pair's alternative (elastic demand)
        alt = pd.to_numeric(df["outside_usd_per_teu"], errors="coerce").to_numpy(dtype=float)
        given = df["outside_usd_per_teu"].notna().to_numpy()
        if not ((~given) | (np.isfinite(alt) & (alt > 0))).all():
            bad = df["outside_usd_per_teu"][given & ~(np.isfinite(alt) & (alt > 0))]
            raise InvalidArgumentError("demand", "expected outside_usd_per_teu to be numbers > 0 "
                                       f"(or empty for none), got {bad.tolist()[:5]}")
        out["outside_usd_per_teu"] = alt
    return out


def _country_list(value: Any) -> tuple[str, ...]:
    """A row's ``avoid_countries``: empty, "RU;BY" or a list, as sorted upper-case codes."""
    from ._countries import ISO_ALPHA2

    if value is None or (isinstance(value, float) and math.isnan(value)) or value == "":
        return ()
    items = value.split(";") if isinstance(value, str) else list(value)
    codes = tuple(sorted({str(x).strip().upper() for x in items if str(x).strip()}))
    bad = [c for c in codes if c not in ISO_ALPHA2]
    if bad:
        raise InvalidArgumentError("demand", f"avoid_countries: {bad} are not ISO 3166-1 "
                                   "alpha-2 codes (write them like 'RU;BY')")
    return codes


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


METHODS = ("equilibrium", "incremental", "auto", "bulk", "reference")
ALGORITHMS = ("conjugate-frank-wolfe", "frank-wolfe", "msa")


def assign(
    network: Network,
    demand: pd.DataFrame | Sequence[tuple[str, str, float]],
    *,
    method: str = "equilibrium",
    weight: Weight = "generalized",
    respect_capacity: bool = True,
    unknown_capacity: float | None = None,
    cost_model: CostModel | None = None,
    queues: QueueModel | None = None,
    gap: float = 1e-4,
    max_iterations: int = 200,
    algorithm: str = "conjugate-frank-wolfe",
    increments: int = 20,
    **constraints: Any,
) -> AssignmentResult:
    """Load a demand matrix (TEU/year) onto the network: which routes shippers take, which
    assets fill, how long containers wait.

    ``method="equilibrium"`` (the default) finds the user equilibrium: every shipper takes a
    route of least generalised cost (money + value of time), and waits grow at every
    capacitated asset — ferry crossings, port and transfer terminals, border crossings,
    lines — as it fills, with a queueing delay whose asymptote is the capacity
    (:func:`tcroute.assignment.queue_delay_h`, parameters in :class:`QueueModel`). Demand
    that could only be carried with a queueing delay above ``QueueModel.max_delay_h`` is
    unserved: that is where capacity truly binds. Solved by Frank–Wolfe (or the method of
    successive averages) to the relative ``gap``; each all-or-nothing loading is one
    Dijkstra per origin on the compiled network. The answer does not depend on the order of
    the demand rows. It is the default because it is the better answer: routes share the
    load as real shippers do, and times rise before capacity is reached.

    ``method="incremental"`` is the older capacity-restrained loading: every pair's demand
    is cut into ``increments`` parts loaded in rounds onto the best route with room left;
    capacity is a wall, times do not change with load and the order of loading matters.
    ``"bulk"``/``"reference"`` choose its search (compiled arrays, or the readable networkx
    search); ``"auto"`` takes ``bulk`` when it can.

    Every method keeps every known capacity (a link's per direction, a terminal's over
    both directions together) unless ``respect_capacity=False``; then all demand is loaded
    and the result lists what is overloaded. Unknown capacities are unlimited (no queue)
    unless ``unknown_capacity`` is given, and are reported in ``warnings``.

    Parameters
    ----------
    demand : DataFrame with columns origin, destination, teu_year (or a list of tuples)
        Optional columns: ``avoid_countries`` (per-row constraints, one class of shippers
        each) and ``outside_usd_per_teu`` (equilibrium only): the generalised cost per TEU of
        the pair's alternative, such as the sea; its TEU ship that way, counted unserved, once
        the network costs them more (elastic demand). Empty = no alternative but
        ``QueueModel.max_delay_h`` of queueing.
    method : {"equilibrium", "incremental", "auto", "bulk", "reference"}
    weight : {"generalized", "time"} or CostModel (equilibrium); str, CostModel or callable
        (incremental)
        How shippers choose (default generalised cost: money + value of time).
    respect_capacity : bool, default True
    unknown_capacity : float, optional
        TEU/year assumed where a capacity is unknown.
    cost_model : CostModel, optional
    queues : QueueModel, optional
        Parameters of the queueing delay (equilibrium).
    gap : float, default 1e-4
        Relative gap at which the equilibrium stops: (total cost - total cost if every TEU
        took its current cheapest option) / total cost.
    max_iterations : int, default 200
    algorithm : {"conjugate-frank-wolfe", "frank-wolfe", "msa"}
        Frank–Wolfe with conjugate directions (Mitradjieva and Lindberg 2013, as in
        AequilibraE), plain Frank–Wolfe (exact line search), or the method of successive
        averages (step 1/(n+1)).
    increments : int, default 20
        Parts per pair (incremental only).
    **constraints
        ``avoid_countries``, ``avoid_places``, ``modes``, ``avoid_modes``,
        ``include_planned`` for every route.

    Returns
    -------
    AssignmentResult
        ``loads`` by link and terminal per direction (load, capacity, utilisation, queueing
        delay), ``od`` with each pair's served and unserved TEU and its time and money at
        equilibrium, ``convergence`` (relative gap per iteration).

    Examples
    --------
    >>> import tcroute
    >>> net = tcroute.load_network()
    >>> res = tcroute.assign(net, [("Xi'an", "Duisburg", 50_000)],
    ...                      avoid_countries=["RU", "BY", "IR"])
    >>> res.served_teu_year + res.unserved_teu_year == 50_000
    True
    >>> bool(res.relative_gap <= 1e-4)
    True
    """
    constraints = A.route_constraints("assign", constraints)
    method = A.choice(method, "method", METHODS)
    A.number(increments, "increments", low=1, integer=True)
    A.optional_number(unknown_capacity, "unknown_capacity", low=0, strict=True,
                      unit="TEU/year")
    A.flag(respect_capacity, "respect_capacity")
    A.cost_model(cost_model)
    dem = _demand_frame(network, demand)
    model = cost_model if cost_model is not None else (
        weight if isinstance(weight, CostModel) else CostModel())
    if method != "equilibrium":
        if "avoid_countries" in dem.columns and dem["avoid_countries"].map(bool).any():
            raise InvalidArgumentError("method", "a demand column avoid_countries (per-row "
                                       "constraints) needs method='equilibrium'")
        if "outside_usd_per_teu" in dem.columns and dem["outside_usd_per_teu"].notna().any():
            raise InvalidArgumentError("method", "a demand column outside_usd_per_teu (each "
                                       "pair's alternative) needs method='equilibrium'")
        return _incremental(network, dem, weight, model, increments, respect_capacity,
                            unknown_capacity, "auto" if method == "incremental" else method,
                            constraints)
    algorithm = A.choice(algorithm, "algorithm", ALGORITHMS)
    A.number(gap, "gap", low=0, high=1, strict=True)
    A.number(max_iterations, "max_iterations", low=1, integer=True)
    if isinstance(weight, CostModel):
        weight = weight.weight
    if weight not in ("generalized", "time"):
        raise InvalidArgumentError(
            "weight", "the equilibrium assignment takes 'generalized', 'time' or a CostModel "
            f"(a queue costs time), got {weight!r}; use method='incremental' for other "
            "weights")
    return _equilibrium(network, dem, str(weight), model, queues or QueueModel(),
                        respect_capacity, unknown_capacity, gap, max_iterations, algorithm,
                        constraints)


def _incremental(network: Network, dem: pd.DataFrame, weight: Weight, model: CostModel,
                 increments: int, respect_capacity: bool, unknown_capacity: float | None,
                 method: str, constraints: Mapping[str, Any]) -> AssignmentResult:
    """Incremental capacity-restrained loading (see :func:`assign`)."""
    bulk_ok = isinstance(weight, str) and not constraints.get("avoid_modes")
    if method == "bulk" and not bulk_ok:
        raise InvalidArgumentError("method", "'bulk' needs a weight given by name and no "
                                   "avoid_modes")
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
        # a sea waypoint's country is only passed, not entered (as Route.countries)
        kind = network.places.set_index("id")["kind"] if "id" in network.places.columns \
            else network.places["kind"]
        self.at_sea = (c.nodes["place"].map(kind) == "waypoint").to_numpy()
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
                if self.at_sea[n]:
                    continue
                cc = self.country[n]
                if not countries or countries[-1] != cc:
                    countries.append(cc)
        return legs, countries


# --------------------------------------------------------------------------- equilibrium
#: Utilisation band below capacity over which, when capacity must be respected, an asset
#: also rations its slots: the rationing wait rises from 0 at (1 - band) x capacity to
#: ``max_delay_h`` at capacity, so that no equilibrium loads an asset beyond it.
_RATIONING_BAND = 0.05


@dataclass
class _Assets:
    """Capacitated assets of the compiled edges (one per link direction, one per terminal)."""

    slot: np.ndarray  # per edge: asset index, -1 where no capacity applies
    capacity: np.ndarray  # per asset, TEU/year
    scale_h: np.ndarray  # per asset: Kingman factor x service time, hours
    wall_h: np.ndarray  # per asset: rationing wait at capacity (0: capacity not enforced)
    threshold: float

    def flows(self, x: np.ndarray) -> np.ndarray:
        use = self.slot >= 0
        return np.bincount(self.slot[use], weights=x[use], minlength=len(self.capacity))

    def delay_h(self, flow: np.ndarray, rationing: bool = True) -> np.ndarray:
        rho = flow / self.capacity
        d = queue_delay_h(rho, self.scale_h, self.threshold)
        if rationing and self.wall_h.any():
            d = d + self.wall_h * np.maximum(rho - (1 - _RATIONING_BAND), 0) / _RATIONING_BAND
        return d

    def slope_h(self, flow: np.ndarray) -> np.ndarray:
        """d delay / d flow, hours per TEU/year."""
        rho = flow / self.capacity
        s = queue_delay_slope_h(rho, self.scale_h, self.threshold)
        if self.wall_h.any():
            s = s + np.where(rho > 1 - _RATIONING_BAND, self.wall_h / _RATIONING_BAND, 0.0)
        return s / self.capacity

    def edge_delay_h(self, flow: np.ndarray, rationing: bool = True) -> np.ndarray:
        d = np.append(self.delay_h(flow, rationing), 0.0)
        return d[self.slot]  # slot -1 picks the appended 0


def _assets(network: Network, c: Any, mask: np.ndarray, qm: QueueModel,
            unknown_capacity: float | None, wall_h: float) -> tuple[_Assets, pd.DataFrame]:
    """Group the compiled edges into capacitated assets and give each its queue scale."""
    e = c.edges
    place = c.nodes["place"].to_numpy()
    tail_p = place[e["tail"].to_numpy()]
    is_term = (e["kind"] == "transfer").to_numpy()
    ids = e["id"].to_numpy().astype(str)
    cap = e["capacity"].to_numpy(dtype=float)
    known = ~np.isnan(cap)
    if unknown_capacity is not None:
        cap = np.where(known, cap, float(unknown_capacity))
    key = np.where(is_term, ids, np.char.add(np.char.add(ids, "|"), tail_p.astype(str)))
    use = mask & ~np.isnan(cap) & (cap > 0)
    codes, _ = pd.factorize(pd.Series(key[use]))
    slot = np.full(len(e), -1, dtype=int)
    slot[use] = codes
    first = np.flatnonzero(use)[np.unique(codes, return_index=True)[1]]
    links = network._table("links").set_index("id")
    irregular = links["irregular_sailings"].map(lambda v: bool(v) if v is not None else False)
    a_cap = cap[first]
    # one train's share of capacity, for every asset: containers arrive a train at a time, and
    # a sailing takes several trains (on a ferry this is the headway x train / ship's load)
    service_h = qm.train_teu / (a_cap / HOURS_PER_YEAR)
    k = np.full(len(first), qm.variability)
    for n, j in enumerate(first):
        if is_term[j] or e.at[j, "mode"] not in ("ferry", "sea"):
            continue
        if bool(irregular.get(ids[j], False)):
            k[n] = qm.irregular_variability
    # a link whose rolling stock sets its capacity carries its share of the pool's one wait
    # (by running time), so that a container waits for a platform once per path
    shares = _fleets.queue_shares(network._tables)
    share = np.array([1.0 if is_term[j] else shares.get(ids[j], 1.0) for j in first])
    info = pd.DataFrame({"asset": ids[first], "kind": np.where(is_term[first], "terminal",
                                                                "link"),
                         "capacity_teu_year": a_cap, "known": known[first],
                         "service_h": service_h, "variability": k, "queue_share": share})
    return _Assets(slot, a_cap, k * service_h * share, wall_h * share, qm.threshold), info


def _line_search(x: np.ndarray, y: np.ndarray, w0: np.ndarray, assets: _Assets, unit: float,
                 out_x: np.ndarray, out_y: np.ndarray, out_cost: np.ndarray) -> float:
    """Step in [0, 1] minimising Beckmann's objective from (x, out_x) towards (y, out_y):
    safeguarded Newton on its derivative, which uses the delay function's slope."""
    ax, ay = assets.flows(x), assets.flows(y)
    da = ay - ax
    const = float((y - x) @ w0 + (out_y - out_x) @ out_cost)

    def grad(lam: float) -> float:
        return const + unit * float(da @ assets.delay_h(ax + lam * da))

    lo, hi = 0.0, 1.0
    if grad(0.0) >= 0:
        return 0.0
    if grad(1.0) <= 0:
        return 1.0
    lam = 0.5
    for _ in range(60):
        g = grad(lam)
        if g > 0:
            hi = lam
        else:
            lo = lam
        h = unit * float(da**2 @ assets.slope_h(ax + lam * da))
        nxt = lam - g / h if h > 0 else 0.5 * (lo + hi)
        lam = nxt if lo < nxt < hi else 0.5 * (lo + hi)
        if hi - lo < 1e-12 or abs(g) < 1e-9 * max(1.0, abs(const)):
            break
    return lam


class _Loader:
    """All-or-nothing loading on the compiled arrays: one Dijkstra per origin."""

    def __init__(self, c: Any, mask: np.ndarray, dem: pd.DataFrame) -> None:
        self.c = c
        self.tails = c.edges["tail"].to_numpy()
        self.heads = c.edges["head"].to_numpy()
        self.pairs = list(zip(dem["origin"], dem["destination"], strict=True))
        classes = dem["avoid_countries"] if "avoid_countries" in dem.columns else \
            pd.Series([()] * len(dem))
        # one class of shippers per set of avoided countries, each with its own mask
        self.classes: list[tuple[np.ndarray, dict[str, list[int]]]] = []
        for avoid in sorted(set(classes)):
            m = mask if not avoid else mask & c.mask(avoid_countries=list(avoid))
            by_origin: dict[str, list[int]] = {}
            for i, ((o, d), a) in enumerate(zip(self.pairs, classes, strict=True)):
                if o != d and a == avoid:
                    by_origin.setdefault(o, []).append(i)
            self.classes.append((m, by_origin))

    def paths(self, w: np.ndarray) -> tuple[list[np.ndarray | None], np.ndarray]:
        """Cheapest path (edge indices) and its weight for every pair (None, inf: no route)."""
        out: list[np.ndarray | None] = [None] * len(self.pairs)
        cost = np.full(len(self.pairs), np.inf)
        for mask, by_origin in self.classes:
            self._paths(w, mask, by_origin, out, cost)
        return out, cost

    def _paths(self, w: np.ndarray, mask: np.ndarray, by_origin: Mapping[str, list[int]],
               out: list[np.ndarray | None], cost: np.ndarray) -> None:
        idx = np.flatnonzero(mask & np.isfinite(w))
        t, h, ww = self.tails[idx], self.heads[idx], np.maximum(w[idx], 1e-9)
        order = np.lexsort((ww, h, t))
        t, h, ww, idx = t[order], h[order], ww[order], idx[order]
        first = np.ones(len(t), dtype=bool)
        first[1:] = (t[1:] != t[:-1]) | (h[1:] != h[:-1])
        t, h, ww, idx = t[first], h[first], ww[first], idx[first]
        n = self.c.n_nodes
        mat = csr_matrix((ww, (t, h)), shape=(n, n))
        edge_of = dict(zip(zip(t.tolist(), h.tolist(), strict=True), idx.tolist(),
                           strict=True))
        for o, rows in by_origin.items():
            dist, pred = self.c.distances(mat, o)
            for i in rows:
                value, end = self.c.best_to(dist, self.pairs[i][1])
                if not np.isfinite(value):
                    continue
                path = []
                node = end
                while pred[node] >= 0:
                    path.append(edge_of[(int(pred[node]), node)])
                    node = int(pred[node])
                out[i] = np.array(path[::-1], dtype=int)
                cost[i] = float(w[out[i]].sum())


def _equilibrium(network: Network, dem: pd.DataFrame, weight: str, model: CostModel,
                 qm: QueueModel, respect_capacity: bool, unknown_capacity: float | None,
                 gap: float, max_iterations: int, algorithm: str,
                 constraints: Mapping[str, Any]) -> AssignmentResult:
    from .engine import compile_network

    c = compile_network(network, include_planned=bool(constraints.get("include_planned",
                                                                      False)),
                        cost_model=model)
    avoid_modes = set(constraints.get("avoid_modes", ()))
    modes = constraints.get("modes")
    allowed = None if modes is None and not avoid_modes else [
        m for m in (modes if modes is not None else ("rail", "road", "ferry", "sea"))
        if m not in avoid_modes]
    mask = c.mask(avoid_countries=[x.upper() for x in constraints.get("avoid_countries", ())],
                  avoid_places=[network.resolve(p) for p in constraints.get("avoid_places", ())],
                  allowed_modes=allowed)
    time0 = c.edges["time_h"].to_numpy(dtype=float)
    money0 = c.edges["cost_usd"].to_numpy(dtype=float)
    unit = model.value_of_time_usd_per_teu_h if weight == "generalized" else 1.0
    w0 = money0 + unit * time0 if weight == "generalized" else time0.copy()
    assets, info = _assets(network, c, mask, qm, unknown_capacity,
                           qm.max_delay_h if respect_capacity else 0.0)
    loader = _Loader(c, mask, dem)
    demand = dem["teu_year"].to_numpy(dtype=float)
    same = (dem["origin"] == dem["destination"]).to_numpy()
    n = len(dem)
    # free flow: the outside option (ship another way) costs the free-flow best plus
    # max_delay_h of waiting; without capacity to respect, every TEU is loaded
    paths0, ff = loader.paths(w0)
    routable = np.isfinite(ff) & ~same & (demand > 0)
    outside = np.where(routable, ff + unit * qm.max_delay_h, np.inf) if respect_capacity \
        else np.where(routable, np.inf, 0.0)
    if "outside_usd_per_teu" in dem.columns:
        # elastic demand: a pair's TEU ship another way once the network costs them more than
        # their own alternative (generalised USD per TEU; hours when weight is time)
        alt = dem["outside_usd_per_teu"].to_numpy(dtype=float)
        if weight != "generalized":
            alt = alt / model.value_of_time_usd_per_teu_h
        alt = np.where(np.isfinite(alt), alt, np.inf)
        outside = np.where(routable, np.minimum(outside, alt), outside)
    # what the unserved pay per TEU in the objective (they are 0 where outside is infinite)
    out_cost = np.where(routable & np.isfinite(outside), outside, 0.0)
    path_flow: list[dict[tuple[int, ...], float]] = [{} for _ in range(n)]
    path_edges: dict[tuple[int, ...], np.ndarray] = {}
    out_flow = np.where(routable, 0.0, demand)  # unserved (or trivially served if same)

    def target(paths: list[np.ndarray | None], cost: np.ndarray
               ) -> tuple[np.ndarray, np.ndarray, list[tuple[int, ...] | None]]:
        y = np.zeros(len(w0))
        out_y = np.where(routable, 0.0, demand)
        keys: list[tuple[int, ...] | None] = [None] * n
        for i in np.flatnonzero(routable):
            p = paths[i]
            if p is None or cost[i] >= outside[i]:
                out_y[i] = demand[i]
                continue
            y[p] += demand[i]
            keys[i] = tuple(p.tolist())
            path_edges.setdefault(keys[i], p)
        return y, out_y, keys

    x, out_flow, keys = target(paths0, ff)
    for i, kk in enumerate(keys):
        if kk is not None:
            path_flow[i][kk] = demand[i]
    trace = []
    converged = False
    s_x: np.ndarray | None = None  # conjugate Frank-Wolfe: the previous target
    s_out = out_flow
    s_pf: list[dict[tuple[int, ...], float]] = []
    for it in range(1, max_iterations + 1):
        w = w0 + unit * assets.edge_delay_h(assets.flows(x))
        paths, cost = loader.paths(w)
        best = np.where(routable, np.minimum(cost, outside), 0.0)
        total = float(x @ w + out_flow @ out_cost)
        lower = float(demand[routable] @ best[routable])
        rel = (total - lower) / total if total > 0 else 0.0
        y, out_y, keys = target(paths, cost)
        if rel <= gap:
            trace.append((it, max(rel, 0.0), 0.0))
            converged = True
            break
        if algorithm == "msa":
            lam = 1.0 / (it + 1)
            s_x, s_out = y, out_y
            s_pf = [{} if kk is None else {kk: demand[i]} for i, kk in enumerate(keys)]
        else:
            alpha = 0.0
            if algorithm == "conjugate-frank-wolfe" and s_x is not None:
                ax, sx, ay = assets.flows(x), assets.flows(s_x), assets.flows(y)
                hess = unit * assets.slope_h(ax)
                num = float(((sx - ax) * hess * (ay - ax)).sum())
                den = float(((sx - ax) * hess * (ay - sx)).sum())
                alpha = min(max(num / den, 0.0), 0.99) if den != 0 else 0.0
            s_x = y if s_x is None else alpha * s_x + (1 - alpha) * y
            s_out = alpha * s_out + (1 - alpha) * out_y
            new_pf = [{kk: alpha * f for kk, f in pf.items()} for pf in s_pf] if s_pf \
                else [{} for _ in range(n)]
            for i, kk in enumerate(keys):
                if kk is not None:
                    new_pf[i][kk] = new_pf[i].get(kk, 0.0) + (1 - alpha) * demand[i]
            s_pf = new_pf
            lam = _line_search(x, s_x, w0, assets, unit, out_flow, s_out, out_cost)
        trace.append((it, rel, lam))
        if lam <= 0:
            s_x = None  # restart the conjugate direction from a plain Frank-Wolfe step
            continue
        x = x + lam * (s_x - x)
        out_flow = out_flow + lam * (s_out - out_flow)
        for i in np.flatnonzero(routable):
            pf = path_flow[i]
            for kk in pf:
                pf[kk] *= 1 - lam
            for kk, f in s_pf[i].items():
                pf[kk] = pf.get(kk, 0.0) + lam * f
    warnings = []
    if not converged:
        warnings.append(f"stopped after {max_iterations} iterations at a relative gap of "
                        f"{trace[-1][1]:.2g} (asked {gap:g}); raise max_iterations")
    # where the approximate equilibrium still loads an asset beyond capacity, the excess is
    # unserved (it would not find a slot)
    x = _rebuild(path_flow, path_edges, len(w0))
    if respect_capacity:
        trimmed = _trim_to_capacity(path_flow, path_edges, assets, len(w0))
        if trimmed > 1e-6:
            warnings.append(f"{trimmed:,.0f} TEU/year beyond capacity at the last iteration "
                            "were counted unserved")
        x = _rebuild(path_flow, path_edges, len(w0))
    return _equilibrium_result(network, c, dem, path_flow, path_edges, x, assets, info,
                               time0, money0, unit, qm, respect_capacity, unknown_capacity,
                               pd.DataFrame(trace, columns=["iteration", "relative_gap",
                                                            "step"]), warnings)


def _rebuild(path_flow: list[dict[tuple[int, ...], float]],
             path_edges: Mapping[tuple[int, ...], np.ndarray], n_edges: int) -> np.ndarray:
    x = np.zeros(n_edges)
    for pf in path_flow:
        for kk, f in pf.items():
            if f > 0:
                x[path_edges[kk]] += f
    return x


def _trim_to_capacity(path_flow: list[dict[tuple[int, ...], float]],
                      path_edges: Mapping[tuple[int, ...], np.ndarray], assets: _Assets,
                      n_edges: int) -> float:
    """Scale down the paths through each over-full asset until none is; returns the TEU
    removed."""
    removed = 0.0
    for _ in range(len(assets.capacity) + 1):
        flow = assets.flows(_rebuild(path_flow, path_edges, n_edges))
        over = flow / assets.capacity
        a = int(np.argmax(over)) if len(over) else -1
        if a < 0 or over[a] <= 1 + 1e-9:
            break
        keep = assets.capacity[a] / flow[a]
        for pf in path_flow:
            for kk, f in pf.items():
                if f > 0 and (assets.slot[path_edges[kk]] == a).any():
                    pf[kk] = f * keep
                    removed += f * (1 - keep)
    return removed


def _countries(c: Any, edges: np.ndarray) -> str:
    """The countries a path passes, in order, as ``CN>KZ>AZ``."""
    country = c.nodes["country"].to_numpy()
    nodes = np.column_stack([c.edges["tail"].to_numpy()[edges],
                             c.edges["head"].to_numpy()[edges]]).ravel()
    seq = country[nodes]
    keep = np.ones(len(seq), dtype=bool)
    keep[1:] = seq[1:] != seq[:-1]
    return ">".join(seq[keep].tolist())


def _equilibrium_result(network: Network, c: Any, dem: pd.DataFrame,
                        path_flow: list[dict[tuple[int, ...], float]],
                        path_edges: Mapping[tuple[int, ...], np.ndarray], x: np.ndarray,
                        assets: _Assets, info: pd.DataFrame, time0: np.ndarray,
                        money0: np.ndarray, unit: float, qm: QueueModel,
                        respect_capacity: bool, unknown_capacity: float | None,
                        convergence: pd.DataFrame, warnings: list[str]) -> AssignmentResult:
    a_flow = assets.flows(x)
    a_delay = assets.delay_h(a_flow, rationing=False)
    edge_delay = assets.edge_delay_h(a_flow, rationing=False)
    # OD times and money at equilibrium: flow-weighted over the routes used
    rows = []
    route_rows = []
    names: dict[tuple[int, ...], str] = {}

    def countries(kk: tuple[int, ...]) -> str:
        if kk not in names:
            names[kk] = _countries(c, path_edges[kk])
        return names[kk]

    for i, row in enumerate(dem.itertuples()):
        used = {kk: f for kk, f in path_flow[i].items() if f > 1e-9 * max(row.teu_year, 1)}
        for kk, f in used.items():
            pe = path_edges[kk]
            route_rows.append({"demand_row": i, "origin": row.origin,
                               "destination": row.destination,
                               "countries": countries(kk), "teu_year": f,
                               "time_h": float(time0[pe].sum() + edge_delay[pe].sum()),
                               "queue_delay_h": float(edge_delay[pe].sum()),
                               "cost_usd": float(money0[pe].sum())})
        served = min(sum(used.values()), row.teu_year)  # no -0 from rounding
        if row.origin == row.destination:
            served = row.teu_year
        rec: dict[str, Any] = {"origin": row.origin, "destination": row.destination,
                               "asked_teu_year": row.teu_year, "served_teu_year": served,
                               "unserved_teu_year": row.teu_year - served}
        if used:
            share = np.array(list(used.values())) / served
            t = np.array([time0[path_edges[kk]].sum() for kk in used])
            dl = np.array([edge_delay[path_edges[kk]].sum() for kk in used])
            m = np.array([money0[path_edges[kk]].sum() for kk in used])
            rec.update(time_h=float(share @ (t + dl)), free_flow_time_h=float(share @ t),
                       queue_delay_h=float(share @ dl), cost_usd=float(share @ m),
                       routes=" | ".join(sorted({countries(kk) for kk, f in used.items()
                                                 if f >= 0.01 * served})))
        else:
            rec.update(time_h=np.nan, free_flow_time_h=np.nan, queue_delay_h=np.nan,
                       cost_usd=np.nan, routes="")
        rows.append(rec)
    od = pd.DataFrame(rows, columns=["origin", "destination", "asked_teu_year",
                                     "served_teu_year", "unserved_teu_year", "time_h",
                                     "free_flow_time_h", "queue_delay_h", "cost_usd",
                                     "routes"])
    # loads by link direction and terminal direction
    e = c.edges
    place = c.nodes["place"].to_numpy()
    loaded = np.flatnonzero(x > 1e-9)
    le = pd.DataFrame({"asset": e["id"].to_numpy()[loaded],
                       "kind": np.where(e["kind"].to_numpy()[loaded] == "transfer",
                                        "terminal", "link"),
                       "mode": e["mode"].to_numpy()[loaded],
                       "from_id": place[e["tail"].to_numpy()[loaded]],
                       "to_id": place[e["head"].to_numpy()[loaded]],
                       "from_layer": e["from_layer"].to_numpy()[loaded],
                       "to_layer": e["to_layer"].to_numpy()[loaded],
                       "load_teu_year": x[loaded], "slot": assets.slot[loaded],
                       "capacity": e["capacity"].to_numpy(dtype=float)[loaded]})
    le = le.groupby(["asset", "kind", "mode", "from_id", "to_id", "from_layer", "to_layer",
                     "slot"], as_index=False, dropna=False).agg(
        load_teu_year=("load_teu_year", "sum"), capacity=("capacity", "first"))
    has = le["slot"].to_numpy() >= 0
    sl = np.where(has, le["slot"].to_numpy(), 0)
    cap = np.where(has, assets.capacity[sl] if len(assets.capacity) else np.nan, np.nan)
    asset_load = np.where(has, a_flow[sl] if len(a_flow) else np.nan, np.nan)
    loads = le.assign(
        capacity_teu_year=cap,
        vc_ratio=asset_load / cap,
        delay_h=np.where(has, a_delay[sl] if len(a_delay) else 0.0, 0.0),
        known=~np.isnan(le["capacity"].to_numpy()))
    loads["overloaded"] = loads["vc_ratio"].fillna(0) > 1 + 1e-6
    loads = loads[["asset", "kind", "mode", "from_id", "to_id", "from_layer", "to_layer",
                   "load_teu_year", "capacity_teu_year", "vc_ratio", "delay_h", "overloaded",
                   "known"]]
    loads = loads.sort_values(["vc_ratio", "load_teu_year", "asset", "from_id"],
                              ascending=[False, False, True, True], na_position="last",
                              kind="stable").reset_index(drop=True)
    sat = loads[loads["vc_ratio"] >= qm.saturated_at]
    saturation = list(dict.fromkeys(sat["asset"]))
    unknown = loads[~loads["known"]].drop_duplicates("asset")
    if len(unknown) and unknown_capacity is None:
        warnings.append(f"{len(unknown)} loaded assets have unknown capacity (no queue, "
                        "unlimited here): " + ", ".join(unknown["asset"].head(8)))
    routes = pd.DataFrame(route_rows, columns=["demand_row", "origin", "destination",
                                               "countries",
                                               "teu_year", "time_h", "queue_delay_h",
                                               "cost_usd"])
    return AssignmentResult(loads, od, saturation,
                            loads[loads["overloaded"]].reset_index(drop=True), "equilibrium",
                            warnings, convergence, routes)


# --------------------------------------------------------------------------- saturation
@dataclass
class SaturationResult:
    """The result of :func:`first_to_saturate`.

    Attributes
    ----------
    asset : str or None
        The first asset to reach ``QueueModel.saturated_at`` utilisation as demand grows
        (None if nothing saturated within the sweep).
    teu_year : float
        The demand at which it did.
    sweep : DataFrame
        One row per demand step: teu_year, served_teu_year, unserved_teu_year, time_h,
        queue_delay_h, fullest_asset, fullest_utilisation.
    route_bottleneck : str or None
        The smallest known capacity on the cheapest free-flow route (what
        :func:`tcroute.compare_corridors` names).
    min_cut : list of str
        The assets of :func:`tcroute.max_throughput`'s min cut.
    max_flow_teu_year : float
        The max flow that cut bounds (NaN when no route has known capacities).
    agrees : bool
        Whether the three name the same asset (the equilibrium's first saturated asset is the
        route's bottleneck and lies in the min cut).
    why : str
        When they differ, why (read off the equilibrium at the saturation step).
    """

    asset: str | None
    teu_year: float
    sweep: pd.DataFrame
    route_bottleneck: str | None
    min_cut: list[str]
    max_flow_teu_year: float
    agrees: bool
    why: str


def first_to_saturate(
    network: Network,
    origin: str,
    destination: str,
    *,
    start_teu_year: float = 1_000.0,
    growth: float = 1.5,
    max_steps: int = 30,
    queues: QueueModel | None = None,
    unknown_capacity: float | None = None,
    **constraints: Any,
) -> SaturationResult:
    """Grow the demand between two places until an asset saturates at equilibrium, and say
    whether it is the bottleneck that :func:`tcroute.compare_corridors` and
    :func:`tcroute.max_throughput` name.

    Parameters
    ----------
    origin, destination : str
    start_teu_year : float, default 1,000
        First demand step (TEU/year); each next step is ``growth`` times larger.
    growth : float, default 1.5
    max_steps : int, default 30
    queues : QueueModel, optional
        ``saturated_at`` is the utilisation that counts as saturated (default 90 %).
    unknown_capacity : float, optional
    **constraints
        As in :func:`assign` (``avoid_countries``, ``modes``, ...).

    Returns
    -------
    SaturationResult

    Examples
    --------
    >>> import tcroute
    >>> from tcroute.assignment import first_to_saturate
    >>> net = tcroute.load_network()
    >>> s = first_to_saturate(net, "Almaty", "Tbilisi", modes=["rail", "ferry"],
    ...                       avoid_countries=["RU", "BY", "IR"])
    >>> s.asset is not None and (s.agrees or s.asset in s.why)
    True
    """
    from .bottlenecks import max_throughput
    from .compare import route_bottleneck
    from .routing import shortest_route

    constraints = A.route_constraints("first_to_saturate", constraints)
    if not growth > 1:
        raise InvalidArgumentError("growth", f"must be > 1, got {growth!r}")
    if not start_teu_year > 0:
        raise InvalidArgumentError("start_teu_year", f"must be > 0, got {start_teu_year!r}")
    qm = queues or QueueModel()
    rows = []
    found: str | None = None
    at = math.nan
    res = None
    volume = float(start_teu_year)
    for _ in range(max_steps):
        res = assign(network, [(origin, destination, volume)], queues=qm,
                     unknown_capacity=unknown_capacity, **constraints)
        known = res.loads.dropna(subset=["vc_ratio"])
        full = known.iloc[0] if len(known) else None
        od = res.od.iloc[0]
        rows.append({"teu_year": volume, "served_teu_year": od["served_teu_year"],
                     "unserved_teu_year": od["unserved_teu_year"], "time_h": od["time_h"],
                     "queue_delay_h": od["queue_delay_h"],
                     "fullest_asset": None if full is None else full["asset"],
                     "fullest_utilisation": math.nan if full is None else full["vc_ratio"]})
        if full is not None and (full["vc_ratio"] >= qm.saturated_at
                                 or od["unserved_teu_year"] > 1e-6 * volume):
            found, at = str(full["asset"]), volume
            break
        volume *= growth
    sweep = pd.DataFrame(rows)
    route_kw = {k: v for k, v in constraints.items() if k in (
        "avoid_countries", "avoid_places", "modes", "avoid_modes", "include_planned")}
    best = shortest_route(network, origin, destination, weight="generalized", **route_kw)
    _cap, neck, _unknown = route_bottleneck(best)
    cut_kw = {k: v for k, v in route_kw.items() if k != "avoid_modes"}
    try:
        flow = max_throughput(network, origin, destination, unknown_capacity=unknown_capacity,
                              **cut_kw)
        cut, max_flow = list(flow.min_cut["asset"]), flow.max_flow_teu_year
    except TcrouteError:
        cut, max_flow = [], math.nan
    agrees = found is not None and found == neck and found in cut
    why = "" if agrees else _why(found, at, neck, cut, max_flow, res, qm, max_steps)
    return SaturationResult(found, at, sweep, neck, cut, max_flow, agrees, why)


def _why(found: str | None, at: float, neck: str | None, cut: list[str], max_flow: float,
         res: AssignmentResult | None, qm: QueueModel, max_steps: int) -> str:
    """Why the equilibrium's first saturated asset is not the route's bottleneck or the cut's,
    from the loads at the saturation step."""
    if found is None:
        return (f"nothing reached {qm.saturated_at:.0%} of a known capacity within "
                f"{max_steps} steps: the routes used have unknown capacities")
    assert res is not None
    loads = res.loads.drop_duplicates("asset").set_index("asset")
    served = float(res.od["served_teu_year"].sum())
    n_routes = len(res.routes)
    parts = []
    if neck != found:
        if neck is None:
            parts.append("the cheapest route has no known capacity")
        elif neck in loads.index:
            u = loads.at[neck, "vc_ratio"]
            share = loads.at[neck, "load_teu_year"] / served if served else 0.0
            parts.append(f"the cheapest route's smallest capacity, {neck}, is at {u:.0%} "
                         f"when {found} saturates: it carries {share:.0%} of the demand, "
                         f"the rest takes {n_routes - 1} other route(s)")
        else:
            parts.append(f"the equilibrium left the cheapest route's smallest capacity, "
                         f"{neck}, unused: queues sent the demand to other routes")
        if found in loads.index:
            f_share = loads.at[found, "load_teu_year"] / served if served else 0.0
            parts.append(f"{found}, which {f_share:.0%} of the demand passes, filled first "
                         f"(queue {loads.at[found, 'delay_h']:,.0f} h at "
                         f"{loads.at[found, 'vc_ratio']:.0%})")
    if cut and found not in cut:
        parts.append("max_throughput's min cut (" + ", ".join(cut[:4])
                     + (" ..." if len(cut) > 4 else "") + f") bounds all routes together at "
                     f"{max_flow:,.0f} TEU/year; at equilibrium {found} saturates already at "
                     f"{at:,.0f} TEU/year of demand, because queues grow before any capacity "
                     "is full and shippers do not spread the load as a max flow would")
    return "; ".join(parts)

