"""Throughput, widest route and criticality: fixture answers, networkx and brute
force cross-checks, and the default network's Middle Corridor.

Capacities of the tiny fixture (TEU/year): rail Alpha-Bravo 500k, Bravo-Charlie 300k,
Charlie-Papa 400k, ferry Papa-Quebec 50k, rail Quebec-Delta 200k; terminals: Alpha
road/rail 100k, Bravo gauge 250k, Papa and Quebec rail/ferry 60k each; roads unknown.
"""

from __future__ import annotations

import itertools
import math

import networkx as nx
import pytest
from reference import reference_graph

import tcroute
from tcroute.bottlenecks import _flow_network

CHINA = ["Xi'an", "Chongqing", "Chengdu", "Zhengzhou", "Wuhan", "Yiwu", "Lanzhou", "Urumqi"]
EUROPE = ["Duisburg", "Hamburg", "Rotterdam", "Łódź", "Budapest", "Vienna", "Prague"]


def test_fixture_max_flow_is_the_ferry(tiny):
    res = tcroute.max_throughput(tiny, "Alpha", "Delta")
    assert res.max_flow_teu_year == pytest.approx(50_000)
    assert list(res.min_cut["asset"]) == ["ferry_kz_p__az_q"]
    assert res.min_cut["capacity_teu_year"].sum() == pytest.approx(res.max_flow_teu_year)
    assert not res.unbounded
    # the road legs carry flow with unknown capacity: reported, never silent
    assert "road_cn_a__kz_p" in set(res.unknown_capacities["asset"]) or \
        res.flows.query("mode == 'rail'")["flow_teu_year"].sum() > 0
    assert res.warnings == [] or "unknown capacity" in res.warnings[0]


def test_fixture_terminal_capacity_counts(tiny_copy):
    """Raise the ferry to 1M: rail must pass the 60k rail/ferry terminals, road is unknown
    (unlimited) unless a value is assumed."""
    from conftest import set_cells

    folder = tiny_copy()
    set_cells(folder / "links.csv", {"mode": "ferry"}, capacity_teu_year="1000000")
    net = tcroute.read_network(folder)
    rail = tcroute.max_throughput(net, "Alpha", "Delta", modes=["rail", "ferry"])
    assert rail.max_flow_teu_year == pytest.approx(60_000)
    assert set(rail.min_cut["kind"]) == {"terminal"}
    assert set(rail.min_cut["asset"]) <= {"kz_p_rail_ferry", "az_q_rail_ferry"}
    assumed = tcroute.max_throughput(net, "Alpha", "Delta", unknown_capacity=10_000)
    # rail 60k + road limited by the unknown road links / road-ferry terminals at 10k
    assert assumed.max_flow_teu_year == pytest.approx(70_000)
    free = tcroute.max_throughput(net, "Alpha", "Delta")
    assert free.max_flow_teu_year == pytest.approx(1_000_000)  # the ferry binds the roads
    assert not free.unbounded and "unknown capacity" in " ".join(free.warnings)
    # with the ferry's capacity unknown too, nothing known bounds the road path
    set_cells(folder / "links.csv", {"mode": "ferry"}, capacity_teu_year="")
    unbounded = tcroute.max_throughput(tcroute.read_network(folder), "Alpha", "Delta")
    assert unbounded.unbounded and "not bounded" in " ".join(unbounded.warnings)


def _brute_force_min_cut(net, origin, destination, **view_kw):
    """Smallest total capacity of a set of capacitated assets whose removal disconnects the
    origin from the destination (unknown capacities cannot be removed)."""
    rg = reference_graph(net)
    view = rg.view(**view_kw)
    legs = {}
    for u, v, d in view.edges(data=True):
        for leg in d["legs"]:
            legs.setdefault(leg["id"], []).append((u, v, leg))
    capped = {a: es[0][2]["capacity_teu_year"] for a, es in legs.items()
              if es[0][2]["capacity_teu_year"] is not None}
    best = math.inf
    names = sorted(capped)
    for r in range(len(names) + 1):
        for combo in itertools.combinations(names, r):
            total = sum(capped[a] for a in combo)
            if total >= best:
                continue
            g = nx.DiGraph()
            for a, es in legs.items():
                if a not in combo:
                    g.add_edges_from((u, v) for u, v, _ in es)
            srcs = [n for n in rg.nodes_at(origin) if n in g]
            dsts = {n for n in rg.nodes_at(destination) if n in g}
            reach = set().union(*(nx.descendants(g, s) | {s} for s in srcs)) if srcs else set()
            if not reach & dsts:
                best = total
    return best


@pytest.mark.parametrize("modes", [None, ["rail", "ferry"]])
def test_max_flow_equals_brute_force_min_cut(tiny, modes):
    res = tcroute.max_throughput(tiny, "Alpha", "Delta", modes=modes)
    allowed = modes or ["rail", "road", "ferry", "sea"]
    assert res.max_flow_teu_year == pytest.approx(
        _brute_force_min_cut(tiny, "cn_a", "az_d", allowed_modes=allowed))


def test_default_network_against_networkx_and_conservation(default_net):
    o_ids = [default_net.resolve(p) for p in CHINA]
    d_ids = [default_net.resolve(p) for p in EUROPE]
    res = tcroute.max_throughput(default_net, CHINA, EUROPE,
                                 avoid_countries=["RU", "BY", "IR"], modes=["rail", "ferry"])
    # independent: networkx min cut on the same expanded graph
    rg = reference_graph(default_net)
    view = rg.view(avoid_countries=["RU", "BY", "IR"], allowed_modes=["rail", "ferry"])
    g, _ = _flow_network(rg, view, 1e12)
    for o in o_ids:
        for n in rg.nodes_at(o):
            if n in view:
                g.add_edge("S", n)
    for d in d_ids:
        for n in rg.nodes_at(d):
            if n in view:
                g.add_edge(n, "T")
    cut_value, _ = nx.minimum_cut(g, "S", "T")
    assert res.max_flow_teu_year == pytest.approx(cut_value)
    assert res.min_cut["capacity_teu_year"].sum() == pytest.approx(res.max_flow_teu_year)
    # flow conservation at every place that is neither origin nor destination
    links = res.flows[res.flows["kind"] == "link"]
    inflow = links.groupby("to_id")["flow_teu_year"].sum()
    outflow = links.groupby("from_id")["flow_teu_year"].sum()
    for p in set(inflow.index) | set(outflow.index):
        if p in o_ids or p in d_ids:
            continue
        assert inflow.get(p, 0.0) == pytest.approx(outflow.get(p, 0.0), abs=1e-3), p
    # no asset above its capacity
    known = res.flows.dropna(subset=["capacity_teu_year"])
    links_known = known[known["kind"] == "link"]
    assert (links_known["flow_teu_year"] <= links_known["capacity_teu_year"] + 1e-6).all()
    terms = known[known["kind"] == "terminal"].groupby("asset").agg(
        flow=("flow_teu_year", "sum"), cap=("capacity_teu_year", "first"))
    assert (terms["flow"] <= terms["cap"] + 1e-6).all()


def test_middle_corridor_chokes_at_the_caspian(default_net):
    """Avoiding RU, BY and IR, rail and ferry throughput from China to the EU is limited by
    the Caspian crossing: the port of Baku/Alat and the ferries that reach it."""
    res = tcroute.max_throughput(default_net, CHINA, EUROPE,
                                 avoid_countries=["RU", "BY", "IR"], modes=["rail", "ferry"])
    assert 50_000 <= res.max_flow_teu_year <= 500_000
    caspian = {"az_alat_port", "kz_aktau_port", "kz_kuryk_port", "tm_turkmenbashi_port"}
    cut_places = set(res.min_cut["from_id"]) | set(res.min_cut["to_id"])
    assert cut_places & caspian


def test_widest_route_fixture(tiny):
    r = tcroute.widest_route(tiny, "Alpha", "Delta", modes=["rail", "ferry"])
    cap, asset, _ = tcroute.route_bottleneck(r)
    assert cap == 50_000 and asset == "ferry_kz_p__az_q"
    with pytest.raises(TypeError):
        tcroute.widest_route(tiny, "Alpha", "Delta", weight="cost")


def test_widest_route_is_widest_by_brute_force(default_net):
    """No alternative route within the 1.5x time limit has a larger bottleneck."""
    r = tcroute.widest_route(default_net, "Almaty", "Tbilisi", modes=["rail", "ferry"])
    cap, _, _ = tcroute.route_bottleneck(r)
    alts = tcroute.alternative_routes(default_net, "Almaty", "Tbilisi", k=5,
                                      modes=["rail", "ferry"])
    cap = math.inf if cap is None else cap
    fastest = min(a.time_h for a in alts)
    for a in alts:
        if a.time_h > 1.5 * fastest:
            continue
        c, _, _ = tcroute.route_bottleneck(a)
        assert c is None or c <= cap


def test_criticality_matches_rerouting(default_net):
    pairs = [("Xi'an", "Istanbul", 100.0), ("Almaty", "Tbilisi", 50.0)]
    crit = tcroute.criticality(default_net, pairs, avoid_countries=["RU", "BY", "IR"])
    assert list(crit["rank"]) == list(range(1, len(crit) + 1))
    top = crit.iloc[0]
    # cross-check against re-running shortest_route on a network with that link closed
    closed = default_net.with_closed(links=[top["element"]])
    expect_dt, expect_cut = 0.0, 0.0
    for o, d, w in pairs:
        r0 = tcroute.shortest_route(default_net, o, d, avoid_countries=["RU", "BY", "IR"])
        if top["element"] not in set(r0.legs["id"]):
            continue
        try:
            r1 = tcroute.shortest_route(closed, o, d, avoid_countries=["RU", "BY", "IR"])
            expect_dt += w * (r1.time_h - r0.time_h)
        except tcroute.NoRouteError:
            expect_cut += w
    assert top["delta_time_h"] == pytest.approx(expect_dt)
    assert top["teu_cut_off"] == pytest.approx(expect_cut)


def test_criticality_groups_and_places(default_net):
    storm = [lid for lid in default_net.links.index if lid.startswith("ferry_")
             and ("az_alat_port" in lid)]
    crit = tcroute.criticality(default_net, [("Almaty", "Tbilisi")], groups={
        "Caspian storm": storm}, avoid_countries=["RU", "BY", "IR"])
    row = crit.set_index("element").loc["Caspian storm"]
    # without the Caspian sailings the only way left is round by sea through Suez and the
    # Black Sea: weeks longer
    assert row["kind"] == "group" and row["pairs_affected"] == 1
    assert row["pairs_cut_off"] == 1 or row["delta_time_h"] > 24 * 10
    assert crit.iloc[0]["element"] == "Caspian storm"
    places = tcroute.criticality(default_net, [("Almaty", "Tbilisi")], elements="places",
                                 avoid_countries=["RU", "BY", "IR"])
    assert set(places["kind"]) == {"place"}
    with pytest.raises(ValueError, match="elements"):
        tcroute.criticality(default_net, [("Almaty", "Tbilisi")], elements="ports")


def test_min_cut_names_what_limits_each_asset(default_net):
    """A Caspian or Lake Van crossing is limited by its ships (services.csv), a terminal by
    itself; the vessels named are the crossing's own services."""
    res = tcroute.max_throughput(default_net, "Xi'an", "Duisburg", avoid_countries=["RU", "BY"],
                                 modes=["rail", "ferry"])
    cut = res.min_cut.set_index("asset")
    links = default_net.links
    for asset, row in cut.iterrows():
        if row["kind"] == "link" and row["mode"] == "ferry":
            assert row["limited_by"] == f"vessels:{links.at[asset, 'services']}"
        else:
            assert row["limited_by"] == "infrastructure"
    assert (cut["mode"] == "ferry").any()
