"""The bulk routing engine: the layered graph compiled into arrays (CSR) and routed in bulk
with ``scipy.sparse.csgraph``.

The networkx graph of :mod:`tcroute.graph` stays the readable reference; this module computes
the same leg metrics with vectorised numpy straight from the tables (no networkx), so that it
scales to networks of a million links, and answers OD matrices, criticality sweeps and
repeated queries quickly. Tests assert that both give the same answers.

scipy's Dijkstra was chosen after measuring (benchmarks/): it runs multi-source searches
(``min_only=True``) in C, which is what an origin with several layers needs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy.sparse import csr_matrix

from . import _args as A
from . import _schema as S
from . import _services
from ._chains import (
    LOADS,
    check_road_legs,
    customs_frontier,
    key_mode,
    link_pairs,
    parse_loads,
    transfer_pairs,
)
from ._parallel import call, map_shared
from ._search import View, path_legs, search, tree_totals, walk
from .costs import CostModel
from .errors import ArgumentTypeError, InvalidArgumentError
from .graph import HOURS_PER_WEEK

if TYPE_CHECKING:
    from .network import Network

__all__ = ["CompiledNetwork", "compile_network", "od_matrix"]

METRICS = ("length_km", "time_h", "cost_usd", "co2_kg")
#: What a route's legs table shows beside the metrics: the time components and the border.
DETAIL = ("travel_h", "wait_h", "border_h", "transfer_h", "border_id", "from_country",
          "to_country")
_BULK_WEIGHTS = ("time", "cost", "distance", "co2", "generalized")
_WEIGHT_COLUMN = {"time": "time_h", "cost": "cost_usd", "distance": "length_km",
                  "co2": "co2_kg"}


def _f(series: pd.Series) -> np.ndarray:
    return pd.to_numeric(series, errors="coerce").to_numpy(dtype=float)


def _mode_defaults(modes: pd.DataFrame, col: str, override: Mapping[str, float]
                   ) -> dict[str, float]:
    """Per mode, ``col`` of ``modes`` (indexed by mode) unless ``override`` gives it."""
    return {m: (override[m] if m in override else
                (float(modes.at[m, col]) if pd.notna(modes.at[m, col]) else np.nan))
            for m in modes.index}


def link_run_h(links: pd.DataFrame, modes: pd.DataFrame,
               speed_kmh: Mapping[str, float] | None = None) -> np.ndarray:
    """Running time (h) of each row of ``links``: its ``time_h`` where given, else
    ``length_km`` over its ``speed_kmh``, else over its mode's speed (``speed_kmh`` overrides
    of a CostModel first, then ``modes``, indexed by mode)."""
    default = _mode_defaults(modes, "speed_kmh", speed_kmh or {})
    speed = _f(links["speed_kmh"])
    speed = np.where(np.isnan(speed), links["mode"].map(default).to_numpy(dtype=float), speed)
    time_h = _f(links["time_h"])
    return np.where(np.isnan(time_h), _f(links["length_km"]) / speed, time_h)


def _expand(df: pd.DataFrame, by: list[str], pairs: Any) -> pd.DataFrame:
    """One row per (row, state pair): ``pairs(*values of by)`` lists the (from state, to
    state) pairs of a row; rows with the same ``by`` values share one call."""
    if df.empty:
        return df.assign(from_layer=pd.Series(dtype=str), to_layer=pd.Series(dtype=str))
    combos = df[by].drop_duplicates()
    rows = [(*vals, a, b) for vals in combos.itertuples(index=False, name=None)
            for a, b in pairs(*vals)]
    table = pd.DataFrame(rows, columns=[*by, "from_layer", "to_layer"])
    return df.drop(columns=["from_layer", "to_layer"], errors="ignore").merge(
        table, on=by, how="inner", sort=False)


def _edge_table(network: Network, include_planned: bool, model: CostModel,
                road_legs: str = "ends") -> pd.DataFrame:
    """Every directed leg (link direction or terminal transfer) with its metrics, once per
    chain state it joins (see :mod:`tcroute._chains`)."""
    usable = {"open", "planned"} if include_planned else {"open"}
    places = network._table("places")
    by_id = places.drop_duplicates("id").set_index("id")
    country, kind = by_id["country"], by_id["kind"]
    modes = network._table("modes").set_index("mode")
    links = network._table("links")
    links = links[links["status"].isin(usable)]

    gauge = _f(links["gauge_mm"])
    layer = np.where(links["mode"].to_numpy() == "rail",
                     np.char.add("rail_", np.nan_to_num(gauge).astype(int).astype(str)),
                     links["mode"].to_numpy().astype(str))
    oneway = links["oneway"].map(lambda v: bool(v) if v is not None else False).to_numpy()
    fwd = pd.DataFrame({"id": links["id"].to_numpy(), "tail": links["from_id"].to_numpy(),
                        "head": links["to_id"].to_numpy(), "mode": links["mode"].to_numpy(),
                        "layer": layer, "row": np.arange(len(links))})
    rev = fwd[~oneway].rename(columns={"tail": "head", "head": "tail"})
    e = pd.concat([fwd, rev], ignore_index=True)
    r = e["row"].to_numpy()
    mode = e["mode"].to_numpy()

    def by_mode(col: str, override: dict[str, float]) -> np.ndarray:
        return pd.Series(mode).map(_mode_defaults(modes, col, override)).to_numpy(dtype=float)

    length = _f(links["length_km"])[r]
    travel = link_run_h(links, modes, model.speed_kmh)[r]
    # waiting for a sailing when a ferry/sea leg leaves a port
    dpw = _f(links["departures_per_week"])[r]
    dpw = np.where(np.isnan(dpw), by_mode("departures_per_week", {}), dpw)
    headway = np.where(np.isnan(dpw) | (dpw == 0), 0.0, HOURS_PER_WEEK / np.where(
        np.isnan(dpw) | (dpw == 0), 1.0, dpw))
    irregular = links["irregular_sailings"].map(lambda v: bool(v) if v is not None else False
                                                ).to_numpy()[r]
    tail_kind = e["tail"].map(kind).to_numpy(dtype=object)
    boards = np.isin(mode, list(S.WATER_MODES)) & (tail_kind != "waypoint")
    wait = np.where(boards, np.where(irregular, headway, 0.5 * headway), 0.0)
    cdays = np.nan_to_num(_f(links["closure_days_per_year"])[r])
    cep = _f(links["closure_episode_days"])[r]
    weather = np.where(np.isnan(cep), 0.0, cdays / 365.0 * np.nan_to_num(cep) * 24.0)
    wait = wait + weather
    # money and CO2
    tariff = _f(links["cost_usd_per_teu"])[r]
    rate = _f(links["cost_usd_per_teu_km"])[r]
    rate = np.where(np.isnan(rate), by_mode("cost_usd_per_teu_km",
                                            dict(model.cost_usd_per_teu_km)), rate)
    cost = np.where(np.isnan(tariff), length * np.nan_to_num(rate), tariff)
    lon = dict(zip(places["id"], places["lon"], strict=True))
    east = np.array([lon[h] > lon[t] for t, h in zip(e["tail"], e["head"], strict=True)],
                    dtype=bool)
    east_default = {m: (float(modes.at[m, "eastbound_cost_factor"])
                        if "eastbound_cost_factor" in modes.columns
                        and pd.notna(modes.at[m, "eastbound_cost_factor"]) else None)
                    for m in modes.index}
    factor = {(m, x): model.money_factor(m, x, east_default.get(m))
              for m in set(mode.tolist()) for x in (False, True)}
    money = np.array([factor[(m, bool(x))] for m, x in zip(mode, east, strict=True)])
    cost = cost * money
    co2f = _f(links["co2_kg_per_teu_km"])[r]
    co2f = np.where(np.isnan(co2f), by_mode("co2_kg_per_teu_km",
                                            dict(model.co2_kg_per_teu_km)), co2f)
    co2 = length * np.nan_to_num(co2f) * model.co2_factor
    # borders
    ca = e["tail"].map(country).to_numpy(dtype=object)
    cb = e["head"].map(country).to_numpy(dtype=object)
    border_h, border_cost, border_id = _border_arrays(network._table("borders"),
                                                      e["id"].to_numpy(), ca, cb, mode,
                                                      model.rail_border_dwell)
    border_h = border_h * model.border_dwell_scale
    border_cost = border_cost * model.money_factor("border")
    e = e.assign(length_km=length, time_h=travel + wait + border_h, cost_usd=cost + border_cost,
                 co2_kg=co2, kind="link", from_layer=e["layer"], to_layer=e["layer"],
                 capacity=_f(links["capacity_teu_year"])[r], travel_h=travel, wait_h=wait,
                 border_h=border_h, transfer_h=0.0, border_id=border_id, from_country=ca,
                 to_country=cb, status=links["status"].to_numpy()[r],
                 accepts=(links["accepts"] if "accepts" in links else
                          pd.Series([None] * len(links))).to_numpy()[r],
                 frontier=[customs_frontier(x, y) for x, y in zip(ca, cb, strict=True)])
    e["accepts"] = e["accepts"].map(lambda v: ";".join(sorted(parse_loads(v))))
    per_load = {}
    for load in LOADS:
        per_load[load] = tuple(
            _f(links[col])[r] if col in links else np.full(len(e), np.nan)
            for col in (_services.DPW_BY_LOAD + load, _services.USD_BY_LOAD + load,
                        _services.IRR_BY_LOAD + load))
    e = e.assign(_row=np.arange(len(e)))
    e = _expand(e, ["layer", "accepts", "frontier"],
                lambda layer, acc, fr: link_pairs(layer, parse_loads(acc), fr, road_legs))
    e = _price_by_load(e, per_load, boards, irregular, weather, money, border_cost)
    # terminal transfers
    terms = network._table("terminals")
    terms = terms[terms["status"].isin(usable)]
    t_one = terms["oneway"].map(lambda v: bool(v) if v is not None else False).to_numpy()
    tf = pd.DataFrame({"id": terms["id"].to_numpy(), "tail": terms["place_id"].to_numpy(),
                       "head": terms["place_id"].to_numpy(),
                       "from_layer": terms["from_layer"].to_numpy(),
                       "to_layer": terms["to_layer"].to_numpy(),
                       "length_km": 0.0, "time_h": _f(terms["transfer_h"]),
                       "cost_usd": _f(terms["transfer_usd_per_teu"])
                       * model.money_factor("transfer"),
                       "co2_kg": np.nan_to_num(_f(terms["co2_kg_per_teu"])) * model.co2_factor,
                       "capacity": _f(terms["capacity_teu_year"]), "kind": "transfer",
                       "mode": "transfer", "status": terms["status"].to_numpy()})
    here = tf["tail"].map(country).to_numpy(dtype=object)
    # a box that arrives from_layer -> to_layer waits for its onward departure (a train to be
    # formed or to leave); the other direction does not
    onward = (np.nan_to_num(_f(terms["onward_wait_h"])) if "onward_wait_h" in terms
              else np.zeros(len(terms)))
    tf = tf.assign(travel_h=0.0, wait_h=onward, border_h=0.0, transfer_h=tf["time_h"],
                   border_id=None, from_country=here, to_country=here)
    tf["time_h"] = tf["transfer_h"] + tf["wait_h"]
    tf["handles"] = (terms["handles"] if "handles" in terms else pd.Series(
        [None] * len(terms))).map(lambda v: ";".join(sorted(parse_loads(v)))).to_numpy()
    tr = tf[~t_one].rename(columns={"from_layer": "to_layer", "to_layer": "from_layer"})
    tr = tr.assign(wait_h=0.0, time_h=tr["transfer_h"])
    t = pd.concat([tf, tr], ignore_index=True)
    t = t.rename(columns={"from_layer": "data_from", "to_layer": "data_to"})
    t = _expand(t, ["data_from", "data_to", "handles"],
                lambda a, b, h: transfer_pairs(a, b, parse_loads(h), road_legs))
    cols = ["id", "kind", "mode", "tail", "head", "from_layer", "to_layer", *METRICS,
            "capacity", *DETAIL, "status"]
    return pd.concat([e[cols], t[cols]], ignore_index=True)


def _price_by_load(e: pd.DataFrame,
                   per_load: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]],
                   boards: np.ndarray, irregular: np.ndarray, weather: np.ndarray,
                   money: np.ndarray, border_cost: np.ndarray) -> pd.DataFrame:
    """Vessel legs priced for the load they carry: the departures and tariff of the services
    that take it (``services.csv``), where the link has them; else the link's own."""
    # "ferry:wagons", "ferry:trucks@haul" -> "wagons", "trucks"
    load = e["from_layer"].str.partition(":")[2].str.partition("@")[0].to_numpy(dtype=object)
    row = e["_row"].to_numpy()
    wait, cost = e["wait_h"].to_numpy(dtype=float).copy(), e["cost_usd"].to_numpy(
        dtype=float).copy()
    for name, (dpw, usd, irr) in per_load.items():
        sel = np.flatnonzero(load == name)
        if not len(sel):
            continue
        k = row[sel]
        d, u = dpw[k], usd[k]
        has = ~np.isnan(d) & (d > 0)
        head = HOURS_PER_WEEK / np.where(has, d, 1.0)
        when_full = np.where(np.isnan(irr[k]), irregular[k], irr[k] > 0.5)
        new_wait = np.where(boards[k], np.where(when_full, head, 0.5 * head), 0.0) + weather[k]
        wait[sel] = np.where(has, new_wait, wait[sel])
        cost[sel] = np.where(np.isnan(u), cost[sel], u * money[k] + border_cost[k])
    time = e["time_h"].to_numpy(dtype=float) + wait - e["wait_h"].to_numpy(dtype=float)
    return e.assign(wait_h=wait, time_h=time, cost_usd=cost).drop(columns="_row")


def _border_arrays(b: pd.DataFrame, ids: np.ndarray, ca: np.ndarray, cb: np.ndarray,
                   mode: np.ndarray, rail_dwell: str = "block_train"
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Dwell (h), fee (USD) and rule id per directed link (``ids`` from country ``ca`` to
    ``cb`` by ``mode``), by the rules ``b`` of ``borders.csv``; a rail row's dwell is its
    block-train dwell where it has one and ``rail_dwell`` asks."""
    dwell = np.zeros(len(ids))
    fee = np.zeros(len(ids))
    rule = np.full(len(ids), None, dtype=object)
    cross = ca != cb
    if not cross.any() or b.empty:
        return dwell, fee, rule
    by_link: dict[tuple[str, str, str], tuple[float, float, str]] = {}
    by_pair: dict[tuple[str, str, str], tuple[float, float, str]] = {}
    # first matching row wins, in file order, as in the reference graph
    for row in b.itertuples(index=False):
        val = (border_dwell_h(row._asdict(), rail_dwell), float(row.cost_usd_per_teu), row.id)
        keys = [(row.from_country, row.to_country)]
        if not row.oneway:
            keys.append((row.to_country, row.from_country))
        for x, y in keys:
            if row.link_id is not None:
                by_link.setdefault((row.link_id, x, y), val)
            else:
                by_pair.setdefault((x, y, row.mode), val)
    for i in np.flatnonzero(cross):
        hit = by_link.get((ids[i], ca[i], cb[i])) or by_pair.get((ca[i], cb[i], mode[i]))
        if hit is not None:
            dwell[i], fee[i], rule[i] = hit
    return dwell, fee, rule


def _dwell_columns(row: Any, rail_dwell: str) -> tuple[str, str]:
    """The mean and p90 columns of a ``borders.csv`` row that a route timed with
    ``rail_dwell`` takes: the block-train pair where asked and given, else ``dwell_h``'s."""
    block = row.get("block_train_dwell_h")
    if rail_dwell == "block_train" and block is not None and block == block:
        return "block_train_dwell_h", "block_train_dwell_p90_h"
    return "dwell_h", "dwell_p90_h"


def border_dwell_h(row: Any, rail_dwell: str = "block_train") -> float:
    """The mean dwell (h) of a ``borders.csv`` row: its ``block_train_dwell_h`` when
    ``rail_dwell`` is ``"block_train"`` and the row has one, else its ``dwell_h``."""
    return float(row[_dwell_columns(row, rail_dwell)[0]])


def border_dwell_p90_h(row: Any, rail_dwell: str = "block_train") -> float | None:
    """The 90th-percentile dwell (h) that goes with :func:`border_dwell_h`, or None."""
    p90 = row.get(_dwell_columns(row, rail_dwell)[1])
    return None if p90 is None or p90 != p90 else float(p90)


@dataclass
class CompiledNetwork:
    """The layered graph as arrays: CSR matrices per weight, node index, edge metrics.

    Build with :func:`compile_network`. Immutable in use: constraints make filtered copies
    of the weight arrays, never change these.
    """

    nodes: pd.DataFrame  # place, layer, country
    edges: pd.DataFrame  # tail/head node index, id, kind, mode, metrics (deduplicated)
    place_nodes: dict[str, np.ndarray]
    model: CostModel
    include_planned: bool

    def __post_init__(self) -> None:
        self._matrices: dict[Any, Any] = {}
        self._views: dict[Any, Any] = {}
        self._metrics = self.edges[list(METRICS)].to_numpy(dtype=float)
        self._struct: Any = None
        self._node_modes: np.ndarray | None = None

    @property
    def n_nodes(self) -> int:
        return len(self.nodes)

    @property
    def structure(self) -> Any:
        """The CSR layout and node-pair index of the edges (built once; see
        :class:`tcroute._search.Structure`)."""
        if self._struct is None:
            from ._search import Structure

            self._struct = Structure(self)
        return self._struct

    def node_modes(self) -> np.ndarray:
        """The mode of each node's layer (computed once, from the few distinct layers)."""
        if self._node_modes is None:
            codes, layers = pd.factorize(self.nodes["layer"])
            modes = np.array([key_mode(str(layer)) for layer in layers], dtype=object)
            self._node_modes = modes[codes] if len(codes) else np.zeros(0, dtype=object)
        return self._node_modes

    def weights(self, weight: str) -> np.ndarray:
        if weight == "generalized":
            return (self.edges["cost_usd"].to_numpy() + self.model.value_of_time_usd_per_teu_h
                    * self.edges["time_h"].to_numpy())
        if weight not in _WEIGHT_COLUMN:
            raise InvalidArgumentError(
                "weight", "the bulk engine takes 'time', 'cost', 'distance', 'co2' or "
                f"'generalized' (a callable needs shortest_route), got {weight!r}")
        return self.edges[_WEIGHT_COLUMN[weight]].to_numpy()

    def mask(self, *, avoid_countries: Iterable[str] = (), avoid_places: Iterable[str] = (),
             allowed_modes: Iterable[str] | None = None) -> np.ndarray:
        """Boolean per edge: usable under the constraints."""
        ok = np.ones(len(self.edges), dtype=bool)
        bad_nodes = np.zeros(self.n_nodes, dtype=bool)
        if avoid_countries:
            bad_nodes |= self.nodes["country"].isin(list(avoid_countries)).to_numpy()
        if avoid_places:
            bad_nodes |= self.nodes["place"].isin(list(avoid_places)).to_numpy()
        if allowed_modes is not None:
            bad_nodes |= ~np.isin(self.node_modes(), list(allowed_modes))
        tails = self.edges["tail"].to_numpy()
        heads = self.edges["head"].to_numpy()
        ok &= ~bad_nodes[tails] & ~bad_nodes[heads]
        return ok

    def matrix(self, weight: str, mask: np.ndarray | None = None) -> csr_matrix:
        """CSR matrix of the weight over every edge (parallel legs kept side by side);
        masked edges weigh infinity, so no search takes them."""
        w = self.weights(weight)
        if mask is not None:
            w = np.where(mask, w, np.inf)
        return self.structure.csr(w)

    def distances(self, matrix: csr_matrix, origin: str) -> tuple[np.ndarray, np.ndarray]:
        """Multi-source Dijkstra from every layer node of ``origin``: distances and
        predecessors over all nodes."""
        src = self.place_nodes.get(origin, np.zeros(0, dtype=int))
        if len(src) == 0:
            return np.full(self.n_nodes, np.inf), np.full(self.n_nodes, -9999)
        from scipy.sparse.csgraph import dijkstra  # imported where used (pulls scipy.linalg)

        dist, pred, _ = dijkstra(matrix, directed=True, indices=src, min_only=True,
                                 return_predecessors=True)
        return dist, pred

    def best_to(self, dist: np.ndarray, destination: str) -> tuple[float, int]:
        nodes = self.place_nodes.get(destination, np.zeros(0, dtype=int))
        if len(nodes) == 0:
            return np.inf, -1
        i = int(nodes[np.argmin(dist[nodes])])
        return float(dist[i]), i


def compile_network(network: Network, *, include_planned: bool = False,
                    cost_model: CostModel | None = None,
                    road_legs: str = "ends") -> CompiledNetwork:
    """Compile a network's layered graph into arrays (cached per network and options).

    Nodes are (place, chain state) pairs (:mod:`tcroute._chains`); ``road_legs`` as in
    :func:`tcroute.shortest_route`.

    Examples
    --------
    >>> import tcroute
    >>> from tcroute.engine import compile_network
    >>> c = compile_network(tcroute.load_network())
    >>> c.n_nodes > 500
    True
    """
    model = cost_model or CostModel()
    key = ("compiled", bool(include_planned), model._key(), model.value_of_time_usd_per_teu_h,
           check_road_legs(road_legs))
    cache = network._graphs
    if key in cache:
        return cache[key]  # type: ignore[return-value]
    # The edge table is built once, with the planned links and terminals; the network
    # without them is its subset on the same nodes, so that asking for both (a diagnosis
    # of a missing route does) never prices the network twice.
    full_key = ("compiled", True, *key[2:])
    full = cache.get(full_key)
    if full is None:
        e = _edge_table(network, True, model, road_legs)
        # nodes: the (place, layer) pairs in order of first appearance, tails then heads
        pc, pu = pd.factorize(np.concatenate([e["tail"].to_numpy(object),
                                              e["head"].to_numpy(object)]))
        lc, lu = pd.factorize(np.concatenate([e["from_layer"].to_numpy(object),
                                              e["to_layer"].to_numpy(object)]))
        codes, uniq = pd.factorize(pc.astype(np.int64) * max(len(lu), 1) + lc)
        places = network._table("places").set_index("id")["country"]
        nodes = pd.DataFrame({"place": np.asarray(pu, dtype=object)[uniq // max(len(lu), 1)],
                              "layer": np.asarray(lu, dtype=object)[uniq % max(len(lu), 1)]})
        nodes["country"] = nodes["place"].map(places)
        e = e.assign(tail=codes[:len(e)], head=codes[len(e):])
        place_nodes = {p: np.asarray(idx, dtype=int)
                       for p, idx in nodes.groupby("place").indices.items()}
        full = CompiledNetwork(nodes, e.reset_index(drop=True), place_nodes, model, True)
        cache[full_key] = full  # type: ignore[assignment]
    if include_planned:
        return full
    open_ = (full.edges["status"] == "open").to_numpy()
    compiled = full if open_.all() else CompiledNetwork(
        full.nodes, full.edges[open_].reset_index(drop=True), full.place_nodes, model, False)
    cache[key] = compiled  # type: ignore[assignment]
    return compiled


def _lightest_lookup(c: CompiledNetwork, weight: str, mask: np.ndarray | None
                     ) -> dict[tuple[int, int], int]:
    w = c.weights(weight)
    keep = np.ones(len(w), dtype=bool) if mask is None else mask
    idx = np.flatnonzero(keep)
    tails = c.edges["tail"].to_numpy()[idx]
    heads = c.edges["head"].to_numpy()[idx]
    order = np.lexsort((w[idx], heads, tails))
    out: dict[tuple[int, int], int] = {}
    for j in order[::-1]:  # later (heavier) first, so the lightest overwrites
        out[(int(tails[j]), int(heads[j]))] = int(idx[j])
    return out


def od_matrix(
    network: Network,
    origins: Sequence[str],
    destinations: Sequence[str],
    *,
    weight: str = "time",
    avoid_countries: Iterable[str] = (),
    avoid_places: Iterable[str] = (),
    modes: Iterable[str] | None = None,
    avoid_modes: Iterable[str] = (),
    include_planned: bool = False,
    cost_model: CostModel | None = None,
    totals: bool = True,
    road_legs: str = "ends",
) -> pd.DataFrame:
    """Best routes between every origin and every destination, in bulk.

    Parameters
    ----------
    origins, destinations : sequences of place ids, names or aliases
    weight : {"time", "cost", "distance", "co2", "generalized"}
    totals : bool, default True
        Also sum each route's length, time, money and CO2 (else only the weight).
    Other parameters as in :func:`tcroute.shortest_route`.

    Returns
    -------
    DataFrame
        One row per pair: origin, destination, status (``ok`` or ``no route``), weight, and
        with ``totals`` distance_km, time_h, cost_usd, co2_kg. A pair without a route is a
        row with status ``no route``, not an error.

    Examples
    --------
    >>> import tcroute
    >>> net = tcroute.load_network()
    >>> m = tcroute.od_matrix(net, ["Xi'an", "Almaty"], ["Duisburg", "Istanbul"])
    >>> len(m), set(m["status"])
    (4, {'ok'})
    """
    o_ids = [network.resolve(o) for o in A.str_list(origins, "origins")]
    d_ids = [network.resolve(d) for d in A.str_list(destinations, "destinations")]
    if isinstance(weight, str) and weight not in _BULK_WEIGHTS:
        raise InvalidArgumentError("weight", f"expected one of {', '.join(_BULK_WEIGHTS)} (a "
                                   f"callable weight needs shortest_route), got {weight!r}")
    if not isinstance(weight, str):
        raise ArgumentTypeError(f"weight: od_matrix takes a weight by name "
                                f"({', '.join(_BULK_WEIGHTS)}); a CostModel goes in cost_model "
                                f"and a callable needs shortest_route, got {weight!r}")
    avoid_c = A.countries(avoid_countries, "avoid_countries")
    chosen = A.modes(modes, "modes") if modes is not None else list(S.MODES)
    avoided = set(A.modes(avoid_modes, "avoid_modes"))
    allowed = [m for m in chosen if m not in avoided]
    avoid_p = [network.resolve(p) for p in A.str_list(avoid_places, "avoid_places")]
    A.flag(include_planned, "include_planned")
    A.flag(totals, "totals")
    c = compile_network(network, include_planned=include_planned,
                        cost_model=A.cost_model(cost_model), road_legs=road_legs)
    view = _view(c, weight, avoid_c, avoid_p, allowed)
    empty = np.zeros(0, dtype=np.int64)
    d_nodes = [c.place_nodes.get(d, empty) for d in d_ids]
    n_o, n_d = len(o_ids), len(d_ids)
    value = np.full((n_o, n_d), np.nan)
    tot = np.full((n_o, n_d, len(METRICS)), np.nan)
    status = np.full((n_o, n_d), "no route", dtype=object)
    for i, o in enumerate(o_ids):
        dist, pred = search(view, c.place_nodes.get(o, empty))
        ends = np.full(n_d, -1, dtype=np.int64)
        for j, (d, nodes) in enumerate(zip(d_ids, d_nodes, strict=True)):
            if d == o:
                status[i, j] = "same place"
            elif len(nodes):
                k = int(nodes[np.argmin(dist[nodes])])
                if np.isfinite(dist[k]):
                    ends[j], value[i, j], status[i, j] = k, dist[k], "ok"
        if totals and (ends >= 0).any():
            ok = ends >= 0
            tot[i, ok] = tree_totals(view, pred, ends[ok], c._metrics)
    out = pd.DataFrame({"origin": np.repeat(o_ids, n_d), "destination": np.tile(d_ids, n_o),
                        "status": status.ravel(), "weight": value.ravel()})
    if totals:
        flat = tot.reshape(-1, len(METRICS))
        for k, name in enumerate(("distance_km", *METRICS[1:])):
            out[name] = flat[:, k]
    return out


def _view(c: CompiledNetwork, weight: str, avoid_countries: Sequence[str],
          avoid_places: Sequence[str], allowed_modes: Sequence[str]) -> View:
    """The compiled network weighted by ``weight`` under the constraints (cached per
    compiled network; shared with single-route queries of the same constraints)."""
    key = ("view", weight, tuple(sorted(avoid_countries)), tuple(sorted(avoid_places)),
           tuple(sorted(allowed_modes)))
    view = c._views.get(key)
    if view is None:
        mask = c.mask(avoid_countries=list(avoid_countries), avoid_places=list(avoid_places),
                      allowed_modes=list(allowed_modes))
        view = View(c, np.where(mask, np.asarray(c.weights(weight), dtype=float), np.inf))
        c._views[key] = view
    return view  # type: ignore[no-any-return]


def bulk_criticality(
    network: Network,
    pairs: Sequence[tuple[str, str, float]],
    groups: Sequence[tuple[str, Sequence[str]]],
    *,
    weight: str = "time",
    avoid_countries: Iterable[str] = (),
    avoid_places: Iterable[str] = (),
    modes: Iterable[str] | None = None,
    include_planned: bool = False,
    cost_model: CostModel | None = None,
    executor: Executor | None = None,
) -> pd.DataFrame:
    """For each group of links closed together: the demand-weighted increase in time and
    money of the pairs' best routes (by ``weight``), pairs affected and TEU cut off.

    ``executor`` (any ``concurrent.futures.Executor``, e.g. a process pool) spreads the
    groups over workers; the results do not depend on which executor runs them.
    """
    from ._args import executor as _check_executor

    _check_executor(executor)
    c = compile_network(network, include_planned=include_planned, cost_model=cost_model)
    base_mask = c.mask(avoid_countries=list(avoid_countries),
                       avoid_places=list(avoid_places),
                       allowed_modes=list(modes) if modes is not None else None)
    job = _CriticalityJob(c, list(pairs), weight, base_mask)
    groups = list(groups)
    if executor is None:
        parts = [job(groups)]
    else:  # the job (with the compiled network) goes to each worker once
        n = 16
        parts = map_shared(executor, call, job, [groups[i::n] for i in range(n)])
    df = pd.concat(parts, ignore_index=True)
    order = {g[0]: i for i, g in enumerate(groups)}
    return df.sort_values("element", key=lambda s: s.map(order)).reset_index(drop=True)


class _CriticalityJob:
    """Picklable work unit for :func:`bulk_criticality`.

    A closure is a weight mask: the closed links' edges weigh infinity in a copy of the base
    view (nothing is rebuilt), and only the pairs whose best route uses a closed link are
    searched again, once per origin, each search stopping at its destinations.
    """

    def __init__(self, c: CompiledNetwork, pairs: list[tuple[str, str, float]], weight: str,
                 base_mask: np.ndarray) -> None:
        self.c, self.pairs, self.weight, self.base_mask = c, pairs, weight, base_mask
        self.view = View(c, np.where(base_mask, np.asarray(c.weights(weight), dtype=float),
                                     np.inf))
        self.ids = c.edges["id"].to_numpy()
        self.edges_of = pd.Series(np.arange(len(self.ids))).groupby(self.ids).indices
        self.base = self._solve(self.view, pairs)

    def _solve(self, view: View, pairs: list[tuple[str, str, float]]
               ) -> dict[tuple[str, str], Any]:
        """Best value, metric totals and ids used, per pair (no shared state: thread-safe)."""
        c = self.c
        out: dict[tuple[str, str], Any] = {}
        by_origin: dict[str, list[str]] = {}
        for o, d, _w in pairs:
            by_origin.setdefault(o, []).append(d)
        empty = np.zeros(0, dtype=np.int64)
        for o, ds in by_origin.items():
            targets = np.concatenate([c.place_nodes.get(d, empty) for d in ds])
            dist, pred = search(view, c.place_nodes.get(o, empty), targets=targets)
            for d in ds:
                value, end = c.best_to(dist, d)
                if not np.isfinite(value):
                    out[(o, d)] = (np.inf, np.zeros(len(METRICS)), set())
                    continue
                legs = path_legs(view, walk(pred, end))
                out[(o, d)] = (value, c._metrics[legs].sum(axis=0), set(self.ids[legs]))
        return out

    def __call__(self, groups: list[tuple[str, Sequence[str]]]) -> pd.DataFrame:
        rows = []
        t_col, c_col = METRICS.index("time_h"), METRICS.index("cost_usd")
        for name, ids in groups:
            closed = set(ids)
            affected = [(o, d, w) for o, d, w in self.pairs
                        if np.isfinite(self.base[(o, d)][0]) and self.base[(o, d)][2] & closed]
            d_time = d_cost = teu_cut = 0.0
            cut = 0
            served = sum(w for o, d, w in self.pairs if np.isfinite(self.base[(o, d)][0]))
            if affected:
                shut = [self.edges_of[i] for i in closed if i in self.edges_of]
                view = self.view.closing(np.concatenate(shut)) if shut else self.view
                after = self._solve(view, affected)
                for o, d, w in affected:
                    v, tot, _ = after[(o, d)]
                    if not np.isfinite(v):
                        cut += 1
                        teu_cut += w
                        served -= w
                        continue
                    base_tot = self.base[(o, d)][1]
                    d_time += w * (tot[t_col] - base_tot[t_col])
                    d_cost += w * (tot[c_col] - base_tot[c_col])
            rows.append({"element": name, "pairs_affected": len(affected), "pairs_cut_off": cut,
                         "teu_cut_off": teu_cut, "delta_time_h": d_time,
                         "delta_cost_usd": d_cost,
                         "mean_delta_h": d_time / served if served else float("nan")})
        return pd.DataFrame(rows, columns=["element", "pairs_affected", "pairs_cut_off",
                                           "teu_cut_off", "delta_time_h", "delta_cost_usd",
                                           "mean_delta_h"])
