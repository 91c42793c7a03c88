"""Routing on the hand-made fixture, with hand-computed answers.

The tiny network (tests/data/tiny)::

    Alpha (CN) --rail 1435, 200 km-- Bravo (CN) ==rail 1520, 100 km, border CN/KZ== Charlie (KZ)
       |                          [gauge change 5 h, $100]                          |
       |                                                                  rail 1520, 300 km
       +---------------- road 900 km, border CN/KZ 5 h, $20 --------------- Papa Port (KZ)
                                                                                    |
                                                  ferry 400 km, sailing 20 h, 2 departures/week
                                                                                    |
                             Delta (AZ) --rail 1520 100 km / road 120 km-- Quebec Port (AZ)

Modes: rail 50 km/h $0.5/km 0.3 kg/km; road 60 km/h $1/km 0.9 kg/km; ferry $2/km 0.5 kg/km.
Rail border CN/KZ: 10 h, $50. Rail<->ferry at each port 6 h, $150; road<->ferry 3 h, $80.

All rail (Alpha-Bravo-Charlie-Papa ~ Quebec-Delta):
  time  = 4 + 5 + (2 + 10) + 6 + 6 + (20 + 42 wait) + 6 + 2 = 103 h
  money = 100 + 100 + (50 + 50) + 150 + 150 + 800 + 150 + 50 = 1600 USD
  km = 1100, CO2 = 600*0.3 + 400*0.5 + 100*0.3 = 410 kg
All road (Alpha-Papa ~ Quebec-Delta):
  time  = (15 + 5) + 3 + (20 + 42) + 3 + 2 = 90 h
  money = (900 + 20) + 80 + 800 + 80 + 120 = 2000 USD
"""

from __future__ import annotations

import json

import pytest
from reference import nx_reference as _nx_reference
from shapely.geometry import LineString

import tcroute
from tcroute import CostModel, NoRouteError

RAIL = ["cn_a", "cn_b", "kz_c", "kz_p", "az_q", "az_d"]
ROAD = ["cn_a", "kz_p", "az_q", "az_d"]


@pytest.mark.parametrize(
    ("weight", "places", "time_h", "cost", "km", "co2"),
    [
        ("time", ROAD, 90.0, 2000.0, 1420.0, 1118.0),
        ("cost", RAIL, 103.0, 1600.0, 1100.0, 410.0),
        ("distance", RAIL, 103.0, 1600.0, 1100.0, 410.0),
        ("co2", RAIL, 103.0, 1600.0, 1100.0, 410.0),
    ],
)
def test_hand_computed_routes(tiny, weight, places, time_h, cost, km, co2):
    r = tcroute.shortest_route(tiny, "Alpha", "Delta", weight=weight)
    assert r.places == places
    assert r.time_h == pytest.approx(time_h)
    assert r.cost_usd == pytest.approx(cost)
    assert r.distance_km == pytest.approx(km)
    assert r.co2_kg == pytest.approx(co2)
    assert r.days == pytest.approx(time_h / 24)


def test_rail_route_shows_gauge_change_border_and_ferry_wait(tiny):
    r = tcroute.shortest_route(tiny, "cn_a", "az_d", avoid_modes=["road"])
    assert r.time_h == pytest.approx(103.0)
    gc = r.gauge_changes
    assert list(gc["place_id"]) == ["cn_b"]
    assert (gc.loc[0, "from_layer"], gc.loc[0, "to_layer"]) == ("rail_1435", "rail_1520")
    bc = r.border_crossings
    assert list(zip(bc["from_country"], bc["to_country"], bc["mode"], strict=True)) == [
        ("CN", "KZ", "rail"), ("KZ", "AZ", "ferry")]
    assert bc.loc[0, "border_h"] == 10.0
    assert bc.loc[1, "border_h"] == 0.0  # no ferry rule: clearance is in port handling
    legs = r.legs
    ferry = legs[legs["mode"] == "ferry"].iloc[0]
    assert ferry["wait_h"] == pytest.approx(0.5 * 168 / 2)
    assert ferry["travel_h"] == 20.0
    assert list(r.transfers["place_id"]) == ["cn_b", "kz_p", "az_q"]
    assert r.countries == ["CN", "KZ", "AZ"]


def test_totals_equal_sum_of_legs(tiny):
    r = tcroute.shortest_route(tiny, "Alpha", "Delta", weight="cost")
    legs = r.legs
    assert r.time_h == pytest.approx(legs["time_h"].sum())
    parts = legs[["travel_h", "border_h", "wait_h", "transfer_h"]].sum(axis=1)
    assert (parts - legs["time_h"]).abs().max() < 1e-9
    assert r.cost_usd == pytest.approx(legs["cost_usd"].sum())


def test_generalized_switches_with_value_of_time(tiny):
    cheap = tcroute.shortest_route(tiny, "Alpha", "Delta", weight="generalized")
    assert cheap.places == RAIL  # 1600 + 2.5*103 < 2000 + 2.5*90
    dear = tcroute.shortest_route(tiny, "Alpha", "Delta",
                                  weight=CostModel(value_of_time_usd_per_teu_h=50.0))
    assert dear.places == ROAD  # 2000 + 50*90 = 6500 < 1600 + 50*103 = 6750
    assert dear.weight == "generalized"


def test_cost_model_mode_override_changes_choice(tiny):
    # making road nearly free turns the cheapest route to road
    r = tcroute.shortest_route(tiny, "Alpha", "Delta", weight="cost",
                               cost_model=CostModel(cost_usd_per_teu_km={"road": 0.01}))
    assert r.places == ROAD
    assert r.cost_usd == pytest.approx(9 + 20 + 80 + 800 + 80 + 1.2)


def test_callable_weight_can_forbid_legs(tiny):
    def no_border(m):
        return None if m["from_country"] != m["to_country"] and m["mode"] == "road" else \
            m["time_h"]

    r = tcroute.shortest_route(tiny, "Alpha", "Delta", weight=no_border)
    assert r.places == RAIL and r.weight == "custom"


def test_callable_weight_must_be_non_negative(tiny):
    with pytest.raises(ValueError, match="finite number >= 0"):
        tcroute.shortest_route(tiny, "Alpha", "Delta", weight=lambda m: -1.0)


def test_via_in_order(tiny):
    r = tcroute.shortest_route(tiny, "Alpha", "Delta", via=["Charlie"])
    assert r.places == RAIL
    assert r.places.index("kz_c") < r.places.index("kz_p")


def test_via_can_revisit(tiny):
    r = tcroute.shortest_route(tiny, "Charlie", "Delta", via=["Alpha"])
    assert r.places[:3] == ["kz_c", "cn_b", "cn_a"] and r.places[-1] == "az_d"


@pytest.mark.parametrize(
    ("kwargs", "needle"),
    [
        ({"avoid_modes": ["ferry"]}, "every route needs mode 'ferry', which avoid_modes excludes"),
        ({"modes": ["rail"]}, "needs mode 'ferry', which modes excludes"),
        ({"avoid_countries": ["KZ"]}, "needs to cross 'KZ', which avoid_countries excludes"),
        ({"avoid_countries": ["AZ"]}, "Delta (az_d) lies in AZ"),
        ({"avoid_places": ["Papa Port"]}, "passes Papa Port (kz_p), which avoid_places excludes"),
    ],
)
def test_no_route_says_why(tiny, kwargs, needle):
    with pytest.raises(NoRouteError) as info:
        tcroute.shortest_route(tiny, "Alpha", "Delta", **kwargs)
    err = info.value
    assert needle in str(err)
    assert "from Alpha (cn_a) to Delta (az_d)" in str(err)
    assert err.origin == "cn_a" and err.destination == "az_d"
    assert err.constraints


def test_no_route_planned_only(tiny_copy):
    from conftest import set_cells

    folder = tiny_copy()
    set_cells(folder / "links.csv", {"mode": "ferry"}, status="planned")
    net = tcroute.read_network(folder)
    with pytest.raises(NoRouteError, match="include_planned=True"):
        tcroute.shortest_route(net, "Alpha", "Delta")
    assert tcroute.shortest_route(net, "Alpha", "Delta", include_planned=True).places


def test_closed_link_is_never_used(tiny_copy):
    from conftest import set_cells

    folder = tiny_copy()
    set_cells(folder / "links.csv", {"id": "road_cn_a__kz_p"}, status="closed")
    net = tcroute.read_network(folder)
    r = tcroute.shortest_route(net, "Alpha", "Delta")
    assert "road_cn_a__kz_p" not in set(r.legs["id"])
    # rail to Papa (4+5+12+6), rail->ferry 6, ferry 20+42, ferry->road 3, road 2 = 100 h
    assert r.time_h == pytest.approx(100.0)


def test_bad_arguments(tiny):
    with pytest.raises(ValueError, match="ISO 3166-1"):
        tcroute.shortest_route(tiny, "Alpha", "Delta", avoid_countries=["Russia"])
    with pytest.raises(ValueError, match="unknown mode"):
        tcroute.shortest_route(tiny, "Alpha", "Delta", avoid_modes=["plane"])
    with pytest.raises(ValueError, match="weight: expected"):
        tcroute.shortest_route(tiny, "Alpha", "Delta", weight="fastest")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="same place"):
        tcroute.shortest_route(tiny, "Alpha", "cn_a")
    with pytest.raises(tcroute.UnknownPlaceError, match="did you mean"):
        tcroute.shortest_route(tiny, "Alpah", "Delta")


def test_lowercase_country_codes_accepted(tiny):
    with pytest.raises(NoRouteError):
        tcroute.shortest_route(tiny, "Alpha", "Delta", avoid_countries="kz")


def test_route_outputs(tiny):
    r = tcroute.shortest_route(tiny, "Alpha", "Delta", weight="cost")
    assert isinstance(r.geometry, LineString)
    assert next(iter(r.geometry.coords)) == (60.0, 40.0)
    gj = r.to_geojson()
    assert gj["type"] == "FeatureCollection"
    assert len(gj["features"]) == (r.legs["kind"] == "link").sum()
    json.dumps(gj)  # serialisable
    assert gj["properties"]["cost_usd"] == 1600
    text = r.summary()
    assert "transfer at Bravo: rail_1435 -> rail_1520" in text
    assert "border CN->KZ 10.0 h" in text and "wait 42.0 h" in text
    assert "Alpha -> Delta" in repr(r)
    df = r.to_frame()
    df["cost_usd"] = 0
    assert r.cost_usd == 1600  # legs handed out as copies


def test_alternatives_differ(tiny):
    routes = tcroute.alternative_routes(tiny, "Alpha", "Delta", k=3, max_overlap=0.5)
    assert [r.places for r in routes][:2] == [ROAD, RAIL] or len(routes) >= 2
    assert routes[0].time_h <= routes[1].time_h
    ids0 = set(routes[0].legs["id"])
    shared = routes[1].legs[routes[1].legs["id"].isin(ids0) & (routes[1].legs["kind"] == "link")]
    assert shared["length_km"].sum() <= 0.5 * routes[1].distance_km


def test_alternatives_argument_checks(tiny):
    with pytest.raises(tcroute.InvalidArgumentError, match="k: expected a whole number >= 1"):
        tcroute.alternative_routes(tiny, "Alpha", "Delta", k=0)
    with pytest.raises(tcroute.InvalidArgumentError, match=r"k: expected a whole number .*<= 20"):
        tcroute.alternative_routes(tiny, "Alpha", "Delta", k=40)  # bounded: no unbounded search
    with pytest.raises(ValueError, match="max_overlap"):
        tcroute.alternative_routes(tiny, "Alpha", "Delta", max_overlap=2)


@pytest.mark.parametrize("weight", ["time", "cost_usd", "length_km", "co2_kg"])
def test_matches_networkx_on_fixture(tiny, weight):
    name = {"time": "time", "cost_usd": "cost", "length_km": "distance", "co2_kg": "co2"}[weight]
    for o in RAIL:
        for d in RAIL:
            if o == d:
                continue
            r = tcroute.shortest_route(tiny, o, d, weight=name)
            got = {"time": r.time_h, "cost_usd": r.cost_usd, "length_km": r.distance_km,
                   "co2_kg": r.co2_kg}[weight]
            assert got == pytest.approx(_nx_reference(tiny, o, d, weight))


def test_via_group_any_of(tiny):
    # Bravo or Charlie: the time-best route through one of them is the all-rail one
    r = tcroute.shortest_route(tiny, "Alpha", "Delta", via=[("Bravo", "Charlie")])
    assert r.places == RAIL
    assert r.constraints["via"] == [["cn_b", "kz_c"]]
    same = tcroute.shortest_route(tiny, "Alpha", "Delta", via="Bravo|Charlie")
    assert same.places == RAIL
    # a group holding a place on the unconstrained best route changes nothing
    free = tcroute.shortest_route(tiny, "Alpha", "Delta", via=[("Papa Port", "Bravo")])
    assert free.places == ROAD
