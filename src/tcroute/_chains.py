"""Transport chains: which (place, state) nodes a link or a terminal transfer joins.

A container moves in a *chain* that an operator sells: pre-carriage by road, a main haul by
rail, ship or ferry (with transfers between them at terminals that perform them), and
on-carriage by road — or by truck all the way. The routing graph encodes this with node
*states*, so that the rule stays a plain shortest-path problem:

* ``road`` — on a truck before the main haul (pre-carriage, drayage to a terminal);
* ``road@haul`` — a road haul: the truck has crossed a customs frontier, so the truck, not
  a train or ship, is the main haul; it may still ride Ro-Ro ferries but hands the box to no
  train or ship;
* ``road@post`` — on a truck after the main haul (on-carriage from the terminal where the
  train or ship unloads it); it can no longer return to rail, ferry or ship, and, like
  pre-carriage, it stays inside one customs territory;
* ``rail_1435``, ``rail_1520``, ... — on a train (main haul);
* ``ferry:<load>``, ``sea:<load>`` — on a vessel, as ``containers`` (lifted boxes),
  ``wagons`` (rail wagons on a train ferry) or ``trucks`` (a truck or trailer on a Ro-Ro or
  ro-pax ferry, in the same three road states). A vessel carries only the loads its link
  ``accepts``.

With ``road_legs="anywhere"`` there is one road state: a box may leave the train for a truck
and board another train (paying both lifts and the drayage).

A terminal row moves a box between two layers only with the loads it ``handles``:
``containers`` (a crane lift: any carrier to any carrier that takes lifted boxes),
``wagons`` (a wagon rolls between a train and a train ferry, or changes bogies between
gauges) and ``trucks`` (a truck drives on or off a ferry).

A customs territory is a country, or a customs union whose internal frontiers a truck
crosses without customs formalities (the EU; the Eurasian Economic Union).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Literal

LOADS: tuple[str, ...] = ("containers", "wagons", "trucks")
ROAD_LEGS: tuple[str, ...] = ("ends", "anywhere")
RoadLegs = Literal["ends", "anywhere"]
POST = "@post"
HAUL = "@haul"
_WATER = ("ferry", "sea")

#: Customs unions whose internal frontiers are not customs borders for a truck.
_EU = ("AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK")
_EAEU = "AM BY KG KZ RU"
CUSTOMS_UNIONS: tuple[frozenset[str], ...] = (
    frozenset(_EU.split()),  # European Union
    frozenset(_EAEU.split()),  # Eurasian Economic Union
)


def customs_frontier(ca: str, cb: str) -> bool:
    """True when a move from country ``ca`` to ``cb`` crosses a customs frontier.

    Examples
    --------
    >>> customs_frontier("NL", "DE"), customs_frontier("BY", "PL"), customs_frontier("KZ", "KZ")
    (False, True, False)
    """
    if ca == cb:
        return False
    return not any(ca in u and cb in u for u in CUSTOMS_UNIONS)

#: What a link or terminal takes when its row does not say (user networks without the
#: column): sea links carry lifted containers; a ferry or terminal row without a value is
#: taken to carry or handle every load (no restriction is known).
DEFAULT_ACCEPTS = {"sea": frozenset({"containers"}), "ferry": frozenset(LOADS)}


def parse_loads(cell: object) -> frozenset[str]:
    """The loads of a ``;``-separated cell (empty for a missing value)."""
    if cell is None or (isinstance(cell, float) and cell != cell):
        return frozenset()
    return frozenset(x.strip() for x in str(cell).split(";") if x.strip())


def check_road_legs(value: str) -> str:
    """Validate the ``road_legs`` option."""
    if value not in ROAD_LEGS:
        from .errors import InvalidArgumentError

        raise InvalidArgumentError("road_legs", "must be 'ends' (road only before and after "
                                   "the main haul, the default) or 'anywhere' (a road stretch "
                                   f"may join two main-haul legs), got {value!r}")
    return value


@cache
def key_mode(key: str) -> str:
    """The mode of a state key: ``rail_1520`` -> rail, ``ferry:trucks@post`` -> ferry."""
    return key.split("@", 1)[0].split(":", 1)[0].split("_", 1)[0]


def _states(layer: str, load: str, strict: bool) -> list[tuple[str, str]]:
    """(state key, phase) of a box carried on ``layer`` as ``load``; phase is ``pre``,
    ``main`` or ``post``."""
    if layer == "road":
        if load == "wagons":
            return []
        return _truck_states("road", strict)
    if layer in _WATER:
        key = f"{layer}:{load}"
        if load == "trucks":
            return _truck_states(key, strict)
        return [(key, "main")]
    if load == "trucks":  # rail: a box on a wagon, lifted or moved with its wagon
        return []
    return [(layer, "main")]


def _truck_states(key: str, strict: bool) -> list[tuple[str, str]]:
    if not strict:
        return [(key, "pre")]
    return [(key, "pre"), (key + HAUL, "haul"), (key + POST, "post")]


def link_pairs(layer: str, accepts: Iterable[str], frontier: bool = False,
               road_legs: str = "ends") -> list[tuple[str, str]]:
    """(tail state, head state) pairs on which a link of ``layer`` carrying ``accepts`` runs;
    ``frontier`` says that it crosses a customs frontier (:func:`customs_frontier`).

    Examples
    --------
    >>> link_pairs("ferry", {"wagons", "containers"})
    [('ferry:containers', 'ferry:containers'), ('ferry:wagons', 'ferry:wagons')]
    >>> link_pairs("road", set(), frontier=True)
    [('road', 'road@haul'), ('road@haul', 'road@haul')]
    >>> link_pairs("road", set(), frontier=True, road_legs="anywhere")
    [('road', 'road')]
    """
    strict = road_legs == "ends"
    if layer == "road":
        states = _states("road", "containers", strict)
    elif layer in _WATER:
        loads = set(accepts) or DEFAULT_ACCEPTS[layer]
        states = [st for load in sorted(loads) for st in _states(layer, load, strict)]
    else:
        return [(layer, layer)]
    out = []
    for key, phase in states:
        if not frontier or phase == "main" or not strict:
            out.append((key, key))
        elif phase == "pre":  # a truck that crosses a customs frontier is a road haul
            out.append((key, _truck_states(key, strict)[1][0]))
        elif phase == "haul":
            out.append((key, key))
    return out


def _phase_ok(pa: str, pb: str, move: str, strict: bool) -> bool:
    if pb == "main":
        return pa in ("pre", "main")
    if pb in ("pre", "haul"):
        return (pa == pb and move == "trucks") or (not strict and pa == "main")
    return (pa == "post" and move == "trucks") or pa == "main"  # pb == post


def transfer_pairs(from_layer: str, to_layer: str, handles: Iterable[str],
                   road_legs: str = "ends") -> list[tuple[str, str]]:
    """(from state, to state) pairs a terminal transfer from ``from_layer`` to ``to_layer``
    performs with the loads it ``handles`` (all loads when empty).

    Examples
    --------
    >>> transfer_pairs("rail_1520", "road", {"containers"})
    [('rail_1520', 'road@post')]
    >>> transfer_pairs("road", "rail_1435", {"containers"})
    [('road', 'rail_1435')]
    >>> transfer_pairs("rail_1520", "ferry", {"wagons"})
    [('rail_1520', 'ferry:wagons')]
    >>> transfer_pairs("road", "ferry", {"trucks"})  # doctest: +NORMALIZE_WHITESPACE
    [('road', 'ferry:trucks'), ('road@haul', 'ferry:trucks@haul'),
     ('road@post', 'ferry:trucks@post')]
    """
    strict = road_legs == "ends"
    moves = set(handles) or set(LOADS)
    out: list[tuple[str, str]] = []
    for move in LOADS:
        if move not in moves:
            continue
        if move == "containers":
            # a lift: rail and road carry the box as such, vessels as a lifted container
            a = _states(from_layer, "containers", strict)
            b = _states(to_layer, "containers", strict)
        elif move == "wagons":
            if not all(x.startswith("rail_") or x == "ferry" for x in (from_layer, to_layer)):
                continue
            a = _states(from_layer, "wagons", strict)
            b = _states(to_layer, "wagons", strict)
        else:
            if "road" not in (from_layer, to_layer) or not (
                    from_layer in _WATER or to_layer in _WATER):
                continue
            a = _states(from_layer, "trucks", strict)
            b = _states(to_layer, "trucks", strict)
        for ka, pa in a:
            for kb, pb in b:
                if _phase_ok(pa, pb, move, strict) and (ka, kb) not in out:
                    out.append((ka, kb))
    return out
