"""Transit-time reliability: distributions match their inputs, the simulation's mean matches
the routing mean, draws are reproducible, and the Middle Corridor is less predictable."""

from __future__ import annotations

import numpy as np
import pytest

import tcroute
from tcroute.reliability import delay_distribution


@pytest.mark.parametrize(("mean", "p90"), [(10, 15), (10, 25), (24, 78), (10, 40), (4, 16)])
def test_delay_distribution_matches_mean_and_p90(mean, p90):
    sample, achieved, family = delay_distribution(mean, p90)
    x = sample(np.random.default_rng(7), 400_000)
    assert x.min() >= 0
    assert x.mean() == pytest.approx(mean, rel=0.02)
    assert np.percentile(x, 90) == pytest.approx(achieved, rel=0.03)
    assert achieved == pytest.approx(p90, rel=0.03)
    assert family == ("gamma" if p90 / mean <= 3 else "mixture")


@pytest.mark.parametrize(("mean", "p90"), [(4.0, 24.0), (8.5, 48.0)])
def test_unreachable_p90_is_capped_mean_kept(mean, p90):
    sample, achieved, _ = delay_distribution(mean, p90)  # p90 about six times the mean
    assert 3 * mean < achieved < p90
    x = sample(np.random.default_rng(1), 200_000)
    assert x.mean() == pytest.approx(mean, rel=0.02)
    assert np.percentile(x, 90) == pytest.approx(achieved, rel=0.03)


def test_capped_percentiles_are_reported(default_net):
    rel = tcroute.transit_time_distribution(default_net, ("Xi'an", "Duisburg"), seed=2,
                                            modes=["rail"], draws=1000)
    assert any("cannot go with a mean" in w for w in rel.warnings)


def test_constant_when_no_percentile():
    sample, achieved, family = delay_distribution(5.0, None)
    assert family == "constant" and achieved == 5.0
    assert set(sample(np.random.default_rng(0), 10)) == {5.0}


def test_fixture_components(tiny):
    r = tcroute.shortest_route(tiny, "Alpha", "Delta", avoid_modes=["road"])
    rel = tcroute.transit_time_distribution(tiny, r, draws=50_000, seed=3)
    src = rel.sources.set_index("source")
    assert src.loc["wait", "mean_h"] == pytest.approx(42.0, rel=0.02)  # uniform 0..84 h
    assert src.loc["wait", "std_h"] == pytest.approx(84 / np.sqrt(12), rel=0.02)
    assert src.loc["border", "mean_h"] == pytest.approx(10.0, rel=0.03)
    assert rel.sources["share"].sum() == pytest.approx(1.0)
    assert rel.mean_days == pytest.approx(r.days, rel=0.01)
    # no randomness in running time: nothing below the fixed running hours
    assert rel.draws.min() >= r.legs["travel_h"].sum() / 24 - 1e-9


def test_border_spread_follows_the_chosen_rail_dwell(tiny_copy):
    from conftest import set_cells

    folder = tiny_copy()
    # CN->KZ rail: all traffic 10 h (p90 30 h); a block train 3 h (p90 9 h)
    set_cells(folder / "borders.csv", {"id": "cn_kz_rail"}, block_train_dwell_h="3",
              block_train_dwell_p90_h="9")
    net = tcroute.read_network(folder)
    for model, mean, p90 in ((None, 3.0, 9.0),
                             (tcroute.CostModel(rail_border_dwell="all_traffic"), 10.0, 30.0),
                             (tcroute.CostModel(border_dwell_scale=2.0), 6.0, 18.0)):
        r = tcroute.shortest_route(net, "Alpha", "Charlie", modes=["rail"], cost_model=model)
        rel = tcroute.transit_time_distribution(net, r, draws=40_000, seed=5, episodes=False)
        el = rel.elements.set_index("source").loc["border"]
        assert el["mean_h"] == pytest.approx(mean, rel=0.03)
        assert el["p90_h"] == pytest.approx(p90, rel=0.05)
        # the result says when its borders are the all-traffic means
        assert ("all-traffic" in rel.basis) == (mean == 10.0)


def test_reproducible_with_seed(default_net):
    a = tcroute.transit_time_distribution(default_net, ("Almaty", "Tbilisi"), seed=11,
                                          draws=2000)
    b = tcroute.transit_time_distribution(default_net, ("Almaty", "Tbilisi"), seed=11,
                                          draws=2000)
    c = tcroute.transit_time_distribution(default_net, ("Almaty", "Tbilisi"), seed=12,
                                          draws=2000)
    assert np.array_equal(a.draws, b.draws) and not np.array_equal(a.draws, c.draws)


@pytest.mark.parametrize("od", [("Xi'an", "Duisburg"), ("Almaty", "Istanbul"),
                                ("Urumqi", "Constanța")])
def test_simulated_mean_equals_routing_mean(default_net, od):
    r = tcroute.shortest_route(default_net, *od)
    rel = tcroute.transit_time_distribution(default_net, r, draws=40_000, seed=5,
                                            episodes=False)
    assert rel.mean_days == pytest.approx(r.days, rel=0.02)
    assert rel.p10_days <= rel.p50_days <= rel.p90_days


def test_middle_corridor_spread_wider_than_northern_and_says_why(default_net):
    df = tcroute.compare_corridors(default_net, "Xi'an", "Duisburg", reliability=True,
                                   corridors=["northern", "middle_black_sea"], draws=20_000)
    assert df.loc["middle_black_sea", "spread_days"] > df.loc["northern", "spread_days"]
    assert (df["p90_days"] >= df["p50_days"]).all()
    rel = tcroute.transit_time_distribution(default_net, df.loc["middle_black_sea", "route"],
                                            seed=0, episodes=False)
    sources = rel.sources.set_index("source")["share"]
    assert sources.sum() == pytest.approx(1.0, abs=1e-6)
    # a block train crosses the borders in hours: the Caspian and Black Sea sailings (waits
    # and storm closures) and the port transfers drive the spread; the borders add a share
    assert sources["wait"] + sources["weather"] > 0.5
    assert sources["transfer"] > 0.2 and sources["border"] > 0.03
    # the summary names the element that contributes most: a sailing, the Black Sea feeder
    # to Constanta (three a month) or the Aktau-Alat feeders
    top = rel.elements.sort_values("std_h", ascending=False).iloc[0]["element"]
    assert top.startswith("sailing ") and ("constanta" in top or "aktau" in top)
    assert top in rel.summary()


def test_argument_checks(default_net):
    with pytest.raises(ValueError, match="draws"):
        tcroute.transit_time_distribution(default_net, ("Almaty", "Tbilisi"), draws=10)


def test_executor_gives_identical_draws(default_net):
    from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

    r = tcroute.shortest_route(default_net, "Xi'an", "Duisburg",
                               avoid_countries=["RU", "BY", "IR"])
    serial = tcroute.transit_time_distribution(default_net, r, draws=5000, seed=9)
    with ThreadPoolExecutor(2) as ex:
        threads = tcroute.transit_time_distribution(default_net, r, draws=5000, seed=9,
                                                    executor=ex)
    with ProcessPoolExecutor(2) as ex:
        procs = tcroute.transit_time_distribution(default_net, r, draws=5000, seed=9,
                                                  executor=ex)
    assert np.array_equal(serial.draws, threads.draws)
    assert np.array_equal(serial.draws, procs.draws)


@pytest.mark.parametrize(("mean", "p90"), [(1e-320, 10.0), (1e-320, 1e308), (0.0, 5.0),
                                           (5.0, 5.0000001), (0.001, 8760.0), (100.0, 8760.0)])
def test_delay_distribution_numerical_edges(mean, p90):
    """Tiny means, p90s barely above the mean and huge ratios give a sampler, not an
    overflow or a root-finding error."""
    import numpy as np

    from tcroute.reliability import delay_distribution

    dist, achieved, family = delay_distribution(mean, p90)
    draws = dist(np.random.default_rng(0), 2000)
    assert np.isfinite(draws).all() and (draws >= 0).all()
    assert np.isfinite(achieved)
    if mean < 1e-6:
        assert family == "constant" and achieved == 0.0


# --- by month, through episodes, and the answers shippers ask ----------------------------

CASPIAN = {"via": ["Aktau", "Baku"], "avoid_countries": ["RU", "IR"],
           "modes": ["rail", "ferry"]}


@pytest.fixture(scope="module")
def caspian_route(default_net):
    r = tcroute.shortest_route(default_net, "Xi'an", "Duisburg", **CASPIAN)
    assert any(leg.startswith("ferry_") and "az_alat_port" in leg for leg in r.legs["id"])
    return r


def test_month_reproducible_and_validated(default_net, caspian_route):
    a = tcroute.transit_time_distribution(default_net, caspian_route, month=1, seed=4,
                                          draws=2000)
    b = tcroute.transit_time_distribution(default_net, caspian_route, month=1, seed=4,
                                          draws=2000)
    assert np.array_equal(a.draws, b.draws) and a.month == 1 and "January" in a.basis
    year = tcroute.transit_time_distribution(default_net, caspian_route, seed=4, draws=2000)
    assert year.month is None and "year-round mix" in year.basis
    for bad in (0, 13, 1.5, "jan", True):
        with pytest.raises(ValueError, match="month"):
            tcroute.transit_time_distribution(default_net, caspian_route, month=bad)


def test_january_worse_than_july_on_a_caspian_route(default_net, caspian_route):
    jan = tcroute.transit_time_distribution(default_net, caspian_route, month=1, seed=1,
                                            draws=40_000)
    jul = tcroute.transit_time_distribution(default_net, caspian_route, month=7, seed=1,
                                            draws=40_000)
    assert jan.mean_days > jul.mean_days
    assert jan.p95_days >= jul.p95_days
    storms = {m: r.elements.set_index("element").loc["storms caspian"]
              for m, r in ((1, jan), (7, jul))}
    # the chance of a closure is the month's closure days over its days (weather.csv)
    assert storms[1]["chance"] == pytest.approx(3.5 / 31)
    assert storms[7]["chance"] == pytest.approx(0.5 / 31)
    assert storms[1]["mean_h"] > 4 * storms[7]["mean_h"]


def test_storm_mean_by_month_by_hand(default_net, caspian_route):
    # closure on arrival with p = days/month; rest Exp(ep), queue u x elapsed Exp(ep)
    rel = tcroute.transit_time_distribution(default_net, caspian_route, month=1, seed=2,
                                            draws=200_000)
    storm = rel.elements.set_index("element").loc["storms caspian"]
    # January: 3.5 of 31 days, episodes 3.5 days, utilisation 0.58; links.csv year totals
    # (18 days x 3 days) equal the table's, so no rescaling
    expected_h = 3.5 / 31 * 3.5 * 24 * (1 + 0.58)
    assert storm["mean_h"] == pytest.approx(expected_h, rel=0.04)


@pytest.mark.parametrize("corridor_kw", [CASPIAN, {"via": ["by_brest"], "modes": ["rail"]}])
def test_year_round_mean_equals_routing_mean_without_episodes(default_net, corridor_kw):
    r = tcroute.shortest_route(default_net, "Xi'an", "Duisburg", **corridor_kw)
    rel = tcroute.transit_time_distribution(default_net, r, episodes=False, draws=60_000,
                                            seed=8)
    assert rel.mean_days == pytest.approx(r.days, rel=0.01)
    assert (rel.elements["source"] != "episode").all()


def test_no_month_makes_the_northern_route_worse_through_a_caspian_storm(default_net):
    north = tcroute.shortest_route(default_net, "Xi'an", "Duisburg", via=["by_brest"],
                                   modes=["rail"])
    storm = default_net.with_scenario("caspian_storm")
    north_storm = tcroute.shortest_route(storm, "Xi'an", "Duisburg", via=["by_brest"],
                                         modes=["rail"])
    for m in range(1, 13):
        a = tcroute.transit_time_distribution(default_net, north, month=m, seed=m, draws=500)
        b = tcroute.transit_time_distribution(storm, north_storm, month=m, seed=m, draws=500)
        assert np.array_equal(a.draws, b.draws), m
        assert "storms caspian" not in set(a.elements["element"])


def test_episode_chance_by_hand(default_net):
    from tcroute.episodes import read_episodes

    eps = read_episodes()
    r = tcroute.shortest_route(default_net, "Urumqi", "Almaty", modes=["rail"])
    rel = tcroute.transit_time_distribution(default_net, r, month=4, seed=0, draws=1000)
    el = rel.elements.set_index("element")
    ep = eps.loc["kz_cn_border_congestion_2024_spring"]
    # not seasonal: its 60 days (1 April to 31 May 2024) spread over the year by days of month
    assert sum(ep["months"]) == pytest.approx(60) and ep["months"][3] == pytest.approx(
        60 * 30 / 365)
    assert el.loc["episode kz_cn_border_congestion_2024_spring", "chance"] == pytest.approx(
        ep["recurrence_per_year"] * 60 / 365)
    # seasonal (a December blizzard): no chance in April, some in December
    blizzard = "episode dostyk_blizzard_2023_12"
    if blizzard in el.index:
        assert el.loc[blizzard, "chance"] == 0
        dec = tcroute.transit_time_distribution(default_net, r, month=12, seed=0, draws=1000)
        assert dec.elements.set_index("element").loc[blizzard, "chance"] == pytest.approx(
            ep["recurrence_per_year"] * 5 / 31, rel=0.01)
    # eastbound only: not met going west
    assert "episode dostyk_eastbound_ban_2024" not in el.index


def test_during_forces_an_episode(default_net):
    r = tcroute.shortest_route(default_net, "Urumqi", "Almaty", modes=["rail"])
    base = tcroute.transit_time_distribution(default_net, r, episodes=False, seed=3,
                                             draws=5000)
    hit = tcroute.transit_time_distribution(default_net, r, episodes=False, seed=3,
                                            draws=5000,
                                            during=["kz_cn_border_congestion_2024_spring"])
    # uniform 7-15 days on top: mean +11 days, nothing below +7
    assert hit.mean_days - base.mean_days == pytest.approx(11, abs=0.2)
    assert hit.draws.min() >= base.free_flow_days + 7
    with pytest.raises(tcroute.TcrouteError, match="unknown episode id: 'no_such_episode'"):
        tcroute.transit_time_distribution(default_net, r, during=["no_such_episode"])


def test_shipper_answers(default_net, caspian_route):
    rel = tcroute.transit_time_distribution(default_net, caspian_route, month=1, seed=5,
                                            draws=20_000)
    x = np.sort(rel.draws)
    assert rel.prob_within(25) == pytest.approx(np.mean(rel.draws <= 25))
    assert rel.days_for(0.9) == pytest.approx(rel.p90_days)
    assert rel.days_for(0.95) == pytest.approx(np.percentile(x, 95))
    assert rel.prob_within(rel.days_for(0.95)) >= 0.95
    assert rel.free_flow_days == pytest.approx(caspian_route.legs["travel_h"].sum() / 24)
    assert rel.planning_time_index == pytest.approx(rel.p95_days / rel.free_flow_days)
    assert rel.planning_time_index > 1
    row = rel.to_frame().iloc[0]
    assert row["month"] == 1 and row["days_for_90pct"] == pytest.approx(rel.p90_days)
    with pytest.raises(ValueError):
        rel.days_for(1.5)
    p = tcroute.chance_within(default_net, "Xi'an", "Duisburg", 25, month=1, seed=5,
                              draws=20_000, **CASPIAN)
    assert p == pytest.approx(rel.prob_within(25))


def test_reliability_by_month_table(default_net):
    t = tcroute.reliability_by_month(default_net, "Xi'an", "Duisburg",
                                     corridors=["northern", "middle_black_sea"],
                                     months=[1, 7], within_days=25, draws=2000)
    assert set(t["corridor"]) == {"northern", "middle_black_sea"}
    assert list(t.columns[:2]) == ["corridor", "month"]
    assert t["p_within"].between(0, 1).all()
    assert (t["p95_days"] >= t["p90_days"]).all()
    mid = t[t["corridor"] == "middle_black_sea"].set_index("month")
    north = t[t["corridor"] == "northern"].set_index("month")
    assert (mid["p90_days"] > north["p90_days"]).all()
