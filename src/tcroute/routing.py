"""Shortest and alternative routes by time, money, distance, CO2 or generalised cost."""

from __future__ import annotations

import dataclasses
import itertools
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd
from shapely.geometry import LineString, mapping

from . import _args as A
from . import _schema as S
from ._chains import RoadLegs, check_road_legs
from ._search import EARLY_STOP_NODES, View, legs_frame, reachable, search
from .costs import CostModel, Weight
from .engine import METRICS, CompiledNetwork, compile_network
from .errors import ArgumentTypeError, InvalidArgumentError, NoRouteError
from .graph import RoutingGraph, weight_function

if TYPE_CHECKING:
    from .network import Network

__all__ = ["Route", "alternative_routes", "shortest_route"]

_TOTALS = ("length_km", "time_h", "cost_usd", "co2_kg")


class Route:
    """One route: its legs and totals.

    Attributes
    ----------
    origin, destination : str
        Place ids.
    weight : str
        What the route minimises (``time``, ``cost``, ``distance``, ``co2``, ``generalized``
        or ``custom``).
    constraints : dict
        The constraints it was found under.
    unit : {"TEU", "FEU"}
        What ``cost_usd`` and ``co2_kg`` are counted per (``unit=`` of the search).
    rail_border_dwell : {"block_train", "all_traffic"}
        Which rail border dwell the route was timed with (``CostModel.rail_border_dwell``).

    Notes
    -----
    ``legs`` has one row per link or transfer, in travel order, with ``length_km``,
    ``travel_h`` (running/sailing), ``border_h`` (border dwell on a link that joins two
    countries), ``wait_h`` (waiting for a ferry or ship), ``transfer_h`` (terminal handling),
    ``time_h`` (their sum), ``cost_usd`` and ``co2_kg`` per TEU. Every total of the route is
    the sum of its legs.
    """

    def __init__(self, legs: pd.DataFrame | None, *, origin: str, destination: str,
                 weight: str, constraints: Mapping[str, Any],
                 coords: Mapping[str, tuple[float, float]], names: Mapping[str, str],
                 kinds: Mapping[str, str] | None = None,
                 _edges: tuple[CompiledNetwork, np.ndarray] | None = None,
                 unit: str = "TEU", rail_border_dwell: str = "block_train") -> None:
        # ``_edges``: the compiled network and the route's edge indices in it; the legs
        # table is then built when first asked for. The mappings are shared, not copied.
        self._legs_df = None if legs is None else legs.reset_index(drop=True)
        self._edges = _edges
        self.unit = unit
        self.rail_border_dwell = rail_border_dwell
        self._kinds = kinds if kinds is not None else {}
        self.origin = origin
        self.destination = destination
        self.weight = weight
        self.constraints = dict(constraints)
        self._coords = coords
        self._names = names

    def __getstate__(self) -> dict[str, Any]:
        # a pickled route (sent from a worker, saved to disk) carries its legs table, not
        # the compiled network it was found on
        state = dict(self.__dict__)
        if state.get("_edges") is not None:
            state["_legs_df"] = self._legs
            state["_edges"] = None
        return state

    @property
    def _legs(self) -> pd.DataFrame:
        if self._legs_df is None:
            assert self._edges is not None
            self._legs_df = legs_frame(*self._edges, self._names)
        return self._legs_df

    def _total(self, metric: str) -> float:
        if self._legs_df is None and self._edges is not None:
            c, edges = self._edges
            return float(c._metrics[edges, METRICS.index(metric)].sum())
        return float(self._legs[metric].sum())

    # ------------------------------------------------------------ tables
    @property
    def legs(self) -> pd.DataFrame:
        """One row per link or transfer (a copy)."""
        return self._legs.copy()

    def to_frame(self) -> pd.DataFrame:
        """The legs as a DataFrame (same as :attr:`legs`)."""
        return self.legs

    @property
    def places(self) -> list[str]:
        """Place ids in travel order (a place appears once per visit)."""
        out = [self.origin]
        for to_id in self._legs["to_id"]:
            if to_id != out[-1]:
                out.append(to_id)
        return out

    @property
    def place_names(self) -> list[str]:
        """Place names in travel order."""
        return [self._names[p] for p in self.places]

    @property
    def distance_km(self) -> float:
        """Total length, km."""
        return self._total("length_km")

    @property
    def time_h(self) -> float:
        """Total door-to-door time, hours (running + border + waiting + transfers)."""
        return self._total("time_h")

    @property
    def days(self) -> float:
        """Total time in days."""
        return self.time_h / 24.0

    @property
    def cost_usd(self) -> float:
        """Total money cost per TEU (or per FEU, see :attr:`unit`), USD."""
        return self._total("cost_usd")

    @property
    def co2_kg(self) -> float:
        """Total emissions per TEU, kg CO2e."""
        return self._total("co2_kg")

    def _at_sea(self, place: str) -> bool:
        return self._kinds.get(place) == "waypoint"

    @property
    def countries(self) -> list[str]:
        """ISO codes of the countries passed on land or called at in port, in order of travel.

        Countries whose waters a ship only passes (a sea waypoint such as Singapore Strait,
        Bab-el-Mandeb or the Bosporus) are not listed; see :attr:`passages`.
        """
        out: list[str] = []
        for place, cc in itertools.chain.from_iterable(
            zip(zip(self._legs["from_id"], self._legs["from_country"], strict=True),
                zip(self._legs["to_id"], self._legs["to_country"], strict=True), strict=True)
        ):
            if self._at_sea(place):
                continue
            if not out or out[-1] != cc:
                out.append(cc)
        return out

    @property
    def passages(self) -> list[str]:
        """Names of the sea passages (straits, canals, capes) the route sails through, in
        order of travel."""
        return [self._names[p] for p in self.places if self._at_sea(p)]

    @property
    def border_crossings(self) -> pd.DataFrame:
        """Where the route crosses a frontier: where, between which countries, dwell and fees.

        A rail or road link joining two countries is a crossing, and so is a ferry that
        lands a box in another country's port (it clears customs there). A deep-sea leg is
        not: ships pass other countries' waters, and a box is cleared where it is
        discharged (port handling); the straits and canals passed are :attr:`passages`.
        """
        legs = self._legs
        at_sea = legs["from_id"].map(self._at_sea) | legs["to_id"].map(self._at_sea)
        water = legs["mode"] == "sea"
        ferry_at_sea = (legs["mode"] == "ferry") & at_sea
        cross = legs[(legs["kind"] == "link") & (legs["from_country"] != legs["to_country"])
                     & ~water & ~ferry_at_sea]
        return cross[["id", "from_id", "to_id", "from_name", "to_name", "mode", "from_country",
                      "to_country", "border_h", "border_id"]].reset_index(drop=True)

    @property
    def transfers(self) -> pd.DataFrame:
        """Terminal transfers on the route (gauge changes, port handling, truck↔rail)."""
        legs = self._legs
        return legs[legs["kind"] == "transfer"][
            ["id", "from_id", "from_name", "from_layer", "to_layer", "transfer_h", "cost_usd"]
        ].rename(columns={"from_id": "place_id", "from_name": "place_name"}).reset_index(
            drop=True)

    @property
    def gauge_changes(self) -> pd.DataFrame:
        """Transfers between two rail gauges."""
        t = self.transfers
        rail = t["from_layer"].str.startswith("rail_") & t["to_layer"].str.startswith("rail_")
        return t[rail].reset_index(drop=True)

    # ------------------------------------------------------------ geometry
    @property
    def geometry(self) -> LineString:
        """The route as a shapely LineString through its places (lon, lat)."""
        pts = [self._coords[p] for p in self.places]
        if len(pts) == 1:
            pts = pts * 2
        return LineString(pts)

    def to_geojson(self) -> dict[str, Any]:
        """A GeoJSON FeatureCollection: one LineString feature per link leg (WGS84), with all
        leg attributes, and the route totals in the collection's ``properties``."""
        feats = []
        for leg in self._legs.to_dict("records"):
            if leg["kind"] != "link":
                continue
            geom = LineString([self._coords[leg["from_id"]], self._coords[leg["to_id"]]])
            props = {k: (None if isinstance(v, float) and v != v else v) for k, v in leg.items()}
            feats.append({"type": "Feature", "geometry": mapping(geom), "properties": props})
        return {
            "type": "FeatureCollection",
            "features": json.loads(json.dumps(feats, default=_json_default)),
            "properties": self._totals_dict(),
        }

    def _totals_dict(self) -> dict[str, Any]:
        return {
            "origin": self.origin, "destination": self.destination, "weight": self.weight,
            "distance_km": round(self.distance_km, 1), "time_h": round(self.time_h, 1),
            "days": round(self.days, 2), "cost_usd": round(self.cost_usd, 0), "unit": self.unit,
            "rail_border_dwell": getattr(self, "rail_border_dwell", "block_train"),
            "co2_kg": round(self.co2_kg, 1), "countries": self.countries,
            "passages": self.passages, "border_crossings": len(self.border_crossings),
            "gauge_changes": len(self.gauge_changes), "transfers": len(self.transfers),
        }

    # ------------------------------------------------------------ text
    def summary(self) -> str:
        """A readable multi-line description of the route."""
        o, d = self._names[self.origin], self._names[self.destination]
        lines = [
            f"{o} -> {d} (best by {self.weight}): {self.distance_km:,.0f} km, "
            f"{self.days:.1f} days, USD {self.cost_usd:,.0f}/{self.unit}, "
            f"{self.co2_kg:,.0f} kg CO2e/{self.unit}",
            "countries: " + " > ".join(self.countries),
        ]
        if self.passages:
            lines.append("sea passages: " + " > ".join(self.passages))
        t = self._legs[["travel_h", "border_h", "wait_h", "transfer_h"]].sum()
        lines.append(
            f"time: running {t['travel_h']:.0f} h, borders {t['border_h']:.0f} h, waiting "
            f"{t['wait_h']:.0f} h, transfers {t['transfer_h']:.0f} h"
        )
        for row in self._legs.itertuples():
            if row.kind == "transfer":
                lines.append(f"  transfer at {row.from_name}: {row.from_layer} -> "
                             f"{row.to_layer}, {row.transfer_h:.1f} h, USD {row.cost_usd:,.0f}")
                continue
            extra = []
            if row.border_h:
                extra.append(f"border {row.from_country}->{row.to_country} {row.border_h:.1f} h")
            if row.wait_h:
                extra.append(f"wait {row.wait_h:.1f} h")
            more = f" ({', '.join(extra)})" if extra else ""
            lines.append(f"  {row.mode:5s} {row.from_name} -> {row.to_name}: "
                         f"{row.length_km:,.0f} km, {row.travel_h:.1f} h{more}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        o, d = self._names[self.origin], self._names[self.destination]
        return (f"<Route {o} -> {d}: {self.distance_km:,.0f} km, {self.days:.1f} days, "
                f"USD {self.cost_usd:,.0f}/{self.unit}, {self.co2_kg:,.0f} kg CO2e/{self.unit}, "
                f"{'>'.join(self.countries)}>")


def _json_default(obj: Any) -> Any:
    if hasattr(obj, "item"):
        return obj.item()
    raise TypeError(f"not serialisable: {obj!r}")


# ---------------------------------------------------------------------- search
class _Places:
    """Names, coordinates, kinds and countries of a network's places (built once per network,
    shared read-only by every route)."""

    def __init__(self, network: Network) -> None:
        p = network._table("places")
        ids = p["id"].tolist()
        self.name: dict[str, str] = dict(zip(ids, p["name"].tolist(), strict=True))
        self.kind: dict[str, str] = dict(zip(ids, p["kind"].tolist(), strict=True))
        self.country: dict[str, str] = dict(zip(ids, p["country"].tolist(), strict=True))
        self.coords: dict[str, tuple[float, float]] = dict(zip(
            ids, zip(p["lon"].astype(float).tolist(), p["lat"].astype(float).tolist(),
                     strict=True), strict=True))


def _places(network: Network) -> _Places:
    info = network._graphs.get("places")  # type: ignore[call-overload]
    if info is None:
        info = _Places(network)
        network._graphs["places"] = info  # type: ignore[index]
    return info  # type: ignore[no-any-return]


_VIEW_CACHE = 32  # views kept per compiled network (one per weight and constraint set)


def _records(c: CompiledNetwork, names: Mapping[str, str]) -> list[dict[str, Any]]:
    """Every edge as the metrics dict a weight function receives (built once)."""
    recs = c._views.get("records")
    if recs is None:
        recs = legs_frame(c, np.arange(len(c.edges)), names).to_dict("records")
        c._views["records"] = recs
    return recs  # type: ignore[no-any-return]


# ---------------------------------------------------------------------- API helpers
def _as_list(value: Any, name: str = "via") -> list[Any]:
    """Via points: one string (``"A,B"``) or a list whose items are places or groups."""
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if not isinstance(value, Iterable):
        raise ArgumentTypeError(f"{name}: expected a list of places or one string, got "
                                f"{type(value).__name__} {value!r}")
    return list(value)


def _via_group(network: Network, item: str | Sequence[str]) -> list[str]:
    """A via point: one place, or a group of places of which the route passes one (given as
    a list or tuple, or as a string with ``|`` between the places)."""
    if isinstance(item, str):
        names = [x.strip() for x in item.split("|") if x.strip()]
    else:
        names = A.str_list(item, "via")
    if not names:
        raise InvalidArgumentError("via", f"expected a place or a group of places, got {item!r}")
    return list(dict.fromkeys(network.resolve(n) for n in names))


def _norm_countries(values: Any) -> list[str]:
    return A.countries(values, "avoid_countries")


def _norm_modes(values: Any, what: str) -> list[str]:
    return A.modes(values, what)


class _Request:
    """A normalised routing request."""

    def __init__(self, network: Network, origin: str, destination: str, *, weight: Weight,
                 avoid_countries: Any, avoid_places: Any, avoid_modes: Any, modes: Any,
                 via: Any, include_planned: bool, cost_model: CostModel | None,
                 closed_links: Iterable[str] = (), segment_modes: Any = None,
                 road_legs: str = "ends", unit: str | None = None) -> None:
        self.network = network
        self.road_legs = check_road_legs(road_legs)
        self.origin = network.resolve(origin)
        self.destination = network.resolve(destination)
        self.via = [_via_group(network, v) for v in _as_list(via)]
        self.avoid_places = [network.resolve(p) for p in A.str_list(avoid_places,
                                                                     "avoid_places")]
        self.avoid_countries = _norm_countries(avoid_countries)
        self.avoid_modes = _norm_modes(avoid_modes, "avoid_modes")
        self.modes = _norm_modes(modes, "modes") if modes is not None else None
        if self.modes is not None and not self.modes:
            raise InvalidArgumentError("modes", "expected at least one mode (or None for all)")
        self.include_planned = A.flag(include_planned, "include_planned")
        self.closed_links = frozenset(closed_links)
        cost_model = A.cost_model(cost_model)
        self.segment_modes: list[list[str] | None] | None = None
        if segment_modes is not None:
            if isinstance(segment_modes, str) or not isinstance(segment_modes, Iterable):
                raise ArgumentTypeError("segment_modes: expected a list with one entry per "
                                        f"stretch, got {segment_modes!r}")
            segs = list(segment_modes)
            if len(segs) != len(self.via) + 1:
                raise InvalidArgumentError(
                    "segment_modes", f"expected one entry per stretch between origin, via "
                    f"places and destination: {len(self.via) + 1}, got {len(segs)}")
            self.segment_modes = [None if m is None or m == "*" else
                                  _norm_modes(m, "segment_modes") for m in segs]
        if isinstance(weight, CostModel):
            self.model = cost_model or weight
            self.weight_name = weight.weight
        else:
            self.model = cost_model or CostModel()
            self.weight_name = weight if isinstance(weight, str) else "custom"
        if unit is not None and unit != self.model.unit:
            if unit not in ("TEU", "FEU"):
                raise InvalidArgumentError("unit", f"must be 'TEU' or 'FEU', got {unit!r}")
            self.model = dataclasses.replace(self.model, unit=unit)
        self.weight = weight
        self.wfun = weight_function(weight, self.model)
        self.weight_key: str | None = (weight.weight if isinstance(weight, CostModel) else
                                       weight if isinstance(weight, str) else None)
        if self.origin == self.destination and not self.via:
            raise InvalidArgumentError(
                "destination", f"the same place as origin ({self.origin}); expected two "
                "different places")

    @property
    def allowed_modes(self) -> list[str]:
        base = self.modes if self.modes is not None else list(S.MODES)
        return [m for m in base if m not in self.avoid_modes]

    def constraints(self) -> dict[str, Any]:
        c: dict[str, Any] = {}
        if self.avoid_countries:
            c["avoid_countries"] = list(self.avoid_countries)
        if self.avoid_places:
            c["avoid_places"] = list(self.avoid_places)
        if self.avoid_modes:
            c["avoid_modes"] = list(self.avoid_modes)
        if self.modes is not None:
            c["modes"] = list(self.modes)
        if self.via:
            c["via"] = [v[0] if len(v) == 1 else list(v) for v in self.via]
        if self.include_planned:
            c["include_planned"] = True
        if self.closed_links:
            c["closed_links"] = sorted(self.closed_links)
        if self.segment_modes is not None:
            c["segment_modes"] = [m if m is not None else "*" for m in self.segment_modes]
        if self.road_legs != "ends":
            c["road_legs"] = self.road_legs
        return c

    def graph(self) -> RoutingGraph:
        """The layered graph as networkx (for the max-flow analyses)."""
        return self.network._graph(self.include_planned, self.road_legs)

    def compiled(self) -> CompiledNetwork:
        return compile_network(self.network, include_planned=self.include_planned,
                               cost_model=self.model, road_legs=self.road_legs)

    def mask(self, c: CompiledNetwork, modes: Sequence[str] | None = None) -> np.ndarray:
        """Edges usable under the constraints (``modes``: a stretch's own allowed modes)."""
        allowed = self.allowed_modes if modes is None else [m for m in self.allowed_modes
                                                            if m in modes]
        ok = c.mask(avoid_countries=self.avoid_countries, avoid_places=self.avoid_places,
                    allowed_modes=allowed)
        if self.closed_links:
            ok &= ~c.edges["id"].isin(list(self.closed_links)).to_numpy()
        return ok

    def weights(self, c: CompiledNetwork) -> np.ndarray:
        """The weight of every edge (infinity where the weight function forbids it)."""
        if self.weight_key is not None:
            return np.asarray(c.weights(self.weight_key), dtype=float)
        recs = _records(c, _places(self.network).name)
        return np.array([np.inf if (v := self.wfun(m)) is None else v for m in recs],
                        dtype=float)

    def view(self, modes: Sequence[str] | None = None,
             penalty: Mapping[str, float] | None = None) -> View:
        """The compiled network weighted for this request (cached per weight and
        constraints; closures, penalties and weight functions make a fresh one)."""
        c = self.compiled()
        allowed = tuple(sorted(self.allowed_modes if modes is None else
                               [m for m in self.allowed_modes if m in modes]))
        key = ("view", self.weight_key, tuple(sorted(self.avoid_countries)),
               tuple(sorted(self.avoid_places)), allowed)
        cacheable = self.weight_key is not None and not self.closed_links and not penalty
        if cacheable and key in c._views:
            return c._views[key]  # type: ignore[no-any-return]
        w = np.where(self.mask(c, modes), self.weights(c), np.inf)
        if penalty:
            factor = c.edges["id"].map(penalty).fillna(1.0).to_numpy(dtype=float)
            w = w * factor
        v = View(c, w)
        if cacheable:
            if len(c._views) > _VIEW_CACHE:
                c._views.pop(next(k for k in c._views if k != "records"))
            c._views[key] = v
        return v

    def views(self, penalty: Mapping[str, float] | None = None) -> list[View]:
        """One view per stretch between consecutive points."""
        base = self.view(penalty=penalty)
        if self.segment_modes is None:
            return [base] * (len(self.via) + 1)
        return [base if m is None else self.view(m, penalty) for m in self.segment_modes]

    def points(self) -> list[list[str]]:
        return [[self.origin], *self.via, [self.destination]]

    def copy_with(self, **changes: Any) -> _Request:
        new = object.__new__(_Request)
        new.__dict__.update(self.__dict__)
        new.__dict__.update(changes)
        return new


def _request(network: Network, origin: str, destination: str, weight: Weight,
             constraints: Mapping[str, Any], **extra: Any) -> _Request:
    """A request from a dict of shortest_route keyword constraints (missing ones default)."""
    c = {**constraints, **extra}
    return _Request(network, origin, destination, weight=weight,
                    avoid_countries=c.get("avoid_countries", ()),
                    avoid_places=c.get("avoid_places", ()),
                    avoid_modes=c.get("avoid_modes", ()), modes=c.get("modes"),
                    via=c.get("via", ()), include_planned=c.get("include_planned", False),
                    cost_model=c.get("cost_model"), closed_links=c.get("closed_links", ()),
                    road_legs=c.get("road_legs", "ends"), unit=c.get("unit"))


def _route(req: _Request, edges: np.ndarray) -> Route:
    info = _places(req.network)
    return Route(None, origin=req.origin, destination=req.destination, weight=req.weight_name,
                 constraints=req.constraints(), coords=info.coords, names=info.name,
                 kinds=info.kind, _edges=(req.compiled(), edges), unit=req.model.unit,
                 rail_border_dwell=req.model.rail_border_dwell)


def _group_nodes(c: CompiledNetwork, group: Sequence[str]) -> np.ndarray:
    nodes = [c.place_nodes[p] for p in group if p in c.place_nodes]
    return np.concatenate(nodes) if nodes else np.zeros(0, dtype=np.int64)


def _bound(req: _Request, view: View, a: Sequence[str], b: Sequence[str]) -> float:
    """A lower bound of the weight between two place groups (used to stop a search on a
    large network early): the least weight per km times the shortest geodesic distance."""
    if view.c.n_nodes < EARLY_STOP_NODES:
        return 0.0
    from ._geodesy import geodesic_km

    xy = _places(req.network).coords
    km = min(geodesic_km(*xy[p], *xy[q]) for p in a for q in b)
    return km * view.rate() if np.isfinite(km) else 0.0


def _path(req: _Request, views: Sequence[View]) -> np.ndarray | None:
    """Edge indices of the best path through the request's points, or None."""
    c = views[0].c
    points = req.points()
    groups = [_group_nodes(c, g) for g in points]
    if any(len(g) == 0 for g in groups):
        return None
    sources, offsets = groups[0], np.zeros(len(groups[0]))
    preds = []
    for seg, targets in enumerate(groups[1:]):
        dist, pred = search(views[seg], sources, offsets, targets,
                            _bound(req, views[seg], points[seg], points[seg + 1]))
        preds.append(pred)
        reached = targets[np.isfinite(dist[targets])]
        if not len(reached):
            return None
        sources, offsets = reached, dist[reached]
    end = int(sources[np.argmin(offsets)])
    # walk back through each stretch's predecessor tree; a stretch's start nodes (the
    # previous stretch's ends) have no predecessor in it unless another start reached them
    # more cheaply
    node, legs = end, []
    for seg in range(len(preds) - 1, -1, -1):
        pred = preds[seg]
        steps = []
        while pred[node] >= 0:
            prev = int(pred[node])
            steps.append((prev, node))
            node = prev
        if steps:
            u, v = np.array(steps).T
            legs.append(views[seg].legs(u, v))
    if not legs:
        return np.zeros(0, dtype=np.int64)
    return np.concatenate(legs)[::-1]


def _find(req: _Request, penalty: Mapping[str, float] | None = None) -> Route | None:
    edges = _path(req, req.views(penalty))
    if edges is None:
        return None
    if penalty:  # the path was found on penalised weights: price its legs truly
        c = req.compiled()
        tail = c.structure.tail[edges]
        head = c.structure.head[edges]
        edges = req.view().legs(tail, head)
    return _route(req, edges)


def _feasible(req: _Request) -> bool:
    """Whether any route satisfies the request (reachability only, no weights summed)."""
    c = req.compiled()
    groups = [_group_nodes(c, g) for g in req.points()]
    if any(len(g) == 0 for g in groups):
        return False
    base = req.mask(c)
    if req.weight_key is None:
        base &= np.isfinite(req.weights(c))
    masks = ([base] * len(req.points()) if req.segment_modes is None else
             [base if m is None else req.mask(c, m) & base for m in req.segment_modes])
    sources = groups[0]
    for seg, targets in enumerate(groups[1:]):
        hit = reachable(c, masks[seg], sources, targets)
        if not hit.any():
            return False
        sources = targets[hit]
    return True


def _label(req: _Request, pid: str) -> str:
    return f"{_places(req.network).name.get(pid, pid)} ({pid})"


def _diagnose(req: _Request) -> str:
    """Say which constraint makes the route impossible."""
    o, d = _label(req, req.origin), _label(req, req.destination)
    cons = req.constraints()
    head = f"no route from {o} to {d}"
    if cons:
        head += " with " + ", ".join(f"{k}={v}" for k, v in cons.items())
    country = _places(req.network).country
    for pid in (req.origin, req.destination):
        if country[pid] in req.avoid_countries:
            return (f"{head}: {_label(req, pid)} lies in {country[pid]}, which avoid_countries "
                    "excludes")
        if pid in req.avoid_places:
            return f"{head}: {_label(req, pid)} is itself in avoid_places"

    def feasible(**changes: Any) -> bool:
        return _feasible(req.copy_with(**changes))

    reasons: list[str] = []
    if req.avoid_countries:
        singles = [c for c in req.avoid_countries
                   if feasible(avoid_countries=[x for x in req.avoid_countries if x != c])]
        if singles:
            reasons.append(
                "every route needs to cross " + " or ".join(repr(c) for c in singles)
                + ", which avoid_countries excludes")
        elif feasible(avoid_countries=[]):
            reasons.append("every route crosses at least two of the avoided countries "
                           f"{req.avoid_countries}")
    excluded = [m for m in S.MODES if m not in req.allowed_modes]
    if excluded:
        for m in excluded:
            modes = None if req.modes is None else [*req.modes, m]
            if feasible(avoid_modes=[x for x in req.avoid_modes if x != m], modes=modes):
                which = "avoid_modes" if m in req.avoid_modes else "modes"
                reasons.append(f"every route needs mode {m!r}, which {which} excludes")
        if not reasons and feasible(avoid_modes=[], modes=None):
            reasons.append(f"every route needs several of the excluded modes {excluded}")
    if req.avoid_places and feasible(avoid_places=[]):
        singles = [p for p in req.avoid_places
                   if feasible(avoid_places=[x for x in req.avoid_places if x != p])]
        names = ", ".join(_label(req, p) for p in singles) or "the avoided places"
        reasons.append(f"every route passes {names}, which avoid_places excludes")
    if req.closed_links and feasible(closed_links=frozenset()):
        reasons.append("the closed links cut every route")
    if not req.include_planned and feasible(include_planned=True):
        reasons.append("only links or terminals with status 'planned' complete the route; "
                       "pass include_planned=True to use them")
    if req.weight_name == "custom" and feasible(weight_key="time"):
        reasons.append("the weight function returns None for every leg that would complete "
                       "the route")
    if req.via and not reasons and feasible(via=[]):
        reasons.append("the via places cannot all be reached in the given order")
    if reasons:
        return f"{head}: " + "; ".join(reasons)
    if feasible(avoid_countries=[], avoid_modes=[], modes=None, avoid_places=[],
                include_planned=True, closed_links=frozenset(), via=[], segment_modes=None,
                weight_key="time"):
        return f"{head}: the constraints together leave no route (each alone would not)"
    return (f"{head}: the two places are not connected in this network, even without "
            "constraints (check the links and terminals at both ends)")


# ---------------------------------------------------------------------- public API
def shortest_route(
    network: Network,
    origin: str,
    destination: str,
    *,
    weight: Weight = "time",
    avoid_countries: str | Iterable[str] = (),
    avoid_places: str | Iterable[str] = (),
    avoid_modes: str | Iterable[str] = (),
    modes: str | Iterable[str] | None = None,
    via: str | Iterable[str] = (),
    include_planned: bool = False,
    cost_model: CostModel | None = None,
    segment_modes: Sequence[str | Sequence[str] | None] | None = None,
    road_legs: RoadLegs = "ends",
    unit: Literal["TEU", "FEU"] | None = None,
) -> Route:
    """The best route between two places, by time, money, distance, CO2 or generalised cost.

    Parameters
    ----------
    network : Network
    origin, destination : str
        Place ids, names or aliases (``"Xi'an"``, ``"xian"``, ``"cn_xian"``).
    weight : {"time", "cost", "distance", "co2", "generalized"}, CostModel or callable
        What to minimise: door-to-door hours, USD per TEU, km, kg CO2e per TEU, or money
        plus the value of time. A callable receives each leg's metrics (a dict with
        ``length_km``, ``time_h``, ``cost_usd``, ``co2_kg``, ``mode``, ``id``, ...) and
        returns a number >= 0, or None to forbid the leg.
    avoid_countries : iterable of str
        ISO codes the route must not enter (``["RU", "BY"]``).
    avoid_places : iterable of str
        Places the route must not pass.
    avoid_modes, modes : iterable of str
        Modes to exclude, or the only modes allowed (``rail``, ``road``, ``ferry``, ``sea``).
    via : iterable of str or of groups
        Places to pass, in this order. An item that is a list or tuple of places (or a
        string ``"Poti|Batumi"``) is passed if any one of them is.
    include_planned : bool, default False
        Also use links and terminals whose status is ``planned``.
    cost_model : CostModel, optional
        Value of time and per-mode overrides (default: :class:`CostModel()`).
    segment_modes : sequence, optional
        The modes allowed on each stretch between consecutive points (origin, each via
        place, destination): one entry per stretch, a list of modes or None/``"*"`` for the
        modes otherwise allowed. ``via=["Shanghai", "Rotterdam"], segment_modes=["*",
        ["sea"], "*"]`` keeps the middle stretch at sea. Transfers happen at the via places.
    road_legs : {"ends", "anywhere"}, default "ends"
        Where the box may travel by road. ``"ends"``: only as pre-carriage before the main
        haul (rail, ship, ferry) and on-carriage after it, as forwarders sell intermodal
        chains; a truck may also carry it all the way (Ro-Ro ferries included). ``"anywhere"``
        also allows a road stretch between two main-haul legs (e.g. unloading a train at
        Brest and trucking the box to a Polish rail terminal), paying both lifts and the
        drayage.
    unit : {"TEU", "FEU"}, optional
        Price (and count CO2 for) a 20-foot or a 40-foot box; an FEU is priced with the
        published FEU/TEU ratios (``tcroute.costs.FEU_COST_RATIO``), not as 2 TEU. Default:
        the cost model's unit (TEU).

    Returns
    -------
    Route

    Raises
    ------
    UnknownPlaceError
        A place is not in the network (with close matches).
    NoRouteError
        No route satisfies the constraints; the message says which constraint is to blame.

    Examples
    --------
    >>> import tcroute
    >>> net = tcroute.load_network()
    >>> r = tcroute.shortest_route(net, "Xi'an", "Duisburg")
    >>> r.countries[0], r.countries[-1]
    ('CN', 'DE')
    >>> r2 = tcroute.shortest_route(net, "Xi'an", "Duisburg", avoid_countries=["RU", "BY"])
    >>> "RU" in r2.countries or "BY" in r2.countries
    False
    >>> r2.days > r.days
    True
    """
    req = _Request(network, origin, destination, weight=weight,
                   avoid_countries=avoid_countries, avoid_places=avoid_places,
                   avoid_modes=avoid_modes, modes=modes, via=via,
                   include_planned=include_planned, cost_model=cost_model,
                   segment_modes=segment_modes, road_legs=road_legs, unit=unit)
    return _shortest(req)


def _shortest(req: _Request) -> Route:
    route = _find(req)
    if route is None:
        raise NoRouteError(req.origin, req.destination, req.constraints(), _diagnose(req))
    return route


def _overlap_km(a: Route, b: Route) -> float:
    ids_b = set(b._legs.loc[b._legs["kind"] == "link", "id"])
    la = a._legs[a._legs["kind"] == "link"]
    return float(la.loc[la["id"].isin(ids_b), "length_km"].sum())


MAX_ALTERNATIVES = 20
"""Most routes :func:`alternative_routes` looks for: each costs up to four searches."""


def alternative_routes(
    network: Network,
    origin: str,
    destination: str,
    *,
    k: int = 5,
    weight: Weight = "time",
    max_overlap: float = 0.6,
    penalty: float = 2.0,
    avoid_countries: str | Iterable[str] = (),
    avoid_places: str | Iterable[str] = (),
    avoid_modes: str | Iterable[str] = (),
    modes: str | Iterable[str] | None = None,
    via: str | Iterable[str] = (),
    include_planned: bool = False,
    cost_model: CostModel | None = None,
    road_legs: RoadLegs = "ends",
    unit: Literal["TEU", "FEU"] | None = None,
) -> list[Route]:
    """Up to ``k`` routes that differ meaningfully, best first.

    Method (penalty method with an overlap filter): find the best route; multiply the weight
    of every link it uses by ``penalty`` and search again; repeat, each time penalising the
    links of every route found so far. A candidate is kept only if the length it shares with
    each route already kept is at most ``max_overlap`` of its own length, so two kept routes
    never differ by a station swap. Kept routes are ranked by their true (unpenalised)
    weight. The search stops after ``4 k`` rounds.

    Parameters
    ----------
    k : int
        How many routes at most, 1 to :data:`MAX_ALTERNATIVES` (20): each costs up to four
        searches.
    max_overlap : float in [0, 1]
        Largest share of a route's length that may coincide with an already kept route.
    penalty : float > 1
        Factor on the weight of links already used.
    Other parameters are as in :func:`shortest_route`.

    Returns
    -------
    list of Route
        At least one route (else :class:`NoRouteError`).

    Examples
    --------
    >>> import tcroute
    >>> routes = tcroute.alternative_routes(tcroute.load_network(), "Almaty", "Istanbul", k=3)
    >>> len(routes) >= 2 and routes[0].time_h <= routes[1].time_h
    True
    """
    A.number(k, "k", low=1, high=MAX_ALTERNATIVES, integer=True)
    A.number(max_overlap, "max_overlap", low=0, high=1)
    A.number(penalty, "penalty", low=1, strict=True)
    req = _Request(network, origin, destination, weight=weight,
                   avoid_countries=avoid_countries, avoid_places=avoid_places,
                   avoid_modes=avoid_modes, modes=modes, via=via,
                   include_planned=include_planned, cost_model=cost_model,
                   road_legs=road_legs, unit=unit)
    best = _shortest(req)
    kept = [best]
    factors: dict[str, float] = {}
    for _ in range(4 * k):
        if len(kept) >= k:
            break
        for r in kept:
            for lid in r._legs.loc[r._legs["kind"] == "link", "id"]:
                factors[lid] = factors.get(lid, 1.0) * penalty
        cand = _find(req, penalty=factors)
        if cand is None:
            break
        own = cand.distance_km or 1.0
        if all(_overlap_km(cand, r) / own <= max_overlap for r in kept):
            kept.append(cand)
    true_w = req.view().w
    kept.sort(key=lambda r: float(true_w[r._edges[1]].sum()) if r._edges is not None else 0.0)
    return kept
