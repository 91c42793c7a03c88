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
    rel = tcroute.transit_time_distribution(default_net, r, draws=40_000, seed=5)
    assert rel.mean_days == pytest.approx(r.days, rel=0.02)
    assert rel.p10_days <= rel.p50_days <= rel.p90_days


def test_middle_corridor_spread_wider_than_northern_and_says_why(default_net):
    df = tcroute.compare_corridors(default_net, "Xi'an", "Duisburg", reliability=True,
                                   corridors=["northern", "middle_black_sea"], draws=20_000)
    assert df.loc["middle_black_sea", "spread_days"] > df.loc["northern", "spread_days"]
    assert (df["p90_days"] >= df["p50_days"]).all()
    rel = tcroute.transit_time_distribution(default_net, df.loc["middle_black_sea", "route"],
                                            seed=0)
    sources = rel.sources.set_index("source")["share"]
    # sailings (waiting, weather) drive the Middle Corridor's spread
    assert sources["wait"] + sources["weather"] > 0.4
    # waiting for sailings is the largest single source (one border or port may still be the
    # largest single element)
    assert rel.sources.sort_values("share").iloc[-1]["source"] == "wait"
    assert "sailing" in rel.summary() or "weather" in rel.summary()


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
