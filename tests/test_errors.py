"""Bad input: every rejection is a TcrouteError that also subclasses the matching builtin and
says what was expected; strings where lists are expected are never iterated by character;
misspelt keywords are TypeErrors."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest

import tcroute
from tcroute import (
    ArgumentTypeError,
    InvalidArgumentError,
    TcrouteError,
    UnknownIdError,
    UnknownPlaceError,
)
from tcroute.scenarios import sweep

BUILTIN = {InvalidArgumentError: ValueError, ArgumentTypeError: TypeError,
           UnknownIdError: LookupError, UnknownPlaceError: LookupError}


def test_hierarchy():
    for cls, builtin in BUILTIN.items():
        assert issubclass(cls, TcrouteError) and issubclass(cls, builtin)
    assert issubclass(tcroute.AmbiguousPlaceError, UnknownPlaceError)
    assert issubclass(tcroute.DataFileError, ValueError)


R, A_, D = "Alpha", "Alpha", "Delta"
sr = tcroute.shortest_route

# (id, call on the tiny network, exception, text in the message)
CASES: list[tuple[str, Callable[[tcroute.Network], Any], type[Exception], str]] = [
    ("bad country", lambda n: sr(n, R, D, avoid_countries=["Russia"]), InvalidArgumentError,
     "ISO 3166-1 alpha-2"),
    ("country not a str", lambda n: sr(n, R, D, avoid_countries=[7]), ArgumentTypeError,
     "expected strings"),
    ("countries as a number", lambda n: sr(n, R, D, avoid_countries=7), ArgumentTypeError,
     "list of strings"),
    ("bad mode", lambda n: sr(n, R, D, modes=["bus"]), InvalidArgumentError,
     "rail, road, ferry, sea"),
    ("bad avoided mode", lambda n: sr(n, R, D, avoid_modes="bus"), InvalidArgumentError,
     "unknown mode 'bus'"),
    ("no modes", lambda n: sr(n, R, D, modes=[]), InvalidArgumentError, "at least one mode"),
    ("bad weight", lambda n: sr(n, R, D, weight="fastest"), InvalidArgumentError,
     "'generalized'"),
    ("weight of wrong type", lambda n: sr(n, R, D, weight=3), ArgumentTypeError, "callable"),
    ("cost model of wrong type", lambda n: sr(n, R, D, cost_model="x"), ArgumentTypeError,
     "CostModel"),
    ("same place", lambda n: sr(n, A_, "cn_a"), InvalidArgumentError, "two different places"),
    ("place not a str", lambda n: sr(n, 3, D), ArgumentTypeError, "as a str"),
    ("empty place", lambda n: sr(n, "", D), UnknownPlaceError, "no place matches ''"),
    ("punctuation place", lambda n: sr(n, "!!!", D), UnknownPlaceError, "no place matches"),
    ("other script, unknown", lambda n: sr(n, "西安", D), UnknownPlaceError, "no place"),
    ("include_planned as text", lambda n: sr(n, R, D, include_planned="false"),
     ArgumentTypeError, "True or False"),
    ("segment_modes length", lambda n: sr(n, R, D, segment_modes=[["rail"], ["road"]]),
     InvalidArgumentError, "one entry per stretch"),
    ("k = 0", lambda n: tcroute.alternative_routes(n, R, D, k=0), InvalidArgumentError,
     "whole number >= 1"),
    ("k not whole", lambda n: tcroute.alternative_routes(n, R, D, k=1.5),
     InvalidArgumentError, "whole number"),
    ("penalty", lambda n: tcroute.alternative_routes(n, R, D, penalty=1), InvalidArgumentError,
     "> 1"),
    ("od modes", lambda n: tcroute.od_matrix(n, [R], [D], modes=["bus"]),
     InvalidArgumentError, "unknown mode"),
    ("od avoided modes", lambda n: tcroute.od_matrix(n, [R], [D], avoid_modes=["bus"]),
     InvalidArgumentError, "unknown mode"),
    ("od countries", lambda n: tcroute.od_matrix(n, [R], [D], avoid_countries=["XX"]),
     InvalidArgumentError, "ISO 3166-1"),
    ("od weight", lambda n: tcroute.od_matrix(n, [R], [D], weight="fastest"),
     InvalidArgumentError, "callable"),
    ("od cost model", lambda n: tcroute.od_matrix(n, [R], [D], cost_model="x"),
     ArgumentTypeError, "CostModel"),
    ("widest countries", lambda n: tcroute.widest_route(n, R, D, avoid_countries=["XX"]),
     InvalidArgumentError, "ISO 3166-1"),
    ("widest weight", lambda n: tcroute.widest_route(n, R, D, weight="time"),
     ArgumentTypeError, "takes no weight"),
    ("widest detour", lambda n: tcroute.widest_route(n, R, D, max_detour=0.5),
     InvalidArgumentError, ">= 1"),
    ("criticality countries", lambda n: tcroute.criticality(n, [(R, D)],
                                                            avoid_countries=["XX"]),
     InvalidArgumentError, "ISO 3166-1"),
    ("criticality short pair", lambda n: tcroute.criticality(n, [(R,)]), InvalidArgumentError,
     "2 or 3 items"),
    ("criticality pairs as str", lambda n: tcroute.criticality(n, "Alpha"),
     ArgumentTypeError, "tuples"),
    ("criticality elements", lambda n: tcroute.criticality(n, [(R, D)], elements="nodes"),
     InvalidArgumentError, "'links', 'places'"),
    ("criticality group", lambda n: tcroute.criticality(n, [(R, D)], groups={"g": ["nope"]}),
     UnknownIdError, "unknown link id: 'nope'"),
    ("assign countries", lambda n: tcroute.assign(n, [(R, D, 10)], avoid_countries=["XX"]),
     InvalidArgumentError, "ISO 3166-1"),
    ("assign infinite demand", lambda n: tcroute.assign(n, [(R, D, float("inf"))]),
     InvalidArgumentError, "finite"),
    ("assign negative unknown capacity",
     lambda n: tcroute.assign(n, [(R, D, 10)], unknown_capacity=-1), InvalidArgumentError,
     "> 0"),
    ("assign increments", lambda n: tcroute.assign(n, [(R, D, 10)], increments=0),
     InvalidArgumentError, ">= 1"),
    ("throughput infinite capacity",
     lambda n: tcroute.max_throughput(n, R, D, unknown_capacity=float("inf")),
     InvalidArgumentError, "finite"),
    ("throughput same place", lambda n: tcroute.max_throughput(n, R, A_),
     InvalidArgumentError, "both an origin and a destination"),
    ("throughput countries", lambda n: tcroute.max_throughput(n, R, D, avoid_countries="XX"),
     InvalidArgumentError, "ISO 3166-1"),
    ("closed link", lambda n: n.with_closed(links="x"), UnknownIdError, "unknown link id: 'x'"),
    ("closed terminal", lambda n: n.with_closed(terminals=["x"]), UnknownIdError,
     "unknown terminal id"),
    ("corridor as str", lambda n: tcroute.compare_corridors(n, R, D, corridors="northern"),
     UnknownIdError, "unknown corridor id: 'northern'"),
    ("corridor lookup", lambda n: tcroute.corridor_constraints(n, "nope"), UnknownIdError,
     "unknown corridor id"),
    ("compare_routes keyword", lambda n: tcroute.compare_routes(
        n, R, D, scenarios={"x": {"avoid_country": ["RU"]}}), ArgumentTypeError,
     "did you mean 'avoid_countries'"),
    ("draws", lambda n: tcroute.transit_time_distribution(n, (R, D), draws=10),
     InvalidArgumentError, ">= 100"),
    ("od pair of 3", lambda n: tcroute.transit_time_distribution(n, (R, D, "x")),
     (InvalidArgumentError, ArgumentTypeError), "pair"),
    ("speed inf", lambda n: tcroute.CostModel(speed_kmh={"rail": float("inf")}),
     InvalidArgumentError, "finite number > 0"),
    ("speed 0", lambda n: tcroute.CostModel(speed_kmh={"rail": 0}), InvalidArgumentError,
     "> 0"),
    ("cost model mode", lambda n: tcroute.CostModel(speed_kmh={"bus": 50}),
     InvalidArgumentError, "unknown mode"),
    ("value of time nan", lambda n: tcroute.CostModel(value_of_time_usd_per_teu_h=float("nan")),
     InvalidArgumentError, "finite"),
    ("diff", lambda n: tcroute.diff(1, 2), ArgumentTypeError, "diff compares"),
    ("network path", lambda n: tcroute.read_network(123), ArgumentTypeError, "a path"),
    ("scenario path", lambda n: n.with_scenario(123), ArgumentTypeError, "a path"),
    ("scenario paths", lambda n: n.with_scenario([None]), ArgumentTypeError, "a path"),
    ("seed", lambda n: tcroute.transit_time_distribution(n, (R, D), seed="x"),
     ArgumentTypeError, "seed"),
    ("comparison draws", lambda n: tcroute.compare_corridors(n, R, D, reliability=True,
                                                             draws=10),
     InvalidArgumentError, "draws"),
    ("queue threshold", lambda n: tcroute.QueueModel(threshold=1.5), InvalidArgumentError,
     "QueueModel.threshold"),
    ("queue max delay", lambda n: tcroute.QueueModel(max_delay_h=float("inf")),
     InvalidArgumentError, "finite"),
    ("criticality executor", lambda n: tcroute.criticality(n, [(R, D)], executor=4),
     ArgumentTypeError, "ProcessPoolExecutor(4)"),
    ("reliability executor", lambda n: tcroute.transit_time_distribution(
        n, (R, D), executor="threads"), ArgumentTypeError, "concurrent.futures-style"),
    ("sweep executor", lambda n: sweep(n, {"a": None}, len, executor=2),
     ArgumentTypeError, "executor"),
    ("volumes asset", lambda n: tcroute.observed_volumes(asset="az_alat_prot"),
     UnknownIdError, "did you mean 'az_alat_port'"),
    ("volumes asset type", lambda n: tcroute.observed_volumes(asset=["az_alat_port"]),
     ArgumentTypeError, "asset id as a string"),
    ("volumes unit", lambda n: tcroute.observed_volumes(unit="teu"), InvalidArgumentError,
     "TEU, tonnes"),
    ("volumes year", lambda n: tcroute.observed_volumes(year="2024x"), ArgumentTypeError,
     "whole number"),
    ("volumes full_years", lambda n: tcroute.observed_volumes(full_years="yes"),
     ArgumentTypeError, "True or False"),
    ("volumes network", lambda n: tcroute.observed_volumes(network="default"),
     ArgumentTypeError, "tcroute Network"),
]


@pytest.mark.parametrize(("call", "exc", "text"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_bad_input_raises_a_typed_error(tiny, call, exc, text):
    with pytest.raises(exc) as info:
        call(tiny)
    assert isinstance(info.value, TcrouteError)
    assert isinstance(info.value, ValueError | TypeError | LookupError)
    assert text in str(info.value)


def test_modes_and_countries_accept_any_case_and_one_string(tiny):
    """"a,b", ["A"] and "Rail" mean the same everywhere; nothing is split into characters."""
    a = tcroute.shortest_route(tiny, R, D, modes="Rail,ROAD,ferry")
    b = tcroute.shortest_route(tiny, R, D, modes=["rail", "road", "ferry"])
    assert a.time_h == b.time_h
    m1 = tcroute.od_matrix(tiny, [R], [D], modes="rail,road,ferry")
    m2 = tcroute.od_matrix(tiny, [R], [D], modes=["Rail", "Road", "Ferry"])
    assert m1["status"].tolist() == m2["status"].tolist() == ["ok"]
    assert float(m1["weight"].iloc[0]) == pytest.approx(a.time_h)
    assert float(m2["weight"].iloc[0]) == pytest.approx(a.time_h)


def test_avoid_countries_string_same_everywhere(default_net):
    """The issue's case: od_matrix split "RU,BY" into characters while shortest_route took
    it; both take it now, and agree."""
    r = tcroute.shortest_route(default_net, "Xi'an", "Duisburg", avoid_countries="RU,BY")
    m = tcroute.od_matrix(default_net, ["Xi'an"], ["Duisburg"], avoid_countries="RU,BY")
    assert "RU" not in r.countries and "BY" not in r.countries
    assert float(m["weight"].iloc[0]) == pytest.approx(r.time_h)


def test_with_closed_takes_one_id_as_a_string(tiny):
    lid = tiny.links.index[0]
    assert tiny.with_closed(links=lid).links.loc[lid, "status"] == "closed"


def test_compare_corridors_takes_one_corridor_as_a_string(tiny):
    df = tcroute.compare_corridors(tiny, R, D, corridors="rail_ferry")
    assert list(df["corridor"]) == ["best", "rail_ferry"]


# ------------------------------------------------------------------ misspelt keywords
_TINY_PAIRS = [(R, D, 10.0)]
CALLS: dict[str, Callable[[tcroute.Network, dict[str, Any]], Any]] = {
    "alternative_routes": lambda n, kw: tcroute.alternative_routes(n, R, D, **kw),
    "appraise": lambda n, kw: tcroute.appraise(n, **kw),
    "assign": lambda n, kw: tcroute.assign(n, _TINY_PAIRS, **kw),
    "chance_within": lambda n, kw: tcroute.chance_within(n, R, D, 30, **kw),
    "compare_corridors": lambda n, kw: tcroute.compare_corridors(n, R, D, **kw),
    "compare_routes": lambda n, kw: tcroute.compare_routes(n, R, D, scenarios={}, **kw),
    "corridor_constraints": lambda n, kw: tcroute.corridor_constraints(n, "rail_ferry", **kw),
    "criticality": lambda n, kw: tcroute.criticality(n, _TINY_PAIRS, **kw),
    "default_data_dir": lambda n, kw: tcroute.default_data_dir(**kw),
    "demand_scenarios": lambda n, kw: tcroute.demand_scenarios(**kw),
    "diff": lambda n, kw: tcroute.diff(1, 1, **kw),
    "first_to_saturate": lambda n, kw: tcroute.first_to_saturate(n, R, D, **kw),
    "fleet_requirement": lambda n, kw: tcroute.fleet_requirement(
        tcroute.assign(n, _TINY_PAIRS), n, **kw),
    "list_episodes": lambda n, kw: tcroute.list_episodes(**kw),
    "list_scenarios": lambda n, kw: tcroute.list_scenarios(**kw),
    "load_demand": lambda n, kw: tcroute.load_demand(**kw),
    "load_network": lambda n, kw: tcroute.load_network(**kw),
    "load_projects": lambda n, kw: tcroute.load_projects(**kw),
    "max_throughput": lambda n, kw: tcroute.max_throughput(n, R, D, **kw),
    "observed_volumes": lambda n, kw: tcroute.observed_volumes(**kw),
    "od_matrix": lambda n, kw: tcroute.od_matrix(n, [R], [D], **kw),
    "read_episodes": lambda n, kw: tcroute.read_episodes(**kw),
    "read_network": lambda n, kw: tcroute.read_network(tcroute.default_data_dir(), **kw),
    "read_scenario": lambda n, kw: tcroute.read_scenario("suez_closed", **kw),
    "read_weather": lambda n, kw: tcroute.read_weather(**kw),
    "reliability_by_month": lambda n, kw: tcroute.reliability_by_month(n, R, D, **kw),
    "route_bottleneck": lambda n, kw: tcroute.route_bottleneck(
        tcroute.shortest_route(n, R, D), **kw),
    "shortest_route": lambda n, kw: tcroute.shortest_route(n, R, D, **kw),
    "transit_time_distribution": lambda n, kw: tcroute.transit_time_distribution(
        n, (R, D), **kw),
    "validate_folder": lambda n, kw: tcroute.validate_folder(tcroute.default_data_dir(), **kw),
    "volume_conversions": lambda n, kw: tcroute.volume_conversions(**kw),
    "widest_route": lambda n, kw: tcroute.widest_route(n, R, D, **kw),
    "with_episode": lambda n, kw: tcroute.with_episode(n, "caspian_storm_2025_02", **kw),
    "CostModel": lambda n, kw: tcroute.CostModel(**kw),
    "Network.with_closed": lambda n, kw: n.with_closed(**kw),
    "Network.with_scenario": lambda n, kw: n.with_scenario("suez_closed", **kw),
}


def test_every_public_function_is_checked():
    public = {name for name in tcroute.__all__ if inspect.isfunction(getattr(tcroute, name))}
    assert public <= set(CALLS), sorted(public - set(CALLS))


@pytest.mark.parametrize("name", sorted(CALLS))
def test_misspelt_keyword_is_a_type_error(tiny, name):
    with pytest.raises(TypeError) as info:
        CALLS[name](tiny, {"avoid_country": ["RU"]})
    assert "avoid_country" in str(info.value)
    func = getattr(tcroute, name, None)
    takes_any = func is not None and inspect.isfunction(func) and any(
        p.kind is p.VAR_KEYWORD for p in inspect.signature(func).parameters.values())
    if takes_any:  # our own check, not Python's: a TcrouteError that suggests the name
        assert isinstance(info.value, ArgumentTypeError)
        assert "did you mean 'avoid_countries'" in str(info.value)


def test_assign_misspelt_constraint_is_not_ignored(default_net):
    """Issue 17: assign(..., avoid_country=["RU", "BY"]) used to route through Russia."""
    with pytest.raises(ArgumentTypeError, match="avoid_countries"):
        tcroute.assign(default_net, [("Xi'an", "Duisburg", 100.0)], avoid_country=["RU", "BY"])
    with pytest.raises(ArgumentTypeError, match="avoid_countries"):
        tcroute.widest_route(default_net, "Xi'an", "Duisburg", avoid_country=["RU"])


def test_demand_frame_needs_columns(tiny):
    with pytest.raises(InvalidArgumentError, match="origin, destination, teu_year"):
        tcroute.assign(tiny, pd.DataFrame({"origin": [R], "destination": [D]}))


def test_last_plain_builtin_rejections_are_typed(tiny):
    """NoRouteError is a LookupError; road_legs, unit and an empty comparison table are
    InvalidArgumentErrors (ValueErrors) that name their parameter."""
    assert issubclass(tcroute.NoRouteError, LookupError)
    with pytest.raises(tcroute.NoRouteError) as err:
        tcroute.shortest_route(tiny, "Alpha", "Delta", modes=["sea"])
    assert isinstance(err.value, LookupError)
    with pytest.raises(InvalidArgumentError, match="road_legs"):
        tcroute.shortest_route(tiny, "Alpha", "Delta", road_legs="sometimes")
    with pytest.raises(InvalidArgumentError, match="unit"):
        tcroute.shortest_route(tiny, "Alpha", "Delta", unit="barrel")
