"""The bulk engine (CSR + scipy) gives the reference implementation's answers."""

from __future__ import annotations

import random
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import numpy as np
import pandas as pd
import pytest
from reference import reference_graph

import tcroute
from tcroute.costs import CostModel
from tcroute.engine import compile_network

CHINA = ["Xi'an", "Chongqing", "Chengdu", "Zhengzhou", "Wuhan", "Yiwu", "Lanzhou", "Urumqi"]
EUROPE = ["Duisburg", "Hamburg", "Rotterdam", "Łódź", "Budapest", "Vienna", "Prague",
          "Constanța", "Piraeus", "Istanbul"]
TOTAL = {"time": "time_h", "cost": "cost_usd", "distance": "distance_km", "co2": "co2_kg"}


def test_edge_metrics_equal_reference_legs(default_net):
    rg = reference_graph(default_net)
    c = compile_network(default_net)
    e = c.edges.assign(tail_place=c.nodes["place"].to_numpy()[c.edges["tail"]],
                       head_place=c.nodes["place"].to_numpy()[c.edges["head"]])
    e = e.set_index(["id", "tail_place", "head_place", "from_layer", "to_layer"])
    model = CostModel()
    n = 0
    for u, v, data in rg.g.edges(data=True):  # nodes are (place, chain state)
        for leg in data["legs"]:
            m = rg.metrics(leg, model)
            row = e.loc[(leg["id"], u[0], v[0], u[1], v[1])]
            for col in ("length_km", "time_h", "cost_usd", "co2_kg"):
                assert float(row[col]) == pytest.approx(m[col], abs=1e-9), (leg["id"], col)
            n += 1
    assert n == len(c.edges)


@pytest.mark.parametrize("weight", ["time", "cost", "distance", "co2"])
@pytest.mark.parametrize("constraints", [{}, {"avoid_countries": ["RU", "BY"]},
                                         {"modes": ["rail", "ferry"],
                                          "avoid_countries": ["RU", "BY", "IR"]}])
def test_od_matrix_equals_shortest_route(default_net, weight, constraints):
    m = tcroute.od_matrix(default_net, CHINA, EUROPE, weight=weight, **constraints)
    assert len(m) == len(CHINA) * len(EUROPE)
    for row in m.itertuples():
        try:
            r = tcroute.shortest_route(default_net, row.origin, row.destination,
                                       weight=weight, **constraints)
        except tcroute.NoRouteError:
            assert row.status == "no route"
            continue
        assert row.status == "ok"
        assert row.weight == pytest.approx(getattr(r, TOTAL[weight]), rel=1e-9, abs=1e-6)


def test_od_matrix_random_pairs_generalized(default_net):
    rnd = random.Random(3)
    places = sorted(default_net.places.index)
    pairs = [rnd.sample(places, 2) for _ in range(40)]
    for o, d in pairs:
        m = tcroute.od_matrix(default_net, [o], [d], weight="generalized")
        try:
            r = tcroute.shortest_route(default_net, o, d, weight="generalized")
        except tcroute.NoRouteError:
            assert m.iloc[0]["status"] == "no route"
            continue
        assert m.iloc[0]["weight"] == pytest.approx(r.cost_usd + 2.5 * r.time_h, rel=1e-9)


def test_od_matrix_records_failures(default_net):
    m = tcroute.od_matrix(default_net, ["Almaty"], ["Baku", "Almaty"], modes=["sea"])
    st = dict(zip(m["destination"], m["status"], strict=True))
    assert st["az_baku"] == "no route" and st["kz_almaty"] == "same place"
    with pytest.raises(tcroute.UnknownPlaceError):
        tcroute.od_matrix(default_net, ["Almatyy"], ["Baku"])
    with pytest.raises(ValueError, match="callable"):
        tcroute.od_matrix(default_net, ["Almaty"], ["Baku"], weight="fastest")


PAIRS = [("Xi'an", "Istanbul", 100.0), ("Almaty", "Tbilisi", 50.0),
         ("Chongqing", "Duisburg", 70.0), ("Urumqi", "Constanța", 30.0)]


@pytest.mark.slow
def test_bulk_criticality_equals_reference(default_net):
    storm = [i for i in default_net.links.index if i.startswith("ferry_") and "az_alat" in i]
    kw = dict(avoid_countries=["RU", "BY", "IR"], groups={"Caspian storm": storm})
    bulk = tcroute.criticality(default_net, PAIRS, method="bulk", **kw).set_index("element")
    ref = tcroute.criticality(default_net, PAIRS, method="reference", **kw).set_index("element")
    assert set(bulk.index) == set(ref.index)
    joined = bulk.merge(ref, left_index=True, right_index=True, suffixes=("", "_ref"))
    assert np.allclose(joined["delta_time_h"], joined["delta_time_h_ref"])
    assert np.allclose(joined["teu_cut_off"], joined["teu_cut_off_ref"])


def _square(x: int) -> int:
    return x * x


@pytest.mark.parametrize("executor_cls", [ThreadPoolExecutor, ProcessPoolExecutor])
def test_executor_gives_identical_results(default_net, executor_cls):
    serial = tcroute.criticality(default_net, PAIRS, avoid_countries=["RU", "BY"])
    with executor_cls(max_workers=2) as ex:
        parallel = tcroute.criticality(default_net, PAIRS, avoid_countries=["RU", "BY"],
                                       executor=ex)
    pd.testing.assert_frame_equal(serial, parallel)


def test_compiled_network_is_cached_and_not_shared_across_scenarios(default_net):
    a = compile_network(default_net)
    assert compile_network(default_net) is a
    b = compile_network(default_net.with_scenario("suez_closed"))
    assert b is not a and len(b.edges) < len(a.edges)


def _scale_benchmark():
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location(
        "scale", Path(__file__).parents[1] / "benchmarks" / "scale.py")
    scale = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scale)
    return scale


def test_scale_benchmark_load_runs_on_a_small_network():
    """The loading benchmark writes and reads back the files the loader knows (it broke once
    when an optional file was added); the network read back has every generated link."""
    scale = _scale_benchmark()
    out = scale.measure_load(2_000)
    assert out["links"] == len(scale.generate_tables(2_000)["links"])
    assert out["read_s"] > 0 and out["pandas_s"] > 0


def test_generated_network_engine_equals_reference():
    """The scale benchmark's generator makes a valid network on which both implementations
    agree."""
    net = _scale_benchmark().generate(2_000)
    ids = list(net.places.index)
    rnd = random.Random(0)
    for _ in range(10):
        o, d = rnd.sample(ids, 2)
        m = tcroute.od_matrix(net, [o], [d])
        r = tcroute.shortest_route(net, o, d)
        assert m.iloc[0]["weight"] == pytest.approx(r.time_h, rel=1e-9)
        assert m.iloc[0]["cost_usd"] == pytest.approx(r.cost_usd, rel=1e-9)


def test_onward_wait_applies_in_the_rows_direction_only(default_net, tmp_path):
    """A terminal row's onward_wait_h (waiting for the train out) is paid by a box moving
    from_layer -> to_layer only: westbound at Alat (ferry -> rail), not eastbound; the route
    counts it as wait and the reliability model draws it with that mean."""
    path = tmp_path / "no_alat_wait.csv"
    path.write_text("table,id,action,column,value,source,note\n"
                    "terminals,az_alat_port_rail_ferry,set,onward_wait_h,0,test,\n",
                    encoding="utf-8")
    # the shipped network waits 42 h at Alat; the scenario takes the wait away
    none = default_net.with_scenario(str(path))
    waiting = default_net
    kw = {"modes": ["rail", "ferry"], "avoid_countries": ["RU", "IR"]}
    west0 = tcroute.shortest_route(none, "Almaty", "Tbilisi", **kw)
    west1 = tcroute.shortest_route(waiting, "Almaty", "Tbilisi", **kw)
    assert "az_alat_port_rail_ferry" in west0.legs["id"].to_list()
    assert west1.time_h == pytest.approx(west0.time_h + 42)
    leg = west1.legs.set_index("id").loc["az_alat_port_rail_ferry"]
    assert leg["wait_h"] == pytest.approx(42) and leg["from_layer"].startswith("ferry")
    east0 = tcroute.shortest_route(none, "Tbilisi", "Almaty", **kw)
    east1 = tcroute.shortest_route(waiting, "Tbilisi", "Almaty", **kw)
    assert east1.time_h == pytest.approx(east0.time_h)
    rel = tcroute.transit_time_distribution(waiting, west1, draws=40_000, seed=1,
                                            episodes=False)
    assert rel.mean_days == pytest.approx(west1.days, rel=0.02)
    onward = rel.elements.set_index("element").loc["onward train az_alat_port_rail_ferry"]
    assert onward["mean_h"] == pytest.approx(42, rel=0.02)  # as drawn
