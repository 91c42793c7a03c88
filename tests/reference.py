"""Independent reference computations for the tests.

:class:`ReferenceGraph` builds the layered graph row by row in plain Python and prices each
leg with its own :func:`leg_metrics`, written independently of the engine's vectorised edge
table (``tcroute.engine._edge_table``), so that tests can cross-check the one pricing the
library uses against a second computation.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import networkx as nx
import pandas as pd

from tcroute import CostModel
from tcroute import _schema as S
from tcroute._chains import customs_frontier, link_pairs, parse_loads, transfer_pairs
from tcroute.graph import RoutingGraph

Node = tuple[str, str]
HOURS_PER_WEEK = 168.0


def _num(value: Any) -> float | None:
    if value is None:
        return None
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return None if f != f else f  # NaN -> None


class ReferenceGraph(RoutingGraph):
    """The layered graph built row by row in plain Python, with its own leg pricing
    (:func:`leg_metrics`): an independent reference for the engine's edge table.

    Parameters
    ----------
    network : Network
    include_planned : bool
        Include links and terminals whose status is ``planned``.
    """

    def __init__(self, network: Any, *, include_planned: bool = False) -> None:
        self.include_planned = include_planned
        self._index_places(network)
        modes = network._table("modes").set_index("mode")
        self.mode_defaults: dict[str, dict[str, float | None]] = {
            m: {
                "speed_kmh": _num(modes.at[m, "speed_kmh"]),
                "cost_usd_per_teu_km": _num(modes.at[m, "cost_usd_per_teu_km"]),
                "co2_kg_per_teu_km": _num(modes.at[m, "co2_kg_per_teu_km"]),
                "departures_per_week": _num(modes.at[m, "departures_per_week"]),
                "eastbound_cost_factor": _num(modes.at[m, "eastbound_cost_factor"])
                if "eastbound_cost_factor" in modes.columns else None,
            }
            for m in modes.index
        }
        self._borders = network._table("borders")
        self.g = nx.DiGraph()
        self.layers_at: dict[str, set[str]] = {}
        usable = {"open", "planned"} if include_planned else {"open"}
        self._by_load = _per_load(network, include_planned)
        self._add_links(network._table("links"), usable)
        self._add_terminals(network._table("terminals"), usable)
        self._metrics_cache: dict[Any, dict[int, dict[str, Any]]] = {}

    # ----------------------------------------------------------------- build
    def _border_rule(self, link_id: str, ca: str, cb: str, mode: str) -> dict[str, float] | None:
        b = self._borders
        if b.empty:
            return None
        for rows in (b[b["link_id"] == link_id], b[b["link_id"].isna() & (b["mode"] == mode)]):
            for _, r in rows.iterrows():
                fwd = r["from_country"] == ca and r["to_country"] == cb
                rev = r["from_country"] == cb and r["to_country"] == ca and not r["oneway"]
                if fwd or rev:
                    p90 = _num(r["dwell_p90_h"])
                    block = _num(r.get("block_train_dwell_h"))
                    return {"border_id": r["id"], "dwell_h": float(r["dwell_h"]),
                            "dwell_p90_h": p90 if p90 is not None else float(r["dwell_h"]),
                            "block_train_dwell_h": block,
                            "cost_usd_per_teu": float(r["cost_usd_per_teu"])}
        return None

    def _add_leg(self, u: Node, v: Node, leg: dict[str, Any]) -> None:
        leg["_uid"] = id(leg)
        super()._add_leg(u, v, leg)

    def _add_links(self, links: pd.DataFrame, usable: set[str]) -> None:
        for row in links.itertuples(index=False):
            if row.status not in usable:
                continue
            layer = S.layer_of(row.mode, row.gauge_mm)
            accepts = parse_loads(getattr(row, "accepts", None))
            ends = [(row.from_id, row.to_id)]
            if not row.oneway:
                ends.append((row.to_id, row.from_id))
            for a, b in ends:
                ca, cb = self.place_country[a], self.place_country[b]
                border = self._border_rule(row.id, ca, cb, row.mode) if ca != cb else None
                dpw = _num(row.departures_per_week)
                leg = {
                    "kind": "link", "id": row.id, "mode": row.mode, "layer": layer,
                    "from_layer": layer, "to_layer": layer, "from_id": a, "to_id": b,
                    "from_country": ca, "to_country": cb, "status": row.status,
                    "length_km": float(row.length_km), "speed_kmh": _num(row.speed_kmh),
                    "time_h": _num(row.time_h), "cost_usd_per_teu": _num(row.cost_usd_per_teu),
                    "cost_usd_per_teu_km": _num(row.cost_usd_per_teu_km),
                    "co2_kg_per_teu_km": _num(row.co2_kg_per_teu_km),
                    "departures_per_week": dpw,
                    "irregular": bool(row.irregular_sailings) if row.irregular_sailings
                    is not None else False,
                    "closure_days_per_year": _num(row.closure_days_per_year) or 0.0,
                    "closure_episode_days": _num(row.closure_episode_days),
                    "capacity_teu_year": _num(row.capacity_teu_year),
                    "boards": row.mode in S.WATER_MODES and self.place_kind[a] != "waypoint",
                    "eastbound": self.coords[b][0] > self.coords[a][0],
                    "border": border,
                }
                # one edge per chain state the link joins (tcroute._chains); on a vessel, a
                # load waits for and pays the services that take it (services.csv)
                for ka, kb in link_pairs(layer, accepts, customs_frontier(ca, cb)):
                    load = ka.partition(":")[2].partition("@")[0]
                    own = self._by_load.get((row.id, load))
                    if own is None:
                        self._add_leg((a, ka), (b, kb), leg)
                        continue
                    dpw_l, usd_l, irr_l = own
                    variant = dict(leg)
                    if dpw_l:
                        variant["departures_per_week"] = dpw_l
                        variant["irregular"] = irr_l
                    if usd_l is not None:
                        variant["cost_usd_per_teu"] = usd_l
                    self._add_leg((a, ka), (b, kb), variant)

    def _add_terminals(self, terminals: pd.DataFrame, usable: set[str]) -> None:
        for row in terminals.itertuples(index=False):
            if row.status not in usable:
                continue
            pairs = [(row.from_layer, row.to_layer)]
            if not row.oneway:
                pairs.append((row.to_layer, row.from_layer))
            handles = parse_loads(getattr(row, "handles", None))
            for k, (la, lb) in enumerate(pairs):
                p90 = _num(row.transfer_p90_h)
                # the onward wait is the data direction's only (from_layer -> to_layer)
                onward = (_num(getattr(row, "onward_wait_h", None)) or 0.0) if k == 0 else 0.0
                leg = {
                    "kind": "transfer", "id": row.id, "mode": "transfer", "layer": None,
                    "from_layer": la, "to_layer": lb, "from_id": row.place_id,
                    "to_id": row.place_id, "status": row.status,
                    "from_country": self.place_country[row.place_id],
                    "to_country": self.place_country[row.place_id],
                    "transfer_h": float(row.transfer_h),
                    "transfer_p90_h": p90 if p90 is not None else float(row.transfer_h),
                    "transfer_usd_per_teu": float(row.transfer_usd_per_teu),
                    "onward_wait_h": onward,
                    "co2_kg_per_teu": _num(row.co2_kg_per_teu) or 0.0,
                    "capacity_teu_year": _num(row.capacity_teu_year),
                }
                for ka, kb in transfer_pairs(la, lb, handles):
                    self._add_leg((row.place_id, ka), (row.place_id, kb), leg)

    # ----------------------------------------------------------------- metrics
    def metrics(self, leg: Mapping[str, Any], model: CostModel) -> dict[str, Any]:
        """Metrics of one leg under a cost model (cached)."""
        cache = self._metrics_cache.setdefault(model._key(), {})
        uid = leg["_uid"]
        hit = cache.get(uid)
        if hit is None:
            hit = leg_metrics(leg, self.mode_defaults, model)
            cache[uid] = hit
        return hit


def _per_load(network: Any, include_planned: bool
              ) -> dict[tuple[str, str], tuple[Any, Any, bool]]:
    """(link id, load) -> (departures a week, USD per TEU, leave when full) of the services
    that take the load, computed here from services.csv alone (the docs' rule), unless a
    scenario pinned the link's own frequency or price."""
    links = network._table("links").set_index("id")
    svc = network._table("services")
    per_wagon = per_truck = 2.0
    out: dict[tuple[str, str], tuple[Any, Any]] = {}
    status = links["status"]
    for lid, grp in svc.groupby("link_id"):
        usable = (grp["status"] == "open") | ((grp["status"] == "planned")
                                              & (status.get(lid) == "planned"))
        grp = grp[usable]
        for load in ("containers", "wagons", "trucks"):
            dep, price, full = [], [], []
            for s in grp.itertuples():
                items = {x.strip() for x in str(s.accepts).split(";")}
                if load not in items:
                    continue
                if s.mean_interval_days == s.mean_interval_days and s.mean_interval_days:
                    d = 7 / s.mean_interval_days
                elif s.vessels == s.vessels and s.round_trip_days == s.round_trip_days:
                    d = s.vessels * 7 / s.round_trip_days
                else:
                    d = 0.0
                first = {"containers": [(s.tariff_usd_per_teu, 1), (s.tariff_usd_per_feu, 2)],
                         "wagons": [(s.tariff_usd_per_wagon, per_wagon)],
                         "trucks": [(s.tariff_usd_per_truck, per_truck)]}[load]
                order = [*first, (s.tariff_usd_per_teu, 1), (s.tariff_usd_per_feu, 2),
                         (s.tariff_usd_per_wagon, per_wagon), (s.tariff_usd_per_truck, per_truck)]
                p = next((v / k for v, k in order if v == v and v is not None), None)
                dep.append(d)
                price.append(p)
                full.append(d if s.schedule == "when_full" else 0.0)
            if not dep:
                continue
            pairs = [(d, p) for d, p in zip(dep, price, strict=True) if p is not None]
            w = sum(d for d, _ in pairs)
            usd = (sum(d * p for d, p in pairs) / w if w > 0 else
                   (sum(p for _, p in pairs) / len(pairs) if pairs else None))
            pinned = links.loc[lid]
            if pinned.get("_pin_departures_per_week") == pinned.get("_pin_departures_per_week") \
                    and pinned.get("_pin_departures_per_week") is not None:
                dep = [float(pinned["_pin_departures_per_week"])]
            if pinned.get("_pin_cost_usd_per_teu") == pinned.get("_pin_cost_usd_per_teu") \
                    and pinned.get("_pin_cost_usd_per_teu") is not None:
                usd = float(pinned["_pin_cost_usd_per_teu"])
            irr = sum(full) > 0.5 * sum(dep)
            if pinned.get("_pin_irregular_sailings") is not None and \
                    pinned.get("_pin_irregular_sailings") == pinned.get("_pin_irregular_sailings"):
                irr = bool(pinned["_pin_irregular_sailings"])
            out[(lid, load)] = (sum(dep) or None, None if usd is None else round(usd, 2), irr)
    return out


def expected_closure_h(leg: Mapping[str, Any]) -> float:
    """Expected delay from weather closures of a link, hours: the share of the year it is
    closed times the mean remaining closure (exponential episodes: the episode mean)."""
    days = leg.get("closure_days_per_year") or 0.0
    episode = leg.get("closure_episode_days")
    if not days or not episode:
        return 0.0
    return (days / 365.0) * episode * 24.0


def leg_metrics(
    leg: Mapping[str, Any], mode_defaults: Mapping[str, Mapping[str, float | None]],
    model: CostModel,
) -> dict[str, Any]:
    """Length, time components, money and CO2 of one leg.

    * running time = ``time_h`` if given, else ``length_km / speed`` (link speed, else the
      cost model's mode speed, else the mode default);
    * waiting = half the headway, ``0.5 × 168 / departures_per_week`` hours, charged when a
      ferry or sea leg leaves a port (a vessel passing a sea waypoint does not wait again);
      the whole headway for ``irregular_sailings`` (ships that leave when full); plus the
      expected weather-closure delay ``closure_days_per_year / 365 × closure_episode_days``;
    * border dwell and fees from the border rule of a link joining two countries (the
      block-train dwell where the rule has one and the model asks for it);
    * transfer time and fee from the terminal row;
    * money = the link tariff ``cost_usd_per_teu`` if given, else ``length × rate``; CO2 =
      ``length × factor`` (+ the terminal's CO2 per TEU).
    """
    out: dict[str, Any] = {
        "kind": leg["kind"], "id": leg["id"], "mode": leg["mode"],
        "from_id": leg["from_id"], "to_id": leg["to_id"],
        "from_layer": leg["from_layer"], "to_layer": leg["to_layer"],
        "from_country": leg["from_country"], "to_country": leg["to_country"],
        "length_km": 0.0, "travel_h": 0.0, "border_h": 0.0, "wait_h": 0.0, "transfer_h": 0.0,
        "cost_usd": 0.0, "co2_kg": 0.0, "border_id": None,
        "capacity_teu_year": leg.get("capacity_teu_year"),
    }
    if leg["kind"] == "transfer":
        out["transfer_h"] = leg["transfer_h"]
        out["wait_h"] = leg.get("onward_wait_h", 0.0)
        out["cost_usd"] = leg["transfer_usd_per_teu"] * model.money_factor("transfer")
        out["co2_kg"] = leg["co2_kg_per_teu"] * model.co2_factor
    else:
        mode = leg["mode"]
        d = mode_defaults.get(mode, {})
        length = leg["length_km"]
        out["length_km"] = length
        if leg["time_h"] is not None:
            out["travel_h"] = leg["time_h"]
        else:
            speed = leg["speed_kmh"] or model.speed_kmh.get(mode) or d.get("speed_kmh")
            out["travel_h"] = length / speed if speed else 0.0
        if leg["boards"]:
            dpw = leg["departures_per_week"] or d.get("departures_per_week")
            headway = HOURS_PER_WEEK / dpw if dpw else 0.0
            # a scheduled service: half the headway; sailings that leave when full (Poisson
            # departures): the whole mean headway
            out["wait_h"] = headway if leg["irregular"] else 0.5 * headway
        out["wait_h"] += expected_closure_h(leg)
        if leg["cost_usd_per_teu"] is not None:
            money = leg["cost_usd_per_teu"]
        else:
            rate = leg["cost_usd_per_teu_km"]
            if rate is None:
                rate = model.cost_usd_per_teu_km.get(mode, d.get("cost_usd_per_teu_km") or 0.0)
            money = length * rate
        money *= model.money_factor(mode, bool(leg.get("eastbound")),
                                    d.get("eastbound_cost_factor"))
        co2 = leg["co2_kg_per_teu_km"]
        if co2 is None:
            co2 = model.co2_kg_per_teu_km.get(mode, d.get("co2_kg_per_teu_km") or 0.0)
        out["co2_kg"] = length * co2 * model.co2_factor
        border = leg["border"]
        if border is not None:
            # a container block train's dwell where the row has one, unless the model asks
            # for the all-traffic mean
            block = border["block_train_dwell_h"]
            dwell = (block if block is not None and model.rail_border_dwell == "block_train"
                     else border["dwell_h"])
            out["border_h"] = dwell * model.border_dwell_scale
            out["border_id"] = border["border_id"]
            money += border["cost_usd_per_teu"] * model.money_factor("border")
        out["cost_usd"] = money
    out["time_h"] = out["travel_h"] + out["border_h"] + out["wait_h"] + out["transfer_h"]
    return out


_CACHE: dict[Any, ReferenceGraph] = {}


def reference_graph(net, include_planned: bool = False) -> ReferenceGraph:
    """The reference graph of a network (cached per network object)."""
    key = (id(net), bool(include_planned))
    hit = _CACHE.get(key)
    if hit is None or hit._net is not net:
        hit = ReferenceGraph(net, include_planned=include_planned)
        hit._net = net
        _CACHE[key] = hit
    return hit


def nx_reference(net, origin, destination, weight="time", **constraints):
    """Independent optimum: networkx Dijkstra on the layered graph with a super source/sink."""
    rg = reference_graph(net)
    model = CostModel()
    view = rg.view(**constraints)
    g = nx.DiGraph()
    for u, v, data in view.edges(data=True):
        ws = [rg.metrics(leg, model)[weight if weight != "time" else "time_h"]
              for leg in data["legs"]]
        g.add_edge(u, v, w=min(ws))
    for n in rg.nodes_at(origin):
        if n in view:
            g.add_edge("SRC", n, w=0.0)
    for n in rg.nodes_at(destination):
        if n in view:
            g.add_edge(n, "DST", w=0.0)
    try:
        return nx.dijkstra_path_length(g, "SRC", "DST", weight="w")
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return math.inf
