"""Shortest and alternative routes by time, money, distance, CO2 or generalised cost."""

from __future__ import annotations

import heapq
import itertools
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd
from shapely.geometry import LineString, mapping

from . import _schema as S
from ._countries import ISO_ALPHA2
from .costs import CostModel, Weight
from .errors import NoRouteError
from .graph import Node, RoutingGraph, weight_function

if TYPE_CHECKING:
    from .network import Network

__all__ = ["Route", "alternative_routes", "shortest_route"]

LEG_COLUMNS = [
    "kind", "id", "from_id", "to_id", "from_name", "to_name", "mode", "from_layer", "to_layer",
    "from_country", "to_country", "country", "length_km", "travel_h", "border_h", "wait_h",
    "transfer_h", "time_h", "cost_usd", "co2_kg", "capacity_teu_year", "border_id",
]
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

    Notes
    -----
    ``legs`` has one row per link or transfer, in travel order, with ``length_km``,
    ``travel_h`` (running/sailing), ``border_h`` (border dwell on a link that joins two
    countries), ``wait_h`` (waiting for a ferry or ship), ``transfer_h`` (terminal handling),
    ``time_h`` (their sum), ``cost_usd`` and ``co2_kg`` per TEU. Every total of the route is
    the sum of its legs.
    """

    def __init__(self, legs: pd.DataFrame, *, origin: str, destination: str, weight: str,
                 constraints: Mapping[str, Any], coords: Mapping[str, tuple[float, float]],
                 names: Mapping[str, str], kinds: Mapping[str, str] | None = None) -> None:
        self._legs = legs.reset_index(drop=True)
        self._kinds = dict(kinds or {})
        self.origin = origin
        self.destination = destination
        self.weight = weight
        self.constraints = dict(constraints)
        self._coords = dict(coords)
        self._names = dict(names)

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
        return float(self._legs["length_km"].sum())

    @property
    def time_h(self) -> float:
        """Total door-to-door time, hours (running + border + waiting + transfers)."""
        return float(self._legs["time_h"].sum())

    @property
    def days(self) -> float:
        """Total time in days."""
        return self.time_h / 24.0

    @property
    def cost_usd(self) -> float:
        """Total money cost per TEU, USD."""
        return float(self._legs["cost_usd"].sum())

    @property
    def co2_kg(self) -> float:
        """Total emissions per TEU, kg CO2e."""
        return float(self._legs["co2_kg"].sum())

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
            "days": round(self.days, 2), "cost_usd": round(self.cost_usd, 0),
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
            f"{self.days:.1f} days, USD {self.cost_usd:,.0f}/TEU, {self.co2_kg:,.0f} kg CO2e/TEU",
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
                f"USD {self.cost_usd:,.0f}/TEU, {self.co2_kg:,.0f} kg CO2e/TEU, "
                f"{'>'.join(self.countries)}>")


def _json_default(obj: Any) -> Any:
    if hasattr(obj, "item"):
        return obj.item()
    raise TypeError(f"not serialisable: {obj!r}")


# ---------------------------------------------------------------------- search
class _Search:
    """Dijkstra over the routing graph's view with a leg-level weight."""

    def __init__(self, rg: RoutingGraph, view: Any, wfun: Callable[[Mapping[str, Any]],
                 float | None], model: CostModel, closed: frozenset[str] = frozenset(),
                 penalty: Mapping[str, float] | None = None,
                 segment_views: Sequence[Any] | None = None) -> None:
        self.rg = rg
        self.view = view
        self.segment_views = segment_views
        self.wfun = wfun
        self.model = model
        self.closed = closed
        self.penalty = penalty or {}
        self._edge_cache: dict[tuple[Node, Node], tuple[float, dict[str, Any]] | None] = {}

    def edge(self, u: Node, v: Node) -> tuple[float, dict[str, Any]] | None:
        key = (u, v)
        if key in self._edge_cache:
            return self._edge_cache[key]
        best: tuple[float, dict[str, Any]] | None = None
        for leg in self.rg.g[u][v]["legs"]:
            if leg["id"] in self.closed:
                continue
            m = self.rg.metrics(leg, self.model)
            w = self.wfun(m)
            if w is None:
                continue
            w *= self.penalty.get(leg["id"], 1.0)
            if best is None or w < best[0]:
                best = (w, m)
        self._edge_cache[key] = best
        return best

    def run(self, sources: Mapping[Node, float], view: Any = None
            ) -> tuple[dict[Node, float], dict[Node, Node]]:
        dist: dict[Node, float] = {}
        pred: dict[Node, Node] = {}
        seen: dict[Node, float] = dict(sources)
        counter = itertools.count()
        heap = [(d, next(counter), n) for n, d in sources.items()]
        heapq.heapify(heap)
        succ = (view if view is not None else self.view).succ
        while heap:
            d, _, u = heapq.heappop(heap)
            if u in dist:
                continue
            dist[u] = d
            for v in succ[u]:
                if v in dist:
                    continue
                e = self.edge(u, v)
                if e is None:
                    continue
                nd = d + e[0]
                if v not in seen or nd < seen[v]:
                    seen[v] = nd
                    pred[v] = u
                    heapq.heappush(heap, (nd, next(counter), v))
        return dist, pred

    def _nodes(self, group: Sequence[str]) -> list[Node]:
        return [n for p in group for n in self.rg.nodes_at(p)]

    def route(self, points: Sequence[Sequence[str]]) -> tuple[float, list[Node]] | None:
        """Best node path through ``points`` in order, or None. Each point is a group of
        place ids of which the route must pass one."""
        views = self.segment_views or [self.view] * (len(points) - 1)
        sources = {n: 0.0 for n in self._nodes(points[0])}
        preds: list[dict[Node, Node]] = []
        dist: dict[Node, float] = {}
        for seg, target in enumerate(points[1:]):
            view = views[seg]
            sources = {n: d for n, d in sources.items() if n in view}
            if not sources:
                return None
            dist, pred = self.run(sources, view)
            preds.append(pred)
            sources = {n: dist[n] for n in self._nodes(target) if n in dist}
        if not sources:
            return None
        end = min(sources, key=lambda n: (sources[n], n))
        cost = sources[end]
        # Walk back through each segment's predecessor tree; a segment's start nodes (the
        # previous segment's ends) have no predecessor in it unless another start reached
        # them more cheaply.
        path = [end]
        node = end
        for pred in reversed(preds):
            while node in pred:
                node = pred[node]
                path.append(node)
        path.reverse()
        return cost, path


# ---------------------------------------------------------------------- API helpers
def _as_list(value: str | Iterable[str] | None) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return list(value)


def _via_group(network: Network, item: str | Sequence[str]) -> list[str]:
    """A via point: one place, or a group of places of which the route passes one (given as
    a list or tuple, or as a string with ``|`` between the places)."""
    if isinstance(item, str):
        names = [x.strip() for x in item.split("|") if x.strip()]
    else:
        names = list(item)
    if not names:
        raise ValueError("via: empty place group")
    return list(dict.fromkeys(network.resolve(n) for n in names))


def _norm_countries(values: str | Iterable[str] | None) -> list[str]:
    out = []
    for v in _as_list(values):
        cc = str(v).strip().upper()
        if cc not in ISO_ALPHA2:
            raise ValueError(f"avoid_countries: {v!r} is not an ISO 3166-1 alpha-2 country code "
                             "(e.g. 'RU', 'BY', 'IR')")
        out.append(cc)
    return out


def _norm_modes(values: str | Iterable[str] | None, what: str) -> list[str]:
    out = []
    for v in _as_list(values):
        m = str(getattr(v, "value", v)).strip().lower()
        if m not in S.MODES:
            raise ValueError(f"{what}: unknown mode {v!r}; modes are {', '.join(S.MODES)}")
        out.append(m)
    return out


class _Request:
    """A normalised routing request."""

    def __init__(self, network: Network, origin: str, destination: str, *, weight: Weight,
                 avoid_countries: Any, avoid_places: Any, avoid_modes: Any, modes: Any,
                 via: Any, include_planned: bool, cost_model: CostModel | None,
                 closed_links: Iterable[str] = (), segment_modes: Any = None) -> None:
        self.network = network
        self.origin = network.resolve(origin)
        self.destination = network.resolve(destination)
        self.via = [_via_group(network, v) for v in _as_list(via)]
        self.avoid_places = [network.resolve(p) for p in _as_list(avoid_places)]
        self.avoid_countries = _norm_countries(avoid_countries)
        self.avoid_modes = _norm_modes(avoid_modes, "avoid_modes")
        self.modes = _norm_modes(modes, "modes") if modes is not None else None
        self.include_planned = bool(include_planned)
        self.closed_links = frozenset(closed_links)
        self.segment_modes: list[list[str] | None] | None = None
        if segment_modes is not None:
            segs = list(segment_modes)
            if len(segs) != len(self.via) + 1:
                raise ValueError(f"segment_modes needs one entry per stretch between origin, "
                                 f"via places and destination: {len(self.via) + 1}, got "
                                 f"{len(segs)}")
            self.segment_modes = [None if m is None or m == "*" else
                                  _norm_modes(m, "segment_modes") for m in segs]
        if isinstance(weight, CostModel):
            self.model = cost_model or weight
            self.weight_name = weight.weight
        else:
            self.model = cost_model or CostModel()
            self.weight_name = weight if isinstance(weight, str) else "custom"
        self.weight = weight
        self.wfun = weight_function(weight, self.model)
        if self.origin == self.destination and not self.via:
            raise ValueError(f"origin and destination are the same place ({self.origin}); "
                             "give two different places")

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
        return c

    def graph(self) -> RoutingGraph:
        return self.network._graph(self.include_planned)

    def search(self, penalty: Mapping[str, float] | None = None) -> _Search:
        rg = self.graph()
        view = rg.view(avoid_countries=self.avoid_countries, avoid_places=self.avoid_places,
                       allowed_modes=self.allowed_modes)
        seg_views = None
        if self.segment_modes is not None:
            seg_views = [
                view if m is None else rg.view(
                    avoid_countries=self.avoid_countries, avoid_places=self.avoid_places,
                    allowed_modes=[x for x in self.allowed_modes if x in m])
                for m in self.segment_modes
            ]
        return _Search(rg, view, self.wfun, self.model, self.closed_links, penalty, seg_views)

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
                    cost_model=c.get("cost_model"), closed_links=c.get("closed_links", ()))


def _build_route(req: _Request, path: list[Node], search: _Search) -> Route:
    rg = search.rg
    rows = []
    for u, v in itertools.pairwise(path):
        e = search.edge(u, v)
        assert e is not None
        m = dict(e[1])
        m["from_name"] = rg.place_name[m["from_id"]]
        m["to_name"] = rg.place_name[m["to_id"]]
        ca, cb = m["from_country"], m["to_country"]
        m["country"] = ca if ca == cb else f"{ca}-{cb}"
        rows.append(m)
    legs = pd.DataFrame(rows, columns=LEG_COLUMNS)
    for c in ("length_km", "travel_h", "border_h", "wait_h", "transfer_h", "time_h",
              "cost_usd", "co2_kg", "capacity_teu_year"):
        legs[c] = legs[c].astype(float)
    return Route(legs, origin=req.origin, destination=req.destination, weight=req.weight_name,
                 constraints=req.constraints(), coords=rg.coords, names=rg.place_name,
                 kinds=rg.place_kind)


def _find(req: _Request) -> Route | None:
    search = req.search()
    if not all(any(p in search.rg.layers_at for p in group) for group in req.points()):
        return None
    found = search.route(req.points())
    if found is None:
        return None
    return _build_route(req, found[1], search)


def _label(req: _Request, pid: str) -> str:
    return f"{req.network._graph(False).place_name.get(pid, pid)} ({pid})"


def _diagnose(req: _Request) -> str:
    """Say which constraint makes the route impossible."""
    o, d = _label(req, req.origin), _label(req, req.destination)
    cons = req.constraints()
    head = f"no route from {o} to {d}"
    if cons:
        head += " with " + ", ".join(f"{k}={v}" for k, v in cons.items())
    country = req.graph().place_country
    for pid in (req.origin, req.destination):
        if country[pid] in req.avoid_countries:
            return (f"{head}: {_label(req, pid)} lies in {country[pid]}, which avoid_countries "
                    "excludes")
        if pid in req.avoid_places:
            return f"{head}: {_label(req, pid)} is itself in avoid_places"

    def feasible(**changes: Any) -> bool:
        return _find(req.copy_with(**changes)) is not None

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
    if req.weight_name == "custom" and feasible(wfun=weight_function("time", req.model)):
        reasons.append("the weight function returns None for every leg that would complete "
                       "the route")
    if req.via and not reasons and feasible(via=[]):
        reasons.append("the via places cannot all be reached in the given order")
    if reasons:
        return f"{head}: " + "; ".join(reasons)
    if feasible(avoid_countries=[], avoid_modes=[], modes=None, avoid_places=[],
                include_planned=True, closed_links=frozenset(), via=[],
                wfun=weight_function("time", req.model)):
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
                   segment_modes=segment_modes)
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
        How many routes at most.
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
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    if not 0 <= max_overlap <= 1:
        raise ValueError(f"max_overlap must be between 0 and 1, got {max_overlap}")
    if not penalty > 1:
        raise ValueError(f"penalty must be > 1, got {penalty}")
    req = _Request(network, origin, destination, weight=weight,
                   avoid_countries=avoid_countries, avoid_places=avoid_places,
                   avoid_modes=avoid_modes, modes=modes, via=via,
                   include_planned=include_planned, cost_model=cost_model)
    best = _shortest(req)
    kept = [best]
    factors: dict[str, float] = {}
    for _ in range(4 * k):
        if len(kept) >= k:
            break
        for r in kept:
            for lid in r._legs.loc[r._legs["kind"] == "link", "id"]:
                factors[lid] = factors.get(lid, 1.0) * penalty
        search = req.search(penalty=factors)
        found = search.route(req.points())
        if found is None:
            break
        true_search = req.search()
        cand = _build_route(req, found[1], true_search)
        own = cand.distance_km or 1.0
        if all(_overlap_km(cand, r) / own <= max_overlap for r in kept):
            kept.append(cand)
    wfun = req.wfun
    kept.sort(key=lambda r: sum(wfun(m) or 0.0 for m in r._legs.to_dict("records")))
    return kept
