"""Assignment: demand conservation and capacity respect for every method, the bulk loader
against the reference loader, and Hypothesis properties over random demand tables.

Capacities of the tiny fixture (TEU/year): rail Alpha-Bravo 500k, Bravo-Charlie 300k,
Charlie-Papa 400k, ferry Papa-Quebec 50k, rail Quebec-Delta 200k; terminals: Alpha
road/rail 100k, Bravo gauge 250k, Papa and Quebec rail/ferry 60k each; roads unknown.
"""

from __future__ import annotations

import itertools
import math

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tcroute

PLACES = ["Xi'an", "Chongqing", "Urumqi", "Almaty", "Aktau", "Turkmenbashi", "Baku", "Tbilisi",
          "Poti", "Istanbul", "Duisburg", "Budapest"]
LOADERS = ["bulk", "reference"]
METHODS = ["equilibrium", *LOADERS]


def independent_capacities(net: tcroute.Network) -> dict[str, float]:
    """Capacity of every asset read straight from the network's tables."""
    out = {}
    for name in ("links", "terminals"):
        t = net._table(name)
        out.update({i: float(c) for i, c in zip(t["id"], t["capacity_teu_year"], strict=True)
                    if c is not None and c == c})
    return out


def check_invariants(net: tcroute.Network, res: tcroute.AssignmentResult,
                     asked: float) -> None:
    """Demand conserved per pair and in total; no asset above its capacity (a link's per
    direction, a terminal's summed over directions)."""
    od = res.od
    assert (od["served_teu_year"] >= -1e-9).all() and (od["unserved_teu_year"] >= -1e-9).all()
    assert (od["served_teu_year"] + od["unserved_teu_year"]
            - od["asked_teu_year"]).abs().max() <= 1e-6
    assert res.served_teu_year + res.unserved_teu_year == pytest.approx(asked)
    caps = independent_capacities(net)
    loads = res.loads
    links = loads[loads["kind"] == "link"]
    for row in links.itertuples():
        assert row.load_teu_year <= caps.get(row.asset, math.inf) * (1 + 1e-9) + 1e-6, row
    terms = loads[loads["kind"] == "terminal"].groupby("asset")["load_teu_year"].sum()
    for asset, load in terms.items():
        assert load <= caps.get(asset, math.inf) * (1 + 1e-9) + 1e-6, asset
    assert res.overloaded.empty


# --------------------------------------------------------------------------- regressions
@pytest.mark.parametrize("method", METHODS)
def test_single_part_never_overloads_the_ferry(default_net, method):
    """One part of 100,000 TEU does not fit the Turkmenbashi ferries (their capacity follows
    the services, ~46,000 TEU-equivalents a year); it used to be put there because the bulk
    loader skipped the check while nothing was loaded yet."""
    res = tcroute.assign(default_net, [("Turkmenbashi", "Baku", 100_000)], increments=1,
                         method=method)
    check_invariants(default_net, res, 100_000)
    link = "ferry_tm_turkmenbashi_port__az_alat_port"
    cap = default_net.links.loc[link, "capacity_teu_year"]
    assert cap < 100_000
    ferry = res.loads[res.loads["asset"] == link]
    if method != "equilibrium":  # one indivisible part: it cannot take the ferry at all
        assert ferry.empty
    else:  # the equilibrium fills the ferry up to its queue, the rest goes round
        assert ferry["load_teu_year"].sum() <= cap


@pytest.mark.parametrize("method", METHODS)
def test_middle_corridor_fills_without_overloading(default_net, method):
    """300,000 TEU Xi'an-Duisburg by rail and ferry avoiding RU, BY and IR: what is served
    crosses the Caspian within the ferries' capacities, the rest is unserved."""
    res = tcroute.assign(default_net, [("Xi'an", "Duisburg", 300_000)],
                         avoid_countries=["RU", "BY", "IR"], modes=["rail", "ferry"],
                         method=method)
    check_invariants(default_net, res, 300_000)
    assert 0 < res.served_teu_year < 300_000
    # every served TEU crosses the Caspian: the ferries' loads add up to it
    ferries = res.loads[res.loads["asset"].str.match(r"ferry_(kz|tm)_.*__az_")]
    assert ferries["load_teu_year"].sum() == pytest.approx(res.served_teu_year)


def test_bulk_equals_reference_on_the_regression_cases(default_net):
    kw = dict(avoid_countries=["RU", "BY", "IR"], modes=["rail", "ferry"], increments=10)
    demand = [("Xi'an", "Duisburg", 300_000), ("Almaty", "Tbilisi", 40_000)]
    bulk = tcroute.assign(default_net, demand, method="bulk", **kw)
    ref = tcroute.assign(default_net, demand, method="reference", **kw)
    pd.testing.assert_frame_equal(bulk.od, ref.od)
    assert bulk.saturation_order == ref.saturation_order


def test_a_route_through_one_terminal_twice_counts_both_passes():
    from tcroute.assignment import _fits

    legs = [(("t1", "p", "p"), "terminal", 100.0), (("l1", "p", "q"), "link", 500.0),
            (("t1", "p", "p"), "terminal", 100.0)]
    assert _fits(legs, 50.0, {})
    assert not _fits(legs, 50.0, {("t1", "p", "p"): 1.0})
    assert not _fits(legs, 60.0, {})


# --------------------------------------------------------------------------- properties
demand_tables = st.lists(
    st.tuples(st.sampled_from(PLACES), st.sampled_from(PLACES),
              st.floats(min_value=0, max_value=400_000, allow_nan=False)),
    min_size=1, max_size=4).map(lambda rows: [r for r in rows if r[0] != r[1]]).filter(bool)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(demand=demand_tables, increments=st.integers(1, 6),
       avoid=st.sampled_from([[], ["RU", "BY"], ["RU", "BY", "IR"]]),
       method=st.sampled_from(["equilibrium", "bulk"]))
def test_assignment_respects_capacity_and_conserves_demand(default_net, demand, increments,
                                                           avoid, method):
    res = tcroute.assign(default_net, demand, increments=increments, avoid_countries=avoid,
                         method=method)
    check_invariants(default_net, res, sum(r[2] for r in demand))


@pytest.mark.slow
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(demand=demand_tables, increments=st.integers(1, 4))
def test_bulk_loads_what_the_reference_loads(default_net, demand, increments):
    kw = dict(increments=increments, avoid_countries=["RU", "BY"], weight="time")
    bulk = tcroute.assign(default_net, demand, method="bulk", **kw)
    ref = tcroute.assign(default_net, demand, method="reference", **kw)
    check_invariants(default_net, ref, sum(r[2] for r in demand))
    pd.testing.assert_frame_equal(bulk.od, ref.od)


# --------------------------------------------------------------------------- fixture answers



def test_assignment_conserves_demand_and_respects_capacity(tiny):
    demand = pd.DataFrame({"origin": ["Alpha", "Bravo"], "destination": ["Delta", "Delta"],
                           "teu_year": [40_000, 20_000]})
    res = tcroute.assign(tiny, demand, weight="time", modes=["rail", "ferry"], increments=10,
                         method="incremental")
    od = res.od
    assert (od["served_teu_year"] + od["unserved_teu_year"] == od["asked_teu_year"]).all()
    # only 50k can cross the ferry
    assert res.served_teu_year == pytest.approx(50_000)
    assert res.unserved_teu_year == pytest.approx(10_000)
    loads = res.loads.set_index("asset")
    assert loads.loc["ferry_kz_p__az_q", "load_teu_year"] == pytest.approx(50_000)
    assert not res.loads["overloaded"].any()
    assert res.saturation_order[0] == "ferry_kz_p__az_q"


def test_assignment_uses_free_alternative_before_overloading(tiny_copy):
    """Two ferries: once the fast one is full, demand takes the slower one."""
    from conftest import read_rows, write_rows

    folder = tiny_copy()
    header, rows = read_rows(folder / "links.csv")
    slow = dict(next(r for r in rows if r["mode"] == "ferry"))
    slow.update(id="ferry_kz_p__az_q_2", time_h="40", capacity_teu_year="100000")
    rows.append(slow)
    write_rows(folder / "links.csv", header, rows)
    net = tcroute.read_network(folder)
    res = tcroute.assign(net, [("Alpha", "Delta", 80_000)], weight="time",
                         modes=["rail", "ferry"], increments=8, method="incremental")
    loads = res.loads.set_index("asset")
    assert loads.loc["ferry_kz_p__az_q", "load_teu_year"] == pytest.approx(50_000)
    assert loads.loc["ferry_kz_p__az_q_2", "load_teu_year"] == pytest.approx(10_000)
    # the 60k rail/ferry terminals then bind: 60k served, 20k unserved
    assert res.served_teu_year == pytest.approx(60_000)
    assert (res.loads["load_teu_year"] <= res.loads["capacity_teu_year"].fillna(math.inf)
            + 1e-6).all()


def test_all_or_nothing_lists_overloads(tiny):
    res = tcroute.assign(tiny, [("Alpha", "Delta", 80_000)], weight="time",
                         modes=["rail", "ferry"], respect_capacity=False, increments=4,
                         method="incremental")
    assert res.served_teu_year == 80_000
    assert res.saturation_order[0] in {"ferry_kz_p__az_q", "kz_p_rail_ferry",
                                       "az_q_rail_ferry"}
    assert set(res.overloaded["asset"]) >= {"ferry_kz_p__az_q"}


def test_assignment_bad_demand(tiny):
    with pytest.raises(ValueError, match="teu_year"):
        tcroute.assign(tiny, pd.DataFrame({"origin": ["Alpha"], "destination": ["Delta"]}))
    with pytest.raises(tcroute.UnknownPlaceError):
        tcroute.assign(tiny, [("Alpah", "Delta", 10)])


def test_assignment_bulk_equals_reference(default_net):
    demand = [(o, d, 9_000.0) for o in ("Xi'an", "Chongqing", "Urumqi")
              for d in ("Duisburg", "Budapest")]
    kw = dict(avoid_countries=["RU", "BY"], modes=["rail", "ferry", "road"], increments=6)
    bulk = tcroute.assign(default_net, demand, method="bulk", **kw)
    ref = tcroute.assign(default_net, demand, method="reference", **kw)
    assert bulk.saturation_order == ref.saturation_order
    a = bulk.loads.set_index(["asset", "from_id", "to_id"])["load_teu_year"].sort_index()
    b = ref.loads.set_index(["asset", "from_id", "to_id"])["load_teu_year"].sort_index()
    pd.testing.assert_series_equal(a, b)
    pd.testing.assert_frame_equal(bulk.od, ref.od)


def test_stress_order_starts_at_the_caspian(default_net):
    """211,100 TEU (the Northern route's 2023 China-EU transit) moved onto routes avoiding RU
    and BY: the Bosporus rail crossing fills first, then the Aktau-Alat container feeders
    (their capacity follows the Kazmortransflot and ASCO fleets, ~87,600 TEU a year; container
    flats board neither the Kuryk nor the Poti-Varna rail ferries, see terminals.csv), then the
    Alat container terminal (phase 1, 100,000 TEU a year)."""
    import runpy
    from pathlib import Path

    ns = runpy.run_path(str(Path(__file__).parents[1] / "examples" /
                            "stress_northern_shift.py"))
    res = tcroute.assign(default_net, ns["demand"](1.0), avoid_countries=["RU", "BY"],
                         modes=["rail", "ferry", "road"], increments=20, method="incremental")
    assert res.saturation_order[:3] == ["rail_tr_gebze__tr_halkali",
                                        "ferry_kz_aktau_port__az_alat_port",
                                        "az_alat_port_rail_ferry"]


# --------------------------------------------------------------------------- equilibrium
def two_routes(tiny_copy, cap_fast: float, cap_slow: float) -> tcroute.Network:
    """Alpha and Bravo joined by two rail lines (both 1435 mm, no border)::

        Alpha ==fast: 200 km, 4 h, cap_fast== Bravo
          \\====slow: 300 km, 6 h, cap_slow====/
    """
    from conftest import read_rows, set_cells, write_rows

    folder = tiny_copy()
    set_cells(folder / "links.csv", {"id": "rail_cn_a__cn_b"},
              capacity_teu_year=str(cap_fast))
    header, rows = read_rows(folder / "links.csv")
    slow = dict(rows[0])
    slow.update(id="rail_cn_a__cn_b_2", length_km="300", capacity_teu_year=str(cap_slow))
    rows.insert(1, slow)
    write_rows(folder / "links.csv", header, rows)
    return tcroute.read_network(folder)


def kingman_h(flow: float, cap: float) -> float:
    """The documented delay written out: k * s * rho / (1 - rho), k = 1/2, s = one 80-TEU
    train's share of an hour of capacity."""
    s = 80 / (cap / 8760)
    rho = flow / cap
    return 0.5 * s * rho / (1 - rho)


def test_two_parallel_routes_match_the_closed_form(tiny_copy):
    """Wardrop: both lines used, at equal time 4 + d1(x) = 6 + d2(q - x), solved by brentq
    on the written-out queue formula."""
    from scipy.optimize import brentq

    net = two_routes(tiny_copy, 100_000, 60_000)
    q = 120_000.0
    x = brentq(lambda f: 4 + kingman_h(f, 100_000) - 6 - kingman_h(q - f, 60_000),
               q - 60_000 + 1, 100_000 - 1)
    assert x < 0.95 * 100_000 and q - x < 0.95 * 60_000  # below the tangent threshold
    res = tcroute.assign(net, [("Alpha", "Bravo", q)], weight="time", modes=["rail"],
                         gap=1e-7, max_iterations=500)
    loads = res.loads[res.loads["from_id"] == "cn_a"].set_index("asset")["load_teu_year"]
    assert loads["rail_cn_a__cn_b"] == pytest.approx(x, rel=1e-3)
    assert loads["rail_cn_a__cn_b_2"] == pytest.approx(q - x, rel=1e-3)
    od = res.od.iloc[0]
    assert od["time_h"] == pytest.approx(4 + kingman_h(x, 100_000), rel=1e-3)
    assert od["free_flow_time_h"] + od["queue_delay_h"] == pytest.approx(od["time_h"])
    assert od["served_teu_year"] == q
    assert res.relative_gap <= 1e-7
    gaps = res.convergence["relative_gap"].to_numpy()
    assert gaps[-1] < gaps[0]


def test_brute_force_minimum_of_the_beckmann_objective(tiny_copy):
    """The equilibrium split minimises the sum of integrals of route time (Beckmann): a grid
    search over the split, integrating the written-out formula numerically, agrees."""
    from scipy.integrate import quad

    net = two_routes(tiny_copy, 80_000, 80_000)
    q = 100_000.0
    res = tcroute.assign(net, [("Alpha", "Bravo", q)], weight="time", modes=["rail"],
                         gap=1e-8, max_iterations=500)
    fast = res.loads.set_index(["asset", "from_id"]).loc[("rail_cn_a__cn_b", "cn_a"),
                                                           "load_teu_year"]

    def beckmann(f: float) -> float:
        return (4 * f + quad(lambda v: kingman_h(v, 80_000), 0, f)[0]
                + 6 * (q - f) + quad(lambda v: kingman_h(v, 80_000), 0, q - f)[0])

    grid = [q / 2 + i * 100.0 for i in range(0, 200)]
    best = min(grid, key=beckmann)
    assert fast == pytest.approx(best, abs=100)


def test_demand_beyond_capacity_is_unserved_not_overloaded(tiny_copy):
    net = two_routes(tiny_copy, 100_000, 60_000)
    res = tcroute.assign(net, [("Alpha", "Bravo", 250_000)], weight="time", modes=["rail"])
    assert res.served_teu_year <= 160_000 + 1e-6
    assert res.served_teu_year >= 0.95 * 160_000  # capacity is used, up to its queue
    assert res.unserved_teu_year == pytest.approx(250_000 - res.served_teu_year)
    assert not res.loads["overloaded"].any()
    over = tcroute.assign(net, [("Alpha", "Bravo", 250_000)], weight="time", modes=["rail"],
                          respect_capacity=False)
    assert over.served_teu_year == 250_000
    assert set(over.overloaded["asset"]) >= {"rail_cn_a__cn_b"}


def test_equilibrium_does_not_depend_on_row_order(default_net):
    demand = [("Xi'an", "Duisburg", 60_000.0), ("Almaty", "Istanbul", 30_000.0),
              ("Urumqi", "Budapest", 40_000.0)]
    kw = dict(avoid_countries=["RU", "BY"], gap=1e-6, max_iterations=400)
    a = tcroute.assign(default_net, demand, **kw)
    b = tcroute.assign(default_net, demand[::-1], **kw)
    key = ["asset", "from_id", "to_id", "from_layer", "to_layer"]
    la = a.loads.set_index(key)["load_teu_year"].sort_index()
    lb = b.loads.set_index(key)["load_teu_year"].sort_index()
    big = la[la > 100].index.intersection(lb[lb > 100].index)
    pd.testing.assert_series_equal(la[big], lb[big], rtol=1e-2)
    assert a.served_teu_year == pytest.approx(b.served_teu_year, rel=1e-3)


def test_times_rise_where_assets_fill(default_net):
    kw = dict(avoid_countries=["RU", "BY", "IR"], modes=["rail", "ferry"])
    low = tcroute.assign(default_net, [("Xi'an", "Duisburg", 10_000)], **kw)
    high = tcroute.assign(default_net, [("Xi'an", "Duisburg", 80_000)], **kw)
    assert high.od["time_h"].iloc[0] > low.od["time_h"].iloc[0]
    assert high.od["queue_delay_h"].iloc[0] > low.od["queue_delay_h"].iloc[0] >= 0
    caspian = high.loads[high.loads["asset"] == "ferry_kz_aktau_port__az_alat_port"]
    assert (caspian["delay_h"] > 0).all()


def test_ferry_queue_scale_is_one_trains_share_by_hand(tiny):
    """The tiny ferry (50,000 TEU a year, two scheduled sailings a week) waits like every
    other asset: k = 0.5 (M/D/1) times one train's share of capacity, 80 TEU / (50,000 / 8,760
    h) = 14.0 h, times rho / (1 - rho); not in multiples of its 84 h headway."""
    res = tcroute.assign(tiny, [("Alpha", "Delta", 30_000)], modes=["rail", "ferry"],
                         weight="time")
    ferry = res.loads[res.loads["asset"] == "ferry_kz_p__az_q"].iloc[0]
    rho = ferry["load_teu_year"] / 50_000
    assert rho == pytest.approx(0.6)
    assert ferry["delay_h"] == pytest.approx(0.5 * 80 / (50_000 / 8_760) * rho / (1 - rho),
                                             rel=1e-6)


def test_queue_delay_function_and_its_slope():
    from tcroute.assignment import queue_delay_h, queue_delay_slope_h

    rho = [0.0, 0.3, 0.6, 0.9, 0.94, 0.95, 0.96, 1.0, 1.5]
    scale = [3.0] * len(rho)
    d = queue_delay_h(rho, scale, 0.95)
    assert d[0] == 0 and all(b > a for a, b in itertools.pairwise(d))
    assert d[2] == pytest.approx(3 * 0.6 / 0.4)
    # tangent continuation: continuous at the threshold, finite beyond capacity
    assert queue_delay_h([0.95 + 1e-9], [3.0], 0.95)[0] == pytest.approx(3 * 19, rel=1e-6)
    assert math.isfinite(d[-1])
    slope = queue_delay_slope_h(rho, scale, 0.95)
    h = 1e-7
    for r, s in zip(rho, slope, strict=True):
        if r in (0.0, 0.95):
            continue
        fd = (queue_delay_h([r + h], [3.0], 0.95)[0] - queue_delay_h([r - h], [3.0], 0.95)[0])
        assert s == pytest.approx(fd / (2 * h), rel=1e-4)
    assert all(b >= a for a, b in itertools.pairwise(slope))  # convex


@pytest.mark.parametrize("algorithm", ["frank-wolfe", "msa"])
def test_other_algorithms_reach_the_same_split(tiny_copy, algorithm):
    net = two_routes(tiny_copy, 100_000, 60_000)
    ref = tcroute.assign(net, [("Alpha", "Bravo", 120_000)], weight="time", modes=["rail"],
                         gap=1e-7, max_iterations=500)
    res = tcroute.assign(net, [("Alpha", "Bravo", 120_000)], weight="time", modes=["rail"],
                         algorithm=algorithm, gap=1e-3, max_iterations=2000)
    key = ["asset", "from_id"]
    a = ref.loads.set_index(key)["load_teu_year"].sort_index()
    b = res.loads.set_index(key)["load_teu_year"].sort_index()
    pd.testing.assert_series_equal(a, b, rtol=2e-2)


def test_equilibrium_arguments(tiny):
    with pytest.raises(ValueError, match="method"):
        tcroute.assign(tiny, [("Alpha", "Delta", 1)], method="fast")
    with pytest.raises(ValueError, match="algorithm"):
        tcroute.assign(tiny, [("Alpha", "Delta", 1)], algorithm="newton")
    with pytest.raises(ValueError, match="weight"):
        tcroute.assign(tiny, [("Alpha", "Delta", 1)], weight="distance")
    with pytest.raises(ValueError, match="threshold"):
        tcroute.assignment.QueueModel(threshold=1.2)


def test_per_row_avoided_countries_are_classes_of_shippers(default_net):
    """Two classes share the assets: one avoids RU, BY and IR, the other may go anywhere.
    Each class's routes keep its constraint; at low volume each class takes the route it
    would take alone."""
    demand = pd.DataFrame({"origin": ["Xi'an", "Xi'an"], "destination": ["Duisburg"] * 2,
                           "teu_year": [1_000.0, 1_000.0],
                           "avoid_countries": ["RU;BY;IR", ""]})
    res = tcroute.assign(default_net, demand, modes=["rail", "ferry"])
    assert res.od["served_teu_year"].sum() == pytest.approx(2_000)
    assert res.routes["teu_year"].sum() == pytest.approx(2_000)
    for countries in res.routes.loc[res.routes["demand_row"] == 0, "countries"]:
        assert not {"RU", "BY", "IR"} & set(countries.split(">"))
    alone = tcroute.assign(default_net, demand.iloc[[0]].drop(columns="avoid_countries"),
                           modes=["rail", "ferry"], avoid_countries=["RU", "BY", "IR"])
    free = tcroute.assign(default_net, demand.iloc[[1]].drop(columns="avoid_countries"),
                          modes=["rail", "ferry"])
    assert res.od["time_h"].iloc[0] == pytest.approx(alone.od["time_h"].iloc[0], rel=1e-3)
    assert res.od["time_h"].iloc[1] == pytest.approx(free.od["time_h"].iloc[0], rel=1e-3)
    assert res.od["time_h"].iloc[1] < res.od["time_h"].iloc[0]
    with pytest.raises(ValueError, match="equilibrium"):
        tcroute.assign(default_net, demand, method="incremental")
    with pytest.raises(ValueError, match="ISO"):
        tcroute.assign(default_net, demand.assign(avoid_countries=["Russia", ""]))


# --------------------------------------------------------------------------- one bottleneck
def test_first_to_saturate_agrees_on_a_single_chain(tiny):
    """Alpha -> Delta by rail and ferry: one route, whose smallest capacity (the 50k ferry)
    is the min cut; the equilibrium fills it first."""
    from tcroute.assignment import first_to_saturate

    s = first_to_saturate(tiny, "Alpha", "Delta", modes=["rail", "ferry"],
                          start_teu_year=5_000)
    assert s.asset == s.route_bottleneck == "ferry_kz_p__az_q"
    assert s.min_cut == ["ferry_kz_p__az_q"] and s.max_flow_teu_year == pytest.approx(50_000)
    assert s.agrees and s.why == ""
    times = s.sweep["time_h"].to_numpy()
    assert all(b >= a - 1e-6 for a, b in itertools.pairwise(times))  # queues only grow


def test_first_to_saturate_says_why_when_routes_share_the_load(default_net):
    from tcroute.assignment import first_to_saturate

    s = first_to_saturate(default_net, "Xi'an", "Duisburg", modes=["rail", "ferry"],
                          avoid_countries=["RU", "BY", "IR"], start_teu_year=10_000)
    assert s.asset is not None
    if not s.agrees:
        assert s.asset in s.why
        if s.route_bottleneck != s.asset:
            assert s.route_bottleneck in s.why
        if s.asset not in s.min_cut:
            assert "min cut" in s.why
    last = s.sweep.iloc[-1]
    assert last["fullest_asset"] == s.asset
    assert last["fullest_utilisation"] >= 0.9 or last["unserved_teu_year"] > 0


def test_diff_of_two_equilibria_sums_directions(default_net):
    demand = [("Xi'an", "Duisburg", 30_000.0), ("Duisburg", "Xi'an", 20_000.0)]
    kw = dict(avoid_countries=["RU", "BY", "IR"], modes=["rail", "ferry"])
    before = tcroute.assign(default_net, demand, **kw)
    after = tcroute.assign(default_net.with_scenario("middle_corridor_2030"), demand, **kw)
    d = tcroute.diff(before, after)
    assert d.index.is_unique
    both = before.loads[before.loads["asset"] == "ferry_kz_aktau_port__az_alat_port"]
    if len(both):
        assert d.loc["ferry_kz_aktau_port__az_alat_port", "load_before"] == pytest.approx(
            both["load_teu_year"].sum())


def test_outside_option_makes_demand_elastic(default_net):
    """A pair whose alternative (outside_usd_per_teu) is cheaper than the network's free-flow
    cost ships it all that way; one whose alternative is dearer than the network at its
    equilibrium loads it all; one in between loads until its queue makes the network cost
    what the alternative costs (then the rest is unserved)."""
    kw = {"modes": ["rail", "ferry"], "avoid_countries": ["RU", "IR"]}
    dem = pd.DataFrame({"origin": ["Almaty", "Almaty"], "destination": ["Tbilisi", "Baku"],
                        "teu_year": [60_000.0, 1_000.0]})
    vot = tcroute.CostModel().value_of_time_usd_per_teu_h
    base = tcroute.assign(default_net, dem, **kw)
    gen = (base.od["cost_usd"] + vot * base.od["time_h"]).to_numpy()
    free = tcroute.shortest_route(default_net, "Almaty", "Tbilisi", weight="generalized", **kw)
    free_gen = free.cost_usd + vot * free.time_h
    cheap = tcroute.assign(default_net, dem.assign(
        outside_usd_per_teu=[0.5 * free_gen, None]), **kw)
    assert cheap.od["served_teu_year"].iloc[0] == pytest.approx(0, abs=1)
    assert cheap.od["served_teu_year"].iloc[1] == pytest.approx(1_000, rel=1e-6)
    dear = tcroute.assign(default_net, dem.assign(outside_usd_per_teu=1.5 * gen), **kw)
    assert dear.unserved_teu_year == pytest.approx(0, abs=1)
    # in between: the served TEU pay (about) what the alternative costs, never more
    mid_cost = (free_gen + gen[0]) / 2
    mid = tcroute.assign(default_net, dem.assign(outside_usd_per_teu=[mid_cost, None]), **kw)
    served = mid.od["served_teu_year"].iloc[0]
    assert 0 < served < 60_000
    paid = mid.od["cost_usd"].iloc[0] + vot * mid.od["time_h"].iloc[0]
    assert paid == pytest.approx(mid_cost, rel=0.02)
    with pytest.raises(tcroute.InvalidArgumentError, match="method='equilibrium'"):
        tcroute.assign(default_net, dem.assign(outside_usd_per_teu=1000.0),
                       method="incremental", **kw)
    with pytest.raises(tcroute.InvalidArgumentError, match="numbers > 0"):
        tcroute.assign(default_net, dem.assign(outside_usd_per_teu=[-1.0, 5.0]), **kw)
