"""The layered routing graph as networkx: nodes are (place, layer), edges carry legs.

A layer is a mode, and for rail a gauge (``rail_1435``, ``rail_1520``, ``road``, ``ferry``,
``sea``). Links run inside a layer; a terminal row lets a container change layer at a place,
at the time and price it states.

This graph is an export (:meth:`tcroute.Network.to_networkx`) and the input of the max-flow
analyses, not a routing engine: it is built from the compiled edge table of
:mod:`tcroute.engine`, where every leg is priced once, and routes are found on those arrays.
Each directed edge carries a list ``legs`` (parallel links between the same two nodes stay
side by side), each leg a dict of its metrics as a route's legs table shows them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np

from ._chains import key_mode
from .costs import CostModel
from .errors import ArgumentTypeError, InvalidArgumentError

if TYPE_CHECKING:
    from .network import Network

__all__ = ["RoutingGraph", "weight_function"]

Node = tuple[str, str]
HOURS_PER_WEEK = 168.0


class RoutingGraph:
    """Layered directed graph of a Network, built from its compiled edge table (once per
    network, never mutated).

    Parameters
    ----------
    network : Network
    include_planned : bool
        Include links and terminals whose status is ``planned``.
    road_legs : {"ends", "anywhere"}
        Where a container may travel by road: only before and after its main haul (the
        default), or also between two main-haul legs. Nodes are (place, chain state) pairs;
        see :mod:`tcroute._chains`.
    """

    def __init__(self, network: Network, *, include_planned: bool = False,
                 road_legs: str = "ends") -> None:
        from ._search import legs_frame
        from .engine import compile_network

        self.include_planned = include_planned
        self._index_places(network)
        self.road_legs = road_legs
        c = compile_network(network, include_planned=include_planned, road_legs=road_legs)
        legs = legs_frame(c, np.arange(len(c.edges)), self.place_name).to_dict("records")
        self.g = nx.DiGraph()
        self.layers_at: dict[str, set[str]] = {}
        for leg in legs:
            cap = leg["capacity_teu_year"]
            leg["capacity_teu_year"] = None if cap != cap else cap  # unknown: None, not NaN
            self._add_leg((leg["from_id"], leg["from_layer"]), (leg["to_id"], leg["to_layer"]),
                          leg)

    def _add_leg(self, u: Node, v: Node, leg: dict[str, Any]) -> None:
        if self.g.has_edge(u, v):
            self.g[u][v]["legs"].append(leg)
        else:
            self.g.add_edge(u, v, legs=[leg])
        for node in (u, v):
            self.layers_at.setdefault(node[0], set()).add(node[1])

    def _index_places(self, network: Network) -> None:
        places = network._table("places")
        self.place_country: dict[str, str] = dict(zip(places["id"], places["country"],
                                                      strict=True))
        self.place_kind: dict[str, str] = dict(zip(places["id"], places["kind"], strict=True))
        self.place_name: dict[str, str] = dict(zip(places["id"], places["name"], strict=True))
        self.coords: dict[str, tuple[float, float]] = {
            pid: (float(lon), float(lat))
            for pid, lon, lat in zip(places["id"], places["lon"], places["lat"], strict=True)
        }

    def nodes_at(self, place: str) -> list[Node]:
        """Routing nodes of a place, one per layer present there."""
        return [(place, layer) for layer in sorted(self.layers_at.get(place, ()))]

    def view(
        self,
        *,
        avoid_countries: Iterable[str] = (),
        avoid_places: Iterable[str] = (),
        allowed_modes: Iterable[str] | None = None,
    ) -> nx.DiGraph:
        """A read-only filtered view (no copy) honouring the constraints."""
        bad_c = frozenset(avoid_countries)
        bad_p = frozenset(avoid_places)
        ok_modes = frozenset(allowed_modes) if allowed_modes is not None else None
        country = self.place_country

        def node_ok(node: Node) -> bool:
            place, layer = node
            if place in bad_p or country[place] in bad_c:
                return False
            if ok_modes is not None:
                return key_mode(layer) in ok_modes
            return True

        return nx.subgraph_view(self.g, filter_node=node_ok)


def weight_function(
    weight: Any, model: CostModel
) -> Callable[[Mapping[str, Any]], float | None]:
    """Turn a weight spec into ``f(metrics) -> float or None`` (None hides the leg)."""
    if isinstance(weight, CostModel):
        weight = weight.weight
    if callable(weight):
        user = weight

        def f_user(m: Mapping[str, Any]) -> float | None:
            value = user(m)
            if value is None:
                return None
            value = float(value)
            if not value >= 0 or value == float("inf"):
                raise InvalidArgumentError(
                    "weight", f"the function returned {value!r} for leg {m['id']!r}; "
                    "expected a finite number >= 0, or None to forbid the leg")
            return value

        return f_user
    if weight == "time":
        return lambda m: m["time_h"]
    if weight == "cost":
        return lambda m: m["cost_usd"]
    if weight == "distance":
        return lambda m: m["length_km"]
    if weight == "co2":
        return lambda m: m["co2_kg"]
    if weight == "generalized":
        vot = model.value_of_time_usd_per_teu_h
        return lambda m: m["cost_usd"] + vot * m["time_h"]
    if isinstance(weight, str):
        raise InvalidArgumentError("weight", "expected 'time', 'cost', 'distance', 'co2', "
                                   f"'generalized', a CostModel or a callable, got {weight!r}")
    raise ArgumentTypeError(f"weight: expected 'time', 'cost', 'distance', 'co2', "
                            f"'generalized', a CostModel or a callable, got "
                            f"{type(weight).__name__} {weight!r}")
