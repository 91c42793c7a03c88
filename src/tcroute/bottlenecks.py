"""Where a corridor chokes: throughput (max flow / min cut), widest route, capacity-constrained
assignment and criticality.

Capacities are in TEU per year. A **link**'s capacity applies to each direction separately
(published line and ferry capacities are usually per direction). A **terminal**'s capacity is
its total handling capacity, shared by every transfer it makes in either direction; in the
flow network each terminal is therefore a split node (in → out) carrying its capacity.
Unknown capacities are never silently infinite: every function reports the assets of unknown
capacity that its answer relies on, and lets you choose what to assume for them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np
import pandas as pd

from . import _args as A

# assign and AssignmentResult moved to tcroute.assignment; importing them from here still works
from .assignment import AssignmentResult, _demand_frame, assign  # noqa: F401
from .costs import Weight
from .errors import ArgumentTypeError, InvalidArgumentError, NoRouteError, UnknownIdError
from .graph import RoutingGraph
from .routing import Route, _find, _Request, _request, _shortest

if TYPE_CHECKING:
    from .network import Network

__all__ = ["ThroughputResult", "criticality", "max_throughput", "widest_route"]

_SRC, _SNK = ("__source__", ""), ("__sink__", "")


# --------------------------------------------------------------------------- flow network
def _flow_network(rg: RoutingGraph, view: Any, unknown_capacity: float | None,
                  tag: Any = None, shared: Mapping[str, Any] | None = None
                  ) -> tuple[nx.DiGraph, dict[str, dict[str, Any]]]:
    """Directed flow network of a routing-graph view.

    Every link direction gets its own intermediate node so that parallel links stay apart;
    every terminal is split into (in, out) with its capacity. Returns the graph and a
    description of each capacitated asset. With ``tag``, every node is ``(tag, node)`` and
    every asset node carries the tag too (one copy per stretch between via places);
    ``shared`` maps a place to the tag of its terminals instead, so that the two stretches
    meeting at a via place share its terminals' capacity.
    """
    g = nx.DiGraph()
    assets: dict[str, dict[str, Any]] = {}
    edges = view.edges(data=True)
    if tag is not None:
        edges = (((tag, u), (tag, v), d) for u, v, d in edges)
    for u, v, data in edges:
        for leg in data["legs"]:
            cap = leg.get("capacity_teu_year")
            known = cap is not None
            value = cap if known else unknown_capacity
            if leg["kind"] == "link":
                # one capacity per link direction, shared by the chain states that use it
                tail = leg["from_id"]  # legs are per direction
                mid = ("link", f"{leg['id']}>{tail}", tag)
                out = ("link_out", f"{leg['id']}>{tail}", tag)
                g.add_edge(u, mid)
                g.add_edge(out, v)
                if value is None:
                    g.add_edge(mid, out)
                else:
                    g.add_edge(mid, out, capacity=float(value))
                assets.setdefault(leg["id"], {"kind": "link", "mode": leg["mode"],
                                              "capacity_teu_year": cap, "known": known,
                                              "from_id": leg["from_id"], "to_id": leg["to_id"]})
            else:
                t_tag = (shared or {}).get(leg["from_id"], tag)
                t_in, t_out = ("term_in", leg["id"], t_tag), ("term_out", leg["id"], t_tag)
                g.add_edge(u, t_in)
                g.add_edge(t_out, v)
                if value is None:
                    g.add_edge(t_in, t_out)
                else:
                    g.add_edge(t_in, t_out, capacity=float(value))
                assets.setdefault(leg["id"], {"kind": "terminal", "mode": "transfer",
                                              "capacity_teu_year": cap, "known": known,
                                              "from_id": leg["from_id"],
                                              "to_id": leg["to_id"]})
    return g, assets


def _asset_of(u: Any, v: Any) -> str | None:
    """The asset whose capacity sits on flow edge (u, v), if any."""
    if isinstance(u, tuple) and u and u[0] == "link":
        return str(u[1]).split(">")[0]
    if isinstance(u, tuple) and u and u[0] == "term_in" and isinstance(v, tuple) \
            and v[0] == "term_out":
        return str(u[1])
    return None


def capacity_basis(network: Network) -> dict[str, str]:
    """What sets the capacity of each link that is not its own line: ``vessels:<service
    ids>`` for a crossing whose capacity its ferry or sea services give (``services.csv``),
    ``fleet:<pool ids>`` for a rail link whose ``all_stock`` pools (``fleets.csv``) carry
    less than the line. Links not named here are limited by their infrastructure."""
    from ._fleets import fleet_bound

    links = network._table("links")
    cap = pd.to_numeric(links["capacity_teu_year"], errors="coerce")
    bound = fleet_bound(links)
    out = {lid: f"fleet:{f}" for lid, f in zip(links.loc[bound, "id"],
                                                links.loc[bound, "fleets"], strict=True)}
    if "services" in links:
        served = links["services"].notna() & cap.notna()
        out.update({lid: f"vessels:{s}" for lid, s in zip(
            links.loc[served, "id"], links.loc[served, "services"], strict=True)})
    return out


@dataclass
class ThroughputResult:
    """The result of :func:`max_throughput`.

    Attributes
    ----------
    max_flow_teu_year : float
        Largest flow from the origins to the destinations, TEU/year.
    min_cut : DataFrame
        The links and terminals whose capacities limit it (their capacities sum to the max
        flow), one row each: asset, kind, mode, from_id, to_id, capacity_teu_year, known,
        limited_by (``infrastructure``; ``vessels:<services>`` for a crossing its ships
        limit; ``fleet:<pools>`` for a rail link its rolling stock limits; ``assumed`` for
        an unknown capacity taken as ``unknown_capacity``).
    flows : DataFrame
        Flow on every asset that carries some, by direction (from_id -> to_id), with
        capacity and utilisation (a terminal's capacity is shared by both directions, a
        link's applies to each).
    unknown_capacities : DataFrame
        Assets of unknown capacity that carry flow (they were assumed as
        ``unknown_capacity``, or unlimited).
    unbounded : bool
        True when a path of only unknown capacities joins origins and destinations and
        unknown capacities were taken as unlimited: the max flow is then not a finding.
    warnings : list of str
    """

    max_flow_teu_year: float
    min_cut: pd.DataFrame
    flows: pd.DataFrame
    unknown_capacities: pd.DataFrame
    unbounded: bool
    warnings: list[str] = field(default_factory=list)

    def to_frame(self) -> pd.DataFrame:
        """The flows per asset."""
        return self.flows.copy()

    def __repr__(self) -> str:
        cut = ", ".join(self.min_cut["asset"].head(6))
        more = "" if len(self.min_cut) <= 6 else f" and {len(self.min_cut) - 6} more"
        flag = " (UNBOUNDED by known capacities)" if self.unbounded else ""
        return (f"<ThroughputResult {self.max_flow_teu_year:,.0f} TEU/year{flag}; min cut: "
                f"{cut}{more}; {len(self.unknown_capacities)} unknown capacities used>")


_BIG = 1e8  # TEU/year taken for an unknown capacity: far above any real asset
_INT_INF = 2**31 - 1  # an unlimited edge in scipy's int32 max flow


def _solve_max_flow(g: nx.DiGraph, source: Any, sink: Any
                    ) -> tuple[float, dict[tuple[Any, Any], float], set[Any]]:
    """Max flow on ``g`` (edges without ``capacity`` are unlimited) with scipy's Dinic
    algorithm in integer TEU/year: the value, the flow on every edge carrying some, and the
    source side of a minimum cut (read off the residual network)."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import breadth_first_order, maximum_flow

    nodes = list(g.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    src = np.fromiter((index[u] for u, _ in g.edges), dtype=np.int64, count=g.number_of_edges())
    dst = np.fromiter((index[v] for _, v in g.edges), dtype=np.int64, count=g.number_of_edges())
    cap = np.array([min(round(d.get("capacity", _INT_INF)), _INT_INF)
                    for _, _, d in g.edges(data=True)], dtype=np.int32)
    n = len(nodes)
    # a super source bounds the total so that int32 sums cannot overflow
    top = n
    src = np.append(src, top)
    dst = np.append(dst, index[source])
    cap = np.append(cap, np.int32(_INT_INF))
    mat = csr_matrix((cap, (src, dst)), shape=(n + 1, n + 1))
    res = maximum_flow(mat, top, index[sink], method="dinic")
    flow = res.flow.tocoo()
    fvals = {(int(i), int(j)): int(f) for i, j, f in zip(flow.row, flow.col, flow.data,
                                                         strict=True) if f > 0}
    # residual reachability from the source
    capd = {(int(i), int(j)): int(c) for i, j, c in zip(src, dst, cap, strict=True)}
    res_src, res_dst = [], []
    for (i, j), c in capd.items():
        f = fvals.get((i, j), 0)
        if c - f > 0:
            res_src.append(i)
            res_dst.append(j)
        if f > 0:
            res_src.append(j)
            res_dst.append(i)
    residual = csr_matrix((np.ones(len(res_src)), (res_src, res_dst)), shape=(n + 1, n + 1))
    reach = breadth_first_order(residual, index[source], directed=True,
                                return_predecessors=False)
    side = {nodes[i] for i in reach if i < n}
    flows = {(nodes[i], nodes[j]): float(f) for (i, j), f in fvals.items() if i < n and j < n}
    return float(res.flow_value), flows, side


def max_throughput(
    network: Network,
    origins: str | Iterable[str],
    destinations: str | Iterable[str],
    *,
    avoid_countries: Iterable[str] = (),
    avoid_places: Iterable[str] = (),
    modes: Iterable[str] | None = None,
    avoid_modes: Iterable[str] = (),
    include_planned: bool = False,
    unknown_capacity: float | None = None,
    via: str | Iterable[Any] = (),
    segment_modes: Sequence[Any] | None = None,
    road_legs: str = "ends",
) -> ThroughputResult:
    """Maximum container flow (TEU/year) from origins to destinations, and its min cut.

    Parameters
    ----------
    network : Network
    origins, destinations : str or iterable of str
        Places (ids, names or aliases).
    avoid_countries, avoid_places, modes, avoid_modes, include_planned, via, segment_modes,
    road_legs
        Constraints, as in :func:`tcroute.shortest_route`: with ``via`` every unit of flow
        passes the via places (one place of each group) in order, and ``segment_modes``
        sets the modes of each stretch between them. A corridor of ``network.corridors``
        is therefore analysed under exactly the constraints that define it
        (:func:`tcroute.corridor_constraints`).
    unknown_capacity : float, optional
        TEU/year to assume where a capacity is unknown. By default unknown capacities are
        unlimited, and the result lists those that carry flow (and says when the flow is
        unbounded because of them).

    Returns
    -------
    ThroughputResult

    Notes
    -----
    Max flow (scipy's Dinic algorithm, in whole TEU/year) on the layered graph, with each
    link direction and each terminal a capacity shared by the chain states that use it
    (a terminal's by both directions). With via places, each stretch between them is a copy
    of the graph joined to the next at the via place, and an asset used on two stretches
    counts its capacity on each. The min cut is read off the residual network.

    Examples
    --------
    >>> import tcroute
    >>> net = tcroute.load_network()
    >>> res = tcroute.max_throughput(net, ["Xi'an", "Chongqing"], ["Duisburg"],
    ...                              avoid_countries=["RU", "BY", "IR"], modes=["rail", "ferry"])
    >>> 0 < res.max_flow_teu_year < 1_000_000
    True
    >>> bool(res.min_cut["capacity_teu_year"].sum() == res.max_flow_teu_year)
    True
    """
    A.optional_number(unknown_capacity, "unknown_capacity", low=0, high=_BIG / 10, strict=True,
                      unit="TEU/year")
    o_list = A.str_list(origins, "origins")
    d_list = A.str_list(destinations, "destinations")
    if not o_list or not d_list:
        raise InvalidArgumentError("origins" if not o_list else "destinations",
                                   "expected at least one place")
    o_ids = [network.resolve(o) for o in o_list]
    d_ids = [network.resolve(d) for d in d_list]
    if set(o_ids) & set(d_ids):
        raise InvalidArgumentError("destinations", "a place cannot be both an origin and a "
                                   f"destination: {sorted(set(o_ids) & set(d_ids))}")
    req = _Request(network, o_ids[0], d_ids[0], weight="time",
                   avoid_countries=avoid_countries, avoid_places=avoid_places,
                   avoid_modes=avoid_modes, modes=modes, via=via,
                   include_planned=include_planned, cost_model=None,
                   segment_modes=segment_modes, road_legs=road_legs)
    rg = req.graph()
    stretch_modes = req.segment_modes or [None] * (len(req.via) + 1)
    views = [rg.view(avoid_countries=req.avoid_countries, avoid_places=req.avoid_places,
                     allowed_modes=req.allowed_modes if m is None else
                     [x for x in req.allowed_modes if x in m]) for m in stretch_modes]
    assumed = unknown_capacity if unknown_capacity is not None else _BIG
    copies = len(views) > 1
    g = nx.DiGraph()
    assets: dict[str, dict[str, Any]] = {}
    for k, view in enumerate(views):
        # the terminals of a via place serve both stretches that meet there, once
        shared = {p: ("via", j) for j in (k - 1, k) if 0 <= j < len(req.via)
                  for p in req.via[j]}
        part, part_assets = _flow_network(rg, view, assumed, tag=k if copies else None,
                                          shared=shared)
        g.update(part)
        for key, a in part_assets.items():
            assets.setdefault(key, a)
    node = (lambda k, n: (k, n)) if copies else (lambda k, n: n)
    for k, group in enumerate(req.via):  # pass a via place from stretch k to stretch k + 1
        for p in group:
            for n in rg.nodes_at(p):
                if n in views[k] and n in views[k + 1]:
                    g.add_edge(node(k, n), node(k + 1, n))
    last = len(views) - 1
    for o in o_ids:
        for n in rg.nodes_at(o):
            if n in views[0]:
                g.add_edge(_SRC, node(0, n))
    for d in d_ids:
        for n in rg.nodes_at(d):
            if n in views[last]:
                g.add_edge(node(last, n), _SNK)
    if _SRC not in g or _SNK not in g:
        raise NoRouteError(o_ids[0], d_ids[0], req.constraints(),
                           "the origins or destinations have no usable link under these "
                           "constraints")
    value, flow_edges, s_set = _solve_max_flow(g, _SRC, _SNK)
    if value == 0:
        raise NoRouteError(o_ids[0], d_ids[0], req.constraints(),
                           "no route joins the origins and the destinations under these "
                           "constraints")
    cut_value = 0.0
    basis = capacity_basis(network)
    cut_rows = []
    for u in (n for n in g if n in s_set):  # graph order, not set order
        for v, attrs in g[u].items():
            if v in s_set:
                continue
            cut_value += attrs.get("capacity", math.inf)
            asset = _asset_of(u, v)
            if asset is None or "capacity" not in attrs:
                continue
            a = assets[asset]
            cut_rows.append({"asset": asset, "kind": a["kind"], "mode": a["mode"],
                             "from_id": a["from_id"], "to_id": a["to_id"],
                             "capacity_teu_year": attrs["capacity"], "known": a["known"],
                             "limited_by": basis.get(asset, "infrastructure")
                             if a["known"] else "assumed"})
    min_cut = pd.DataFrame(cut_rows, columns=["asset", "kind", "mode", "from_id", "to_id",
                                              "capacity_teu_year", "known", "limited_by"])
    min_cut = min_cut.sort_values(["capacity_teu_year", "asset"], kind="stable").reset_index(
        drop=True)
    per_asset: dict[tuple[str, str, str], float] = {}
    for (u, v), f in flow_edges.items():
        asset = _asset_of(u, v)
        if asset is None:
            continue
        a = assets[asset]
        if a["kind"] == "link":  # direction of the flow: the mid node names its tail
            tail = str(u[1]).split(">", 1)[1]
            head = a["to_id"] if tail == a["from_id"] else a["from_id"]
        else:
            tail = head = a["from_id"]
        key = (asset, tail, head)
        per_asset[key] = per_asset.get(key, 0.0) + f
    rows = []
    for (asset, tail, head), f in per_asset.items():
        a = assets[asset]
        cap = a["capacity_teu_year"]
        rows.append({"asset": asset, "kind": a["kind"], "mode": a["mode"],
                     "from_id": tail, "to_id": head, "flow_teu_year": f,
                     "capacity_teu_year": cap,
                     "utilisation": (f / cap) if cap else math.nan, "known": a["known"]})
    flows = pd.DataFrame(rows, columns=["asset", "kind", "mode", "from_id", "to_id",
                                        "flow_teu_year", "capacity_teu_year", "utilisation",
                                        "known"])
    flows = flows.sort_values(["flow_teu_year", "asset", "from_id"], ascending=[False, True, True],
                              kind="stable").reset_index(drop=True)
    unknown = flows[~flows["known"]].drop_duplicates("asset").reset_index(drop=True)
    unbounded = unknown_capacity is None and value >= _BIG
    warnings = []
    if len(unknown):
        what = (f"assumed {unknown_capacity:,.0f} TEU/year" if unknown_capacity is not None
                else "treated as unlimited")
        warnings.append(f"{len(unknown)} assets carrying flow have unknown capacity ({what}): "
                        + ", ".join(unknown["asset"].head(8))
                        + (" ..." if len(unknown) > 8 else ""))
    if unbounded:
        warnings.append("a path of unknown capacities joins origins and destinations: the "
                        "throughput is not bounded by known capacities; pass "
                        "unknown_capacity=... to assume a value")
    if value < _INT_INF - 1:  # else the super source binds: unbounded, no asset cut
        assert abs(cut_value - value) <= 1e-6 * max(1.0, value), (cut_value, value)
    return ThroughputResult(float(value), min_cut, flows, unknown, unbounded, warnings)


# --------------------------------------------------------------------------- widest route
def widest_route(
    network: Network,
    origin: str,
    destination: str,
    *,
    unknown_capacity: float | None = None,
    max_detour: float | None = 1.5,
    **constraints: Any,
) -> Route:
    """The route whose smallest capacity is largest (ties broken by time), among routes at
    most ``max_detour`` times as long in time as the fastest.

    Parameters
    ----------
    unknown_capacity : float, optional
        TEU/year assumed where a capacity is unknown. By default an unknown capacity does not
        limit the route (it is listed in ``route_bottleneck``'s unknown count).
    max_detour : float or None, default 1.5
        Only routes whose time is at most this multiple of the fastest route's count, so that
        a route is not "wide" merely because it runs through links of unknown capacity on
        the other side of the continent. None removes the limit.
    **constraints
        As in :func:`tcroute.shortest_route` (``avoid_countries``, ``modes``, ...).

    Returns
    -------
    Route
        Use :func:`tcroute.route_bottleneck` for its smallest capacity.

    Examples
    --------
    >>> import tcroute
    >>> net = tcroute.load_network()
    >>> r = tcroute.widest_route(net, "Almaty", "Baku", modes=["rail", "ferry"])
    >>> cap, asset, _ = tcroute.route_bottleneck(r)
    >>> fast = tcroute.shortest_route(net, "Almaty", "Baku", modes=["rail", "ferry"])
    >>> cap >= tcroute.route_bottleneck(fast)[0]
    True
    """
    if "weight" in constraints:
        raise ArgumentTypeError("widest_route() takes no weight: it breaks ties by time")
    constraints = A.route_constraints("widest_route", constraints)
    A.optional_number(unknown_capacity, "unknown_capacity", low=0, strict=True,
                      unit="TEU/year")
    base = _shortest(_request(network, origin, destination, "time", constraints))
    rg = network._graph(bool(constraints.get("include_planned", False)))
    caps = sorted({leg["capacity_teu_year"] for _, _, d in rg.g.edges(data=True)
                   for leg in d["legs"] if leg.get("capacity_teu_year") is not None})
    if unknown_capacity is not None:
        caps = sorted({*caps, float(unknown_capacity)})

    def at_least(threshold: float) -> Route | None:
        def w(m: Mapping[str, Any]) -> float | None:
            cap = m.get("capacity_teu_year")
            if cap is None or cap != cap:
                cap = unknown_capacity if unknown_capacity is not None else math.inf
            return m["time_h"] if cap >= threshold else None

        try:
            found = _shortest(_request(network, origin, destination, w, constraints))
        except NoRouteError:
            return None
        if max_detour is not None and found.time_h > max_detour * base.time_h + 1e-9:
            return None
        return found

    A.optional_number(max_detour, "max_detour", low=1)
    # binary search for the largest capacity threshold that still leaves a route
    lo, hi, best = 0, len(caps) - 1, base
    while lo <= hi:
        mid = (lo + hi) // 2
        r = at_least(caps[mid])
        if r is None:
            hi = mid - 1
        else:
            best, lo = r, mid + 1
    best.weight = "widest"
    return best


# --------------------------------------------------------------------------- criticality
def _criticality_bulk(network: Network, dem: pd.DataFrame, weight: str,
                      groups: Mapping[str, Iterable[str]] | None, executor: Any,
                      constraints: Mapping[str, Any]) -> pd.DataFrame:
    from .engine import _CriticalityJob, bulk_criticality, compile_network

    avoid_c = [c.upper() for c in constraints.get("avoid_countries", ())]
    avoid_p = [network.resolve(p) for p in constraints.get("avoid_places", ())]
    pairs = [(r.origin, r.destination, r.teu_year) for r in dem.itertuples()]
    c = compile_network(network, include_planned=constraints.get("include_planned", False),
                        cost_model=constraints.get("cost_model"))
    modes = constraints.get("modes")
    mask = c.mask(avoid_countries=avoid_c, avoid_places=avoid_p,
                  allowed_modes=list(modes) if modes is not None else None)
    base = _CriticalityJob(c, pairs, weight, mask).base
    link_ids = set(network._table("links")["id"])
    used: list[str] = []
    for value, _tot, ids in base.values():  # type: ignore[misc]
        if np.isfinite(value):
            used += [i for i in sorted(ids) if i in link_ids and i not in used]
    todo: list[tuple[str, list[str]]] = [(i, [i]) for i in used]
    for name, ids in (groups or {}).items():
        ids = list(ids)
        bad = [i for i in ids if i not in link_ids]
        if bad:
            raise UnknownIdError("link", bad, f"in group {name!r}")
        todo.append((name, ids))
    out = bulk_criticality(network, pairs, todo, weight=weight, avoid_countries=avoid_c,
                           avoid_places=avoid_p, modes=modes,
                           include_planned=constraints.get("include_planned", False),
                           cost_model=constraints.get("cost_model"), executor=executor)
    out.insert(1, "kind", ["group" if groups and e in groups else "link"
                           for e in out["element"]])
    out = out.sort_values(["teu_cut_off", "delta_time_h"], ascending=False, kind="stable")
    out.insert(0, "rank", range(1, len(out) + 1))
    return out.reset_index(drop=True)



def criticality(
    network: Network,
    demand_or_od_pairs: pd.DataFrame | Sequence[tuple[str, str] | tuple[str, str, float]],
    *,
    weight: Weight = "time",
    elements: str = "links",
    groups: Mapping[str, Iterable[str]] | None = None,
    method: str = "auto",
    executor: Any = None,
    **constraints: Any,
) -> pd.DataFrame:
    """The cost of losing each link (or place, or group of elements that fail together).

    For every element used by at least one pair's best route, the element is closed and
    every pair re-routed. Elements no best route uses cannot change any answer and are left
    out. Pairs without weights count 1 TEU/year each.

    Parameters
    ----------
    demand_or_od_pairs : DataFrame (origin, destination[, teu_year]) or list of tuples
    weight : str, CostModel or callable
        What the routes minimise (default time).
    elements : {"links", "places"}
    groups : mapping of name -> ids, optional
        Groups of links (or places) that fail together, e.g. ``{"Caspian storm": [...all
        Caspian ferry links...]}``; each group is one more row.
    method : {"auto", "bulk", "reference"}
        ``bulk`` compiles the network into arrays and routes with scipy (fast; links only,
        weight given by name); ``reference`` re-runs the readable networkx-view search for
        every element; ``auto`` takes ``bulk`` when it can. Both give the same numbers up to
        ties between equally good routes.
    executor : concurrent.futures.Executor, optional
        Spread the bulk sweep over workers (a process pool, or a Dask/Ray executor).
    **constraints
        As in :func:`tcroute.shortest_route`.

    Returns
    -------
    DataFrame
        One row per element: element, kind, pairs_affected, pairs_cut_off, teu_cut_off,
        delta_time_h (demand-weighted extra hours, pairs still served), delta_cost_usd
        (same, USD), mean_delta_h (per TEU served), ranked by TEU cut off, then extra
        TEU-hours.

    Examples
    --------
    >>> import tcroute
    >>> net = tcroute.load_network()
    >>> crit = tcroute.criticality(net, [("Xi'an", "Istanbul")],
    ...                            avoid_countries=["RU", "BY", "IR"])
    >>> bool(crit.iloc[0]["delta_time_h"] > 0 or crit.iloc[0]["pairs_cut_off"] > 0)
    True
    """
    constraints = A.route_constraints("criticality", constraints)
    A.executor(executor)
    elements = A.choice(elements, "elements", ("links", "places"))
    method = A.choice(method, "method", ("auto", "bulk", "reference"))
    if groups is not None and not isinstance(groups, Mapping):
        raise ArgumentTypeError(f"groups: expected a mapping of name -> ids, got {groups!r}")
    groups = {name: A.str_list(ids, f"groups[{name!r}]") for name, ids in
              (groups or {}).items()} or None
    if isinstance(demand_or_od_pairs, pd.DataFrame):
        dem = demand_or_od_pairs.copy()
        if "teu_year" not in dem.columns:
            dem["teu_year"] = 1.0
        dem = _demand_frame(network, dem)
    else:
        dem = _demand_frame(network, A.od_pairs(demand_or_od_pairs))
    bulk_ok = (elements == "links" and isinstance(weight, str)
               and not constraints.get("via") and not constraints.get("avoid_modes"))
    if method == "bulk" and not bulk_ok:
        raise InvalidArgumentError("method", "'bulk' needs elements='links', a weight given "
                                   "by name and no via or avoid_modes; use 'reference'")
    if method != "reference" and bulk_ok:
        return _criticality_bulk(network, dem, weight, groups, executor, constraints)

    def request(o: str, d: str, closed_links: Iterable[str] = (),
                extra_places: Iterable[str] = ()) -> _Request:
        return _request(network, o, d, weight, constraints, closed_links=closed_links,
                        avoid_places=[*constraints.get("avoid_places", ()), *extra_places])

    base: list[Route | None] = []
    for row in dem.itertuples():
        base.append(_find(request(row.origin, row.destination)))
    candidates: dict[str, list[str]] = {}
    for r in base:
        if r is None:
            continue
        legs = r.legs
        if elements == "links":
            for lid in legs.loc[legs["kind"] == "link", "id"]:
                candidates.setdefault(lid, [lid])
        else:
            for pid in r.places[1:-1]:
                candidates.setdefault(pid, [pid])
    for name, ids in (groups or {}).items():
        ids = list(ids)
        if elements == "places":
            ids = [network.resolve(p) for p in ids]
        else:
            known = set(network._table("links")["id"])
            bad = [i for i in ids if i not in known]
            if bad:
                raise UnknownIdError("link", bad, f"in group {name!r}")
        candidates[name] = ids

    def metric(r: Route) -> tuple[float, float]:
        return r.time_h, r.cost_usd

    rows = []
    for name, ids in candidates.items():
        affected = cut = 0
        teu_cut = d_time = d_cost = served = 0.0
        for row, r0 in zip(dem.itertuples(), base, strict=True):
            if r0 is None:
                continue
            uses = (set(ids) & set(r0.legs["id"])) if elements == "links" else \
                (set(ids) & set(r0.places))
            if not uses:
                served += row.teu_year
                continue
            affected += 1
            if elements == "places" and ({row.origin, row.destination} & set(ids)):
                r1 = None
            else:
                req = request(row.origin, row.destination,
                              closed_links=ids if elements == "links" else (),
                              extra_places=ids if elements == "places" else ())
                r1 = _find(req)
            if r1 is None:
                cut += 1
                teu_cut += row.teu_year
                continue
            t0, c0 = metric(r0)
            t1, c1 = metric(r1)
            d_time += row.teu_year * (t1 - t0)
            d_cost += row.teu_year * (c1 - c0)
            served += row.teu_year
        kind = ("group" if groups and name in groups else elements[:-1])
        rows.append({"element": name, "kind": kind, "pairs_affected": affected,
                     "pairs_cut_off": cut, "teu_cut_off": teu_cut, "delta_time_h": d_time,
                     "delta_cost_usd": d_cost,
                     "mean_delta_h": d_time / served if served else math.nan})
    out = pd.DataFrame(rows, columns=["element", "kind", "pairs_affected", "pairs_cut_off",
                                      "teu_cut_off", "delta_time_h", "delta_cost_usd",
                                      "mean_delta_h"])
    out = out.sort_values(["teu_cut_off", "delta_time_h"], ascending=False)
    out.insert(0, "rank", range(1, len(out) + 1))
    return out.reset_index(drop=True)
