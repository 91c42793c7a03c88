"""Corridor comparisons: one row per corridor, deltas against the best route."""

from __future__ import annotations

import pytest

import tcroute
from tcroute.compare import COMPARISON_COLUMNS


def test_compare_corridors_on_fixture(tiny):
    df = tcroute.compare_corridors(tiny, "Alpha", "Delta")
    assert list(df.columns) == COMPARISON_COLUMNS
    assert list(df.index) == ["best", "rail_ferry", "road_ferry", "no_ferry", "via_port"]
    assert df.loc["best", "time_days"] == pytest.approx(90 / 24, abs=0.01)
    assert df.loc["rail_ferry", "time_days"] == pytest.approx(103 / 24, abs=0.01)
    assert df.loc["rail_ferry", "delta_days"] == pytest.approx(13 / 24, abs=0.01)
    assert df.loc["rail_ferry", "delta_cost_usd"] == pytest.approx(1600 - 2000)
    assert df.loc["rail_ferry", "gauge_changes"] == 1
    assert df.loc["road_ferry", "gauge_changes"] == 0
    assert df.loc["road_ferry", "delta_days"] == 0
    # the rail route's smallest known capacity: the ferry link, 50,000 TEU/year; the
    # corridor's cut (max_throughput under its constraints) is that same ferry
    assert df.loc["rail_ferry", "route_bottleneck_teu_year"] == 50000
    assert df.loc["rail_ferry", "route_bottleneck_asset"] == "ferry_kz_p__az_q"
    flow = tcroute.max_throughput(tiny, "Alpha", "Delta", **tcroute.corridor_constraints(
        tiny, "rail_ferry"))
    assert df.loc["rail_ferry", "bottleneck_teu_year"] == flow.max_flow_teu_year == 50000
    assert df.loc["rail_ferry", "bottleneck_asset"] == "ferry_kz_p__az_q"
    assert not df.loc["no_ferry", "feasible"]
    assert "needs mode 'ferry'" in df.loc["no_ferry", "reason"]
    assert df.loc["via_port", "feasible"]
    assert isinstance(df.loc["best", "route"], tcroute.Route)


def test_compare_corridors_subset_and_weight(tiny):
    df = tcroute.compare_corridors(tiny, "Alpha", "Delta", weight="cost",
                                   corridors=["road_ferry"])
    assert list(df.index) == ["best", "road_ferry"]
    assert df.loc["best", "cost_usd"] == 1600
    assert df.loc["road_ferry", "delta_cost_usd"] == 400


def test_unknown_corridor(tiny):
    with pytest.raises(tcroute.UnknownIdError, match=r"unknown corridor id: 'nope'.*rail_ferry"):
        tcroute.compare_corridors(tiny, "Alpha", "Delta", corridors=["nope"])


def test_compare_routes(tiny):
    df = tcroute.compare_routes(tiny, "Alpha", "Delta", scenarios={
        "no road": {"avoid_modes": ["road"]},
        "cheapest": {"weight": "cost"},
        "avoid KZ": {"avoid_countries": ["KZ"]},
    })
    assert list(df.index) == ["best", "no road", "cheapest", "avoid KZ"]
    assert df.loc["no road", "time_days"] == pytest.approx(103 / 24, abs=0.01)
    assert df.loc["cheapest", "cost_usd"] == 1600
    assert not df.loc["avoid KZ", "feasible"] and "'KZ'" in df.loc["avoid KZ", "reason"]


def test_bottleneck_unknown_counted(tiny):
    r = tcroute.shortest_route(tiny, "Alpha", "Delta")  # road: no road capacities known
    cap, asset, unknown = tcroute.route_bottleneck(r)
    assert unknown >= 2
    assert cap == 50000 and asset == "ferry_kz_p__az_q"


def test_corridor_constraints_parse(tiny):
    c = tcroute.corridor_constraints(tiny, "via_port")
    assert c["via"] == [["kz_p", "az_q"]]
    c = tcroute.corridor_constraints(tiny, "rail_ferry")
    assert c["modes"] == ["rail", "ferry"] and c["via"] == ["cn_b"]


@pytest.mark.slow
def test_compare_and_max_throughput_agree_on_each_corridor(default_net):
    """The bottleneck a comparison shows is the min cut max_throughput finds under the
    corridor's constraints; the route's own weakest asset is shown beside it, named."""
    df = tcroute.compare_corridors(default_net, "Xi'an", "Duisburg")
    for key in ("middle_black_sea", "middle_btk", "southern_iran", "middle_road"):
        cons = tcroute.corridor_constraints(default_net, key)
        flow = tcroute.max_throughput(default_net, "Xi'an", "Duisburg", **cons)
        assert df.loc[key, "bottleneck_teu_year"] == pytest.approx(flow.max_flow_teu_year)
        assert df.loc[key, "bottleneck_asset"].split("+") == list(flow.min_cut["asset"])
        assert df.loc[key, "route_bottleneck_teu_year"] >= 0
    # the Middle Corridor: both analyses name the port of Baku (Alat), not a different asset
    assert "az_alat_port" in df.loc["middle_btk", "bottleneck_asset"]
    text = tcroute.compare._table_text(df)
    assert "corridor cut" in text and "route's weakest" in text
