"""Appraisal: projects as data, benefits, NPV/BCR/FYRR, interactions and portfolios.

The fixture programme (tests/data/tiny_projects) acts on the tiny network, whose Caspian-like
ferry P-Q (50,000 TEU/yr) binds a rail+ferry demand Alpha -> Delta of 80,000 TEU/yr; the rail
terminals at both ports (60,000 TEU/yr) bind next::

    Alpha ==rail== Bravo ==rail== Charlie ==rail== Papa Port ~~ferry~~ Quebec Port ==rail== Delta
                                                   [60k]     50k TEU/yr  [60k]

* ``ferry_fleet`` doubles the ferry: it removes the binding cut;
* ``port_expansion`` doubles both rail terminals: useless while the ferry binds;
* ``wider_line`` raises a line that never binds; ``no_op`` changes nothing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import DATA, set_cells

import tcroute
from tcroute.appraisal import AppraisalError, appraise, load_projects

PROJECTS = DATA / "tiny_projects"
RF = {"modes": ["rail", "ferry"]}
AP = {**RF, "assignment": "incremental"}  # capacity as a wall, as the hand computations assume
DEMAND = [("Alpha", "Delta", 80_000)]
OUTSIDE = 4_000.0  # USD per TEU a shipper pays when the corridor has no room


@pytest.fixture(scope="module")
def programme() -> pd.DataFrame:
    p = load_projects(PROJECTS)
    return p[p["status"] != "completed"]


@pytest.fixture(scope="module")
def result(tiny, programme):
    return appraise(tiny, programme, DEMAND, years=(2026, 2030), outside_cost_usd_per_teu=OUTSIDE,
                    **AP)


# --------------------------------------------------------------------------- data
def test_shipped_programme_loads_with_sources_and_costs():
    p = tcroute.load_projects()
    assert len(p) >= 10
    assert (p["capex_usd"] > 0).all()
    assert p["source"].str.len().gt(20).all()
    assert set(p["lever"]) <= {"rail_road", "rolling_stock", "port_capacity", "border_crossing",
                               "multimodal_hub"}
    open_ = p[p["status"] != "completed"]
    assert open_["effects_path"].notna().all()
    # an estimated cost says so in its row
    for pid, row in p.iterrows():
        if "estimate" in row["note"].lower():
            assert "estimate:" in row["note"] or "is an estimate" in row["note"], pid


@pytest.mark.slow
def test_every_shipped_project_applies_to_the_default_network_and_changes_it(default_net):
    p = tcroute.load_projects()
    for pid, row in p[p["status"] != "completed"].iterrows():
        net = default_net.with_scenario(row["effects_path"])
        changed = (not net.links.equals(default_net.links)
                   or not net.terminals.equals(default_net.terminals)
                   or not net.borders.equals(default_net.borders))
        assert changed, f"{pid}: its effects change nothing"


@pytest.mark.parametrize(("column", "value", "expected"), [
    ("lever", "bridges", "one of rail_road"),
    ("status", "maybe", "one of planned"),
    ("capex_usd", "-5", "a positive number"),
    ("capex_usd", "lots", "a positive number"),
    ("opening_year", "soon", "a year between"),
    ("start_year", "2035", "a year not after the opening year"),
    ("effects", "no_such_effect", "the name of a file in effects/"),
    ("programme", "marshall_plan", "a ;-list of"),
])
def test_malformed_projects_file_names_file_line_column(tmp_path, column, value, expected):
    folder = tmp_path / "prog"
    shutil.copytree(PROJECTS, folder)
    set_cells(folder / "projects.csv", {"id": "wider_line"}, **{column: value})
    with pytest.raises(tcroute.DataFileError) as err:
        load_projects(folder)
    msg = str(err.value)
    assert "projects.csv:4" in msg and column in msg and expected in msg


def test_unknown_column_is_an_error_with_the_known_ones(tmp_path):
    folder = tmp_path / "prog"
    shutil.copytree(PROJECTS, folder)
    path = folder / "projects.csv"
    path.write_text(path.read_text().replace("capex_usd", "capex_dollars", 1))
    with pytest.raises(tcroute.DataFileError, match="capex_dollars"):
        load_projects(folder)


# --------------------------------------------------------------------------- benefits
def _generalized(route: tcroute.Route) -> float:
    return route.cost_usd + tcroute.DEFAULT_VALUE_OF_TIME_USD_PER_TEU_H * route.time_h


def test_npv_bcr_fyrr_by_hand(tiny, result):
    """ferry_fleet alone: the extra TEU served stop paying the outside option."""
    base = tcroute.assign(tiny, DEMAND, method="incremental", weight="generalized", **RF)
    with_ = tcroute.assign(tiny.with_scenario(PROJECTS / "effects" / "ferry_fleet.csv"), DEMAND,
                           method="incremental", weight="generalized", **RF)
    extra = with_.served_teu_year - base.served_teu_year
    assert extra > 0
    route = tcroute.shortest_route(tiny, "Alpha", "Delta", weight="generalized", **RF)
    benefit = extra * (OUTSIDE - _generalized(route))  # the route costs the same with and without
    # a given outside option has no known emissions: the extra TEU now emit on the network
    co2_value = -extra * route.co2_kg / 1000 * 80.0
    pv = sum((benefit + co2_value) / 1.06 ** (y - 2026) for y in range(2027, 2031))  # opens 2027
    capex = 20e6  # spent in 2026, the first year: not discounted
    row = result.projects.loc["ferry_fleet"]
    assert row["user_benefit_usd"] == pytest.approx(benefit, rel=1e-9)
    assert row["co2_value_usd"] == pytest.approx(co2_value, rel=1e-9)
    assert row["capacity_unlocked_teu_year"] == pytest.approx(extra)
    assert row["pv_benefit_usd"] == pytest.approx(pv, rel=1e-9)
    assert row["pv_cost_usd"] == pytest.approx(capex)
    assert row["npv_usd"] == pytest.approx(pv - capex, rel=1e-9)
    assert row["bcr"] == pytest.approx(pv / capex, rel=1e-9)
    assert row["fyrr"] == pytest.approx((benefit + co2_value) / capex, rel=1e-9)


def test_capex_spread_over_construction_years_and_discounted(result):
    # port_expansion: built 2026-2027 (opens 2028), USD 30 M: 15 M a year
    assert result.projects.loc["port_expansion", "pv_cost_usd"] == pytest.approx(15e6 + 15e6
                                                                                 / 1.06)


def test_non_binding_and_no_op_projects_buy_nothing(result):
    for pid in ("wider_line", "no_op", "port_expansion"):
        row = result.projects.loc[pid]
        assert row["capacity_unlocked_teu_year"] == 0, pid
        assert row["user_benefit_usd"] == 0, pid
        assert row["pv_benefit_usd"] == 0, pid
        assert row["npv_usd"] == pytest.approx(-row["pv_cost_usd"]), pid


def test_removing_the_binding_cut_pays(result):
    row = result.projects.loc["ferry_fleet"]
    assert row["capacity_unlocked_teu_year"] > 0
    assert row["user_benefit_usd"] > 0 and row["npv_usd"] > 0


def test_projects_that_only_pay_together_show_a_positive_interaction(result):
    inter = result.interactions().set_index(["project_a", "project_b"])
    both = inter.loc[("ferry_fleet", "port_expansion")]
    assert both["pv_benefit_both_usd"] > both["pv_benefit_a_usd"] + both["pv_benefit_b_usd"]
    assert both["interaction_usd"] > 0
    assert inter.loc[("wider_line", "no_op"), "interaction_usd"] == 0
    # the marginal value of the port expansion, given the fleet, is positive
    assert result.projects.loc["port_expansion", "marginal_npv_usd"] > \
        result.projects.loc["port_expansion", "npv_usd"]


def test_a_programme_of_one_equals_that_project(tiny, programme, result):
    one = appraise(tiny, programme.loc[["ferry_fleet"]], DEMAND, years=(2026, 2030),
                   outside_cost_usd_per_teu=OUTSIDE, **AP)
    for col in ("pv_benefit_usd", "pv_cost_usd", "npv_usd", "bcr"):
        assert one.programme.iloc[0][col] == pytest.approx(result.projects.loc["ferry_fleet", col])


def test_best_portfolio_greedy_and_exhaustive_against_brute_force(tiny, programme, result):
    budget = 50e6
    brute = {}
    ids = list(programme.index)
    import itertools

    for k in range(1, len(ids) + 1):
        for combo in itertools.combinations(ids, k):
            if programme.loc[list(combo), "capex_usd"].sum() <= budget:
                r = appraise(tiny, programme.loc[list(combo)], DEMAND, years=(2026, 2030),
                             outside_cost_usd_per_teu=OUTSIDE, **AP)
                brute[frozenset(combo)] = r.programme.iloc[0]["npv_usd"]
    best = max(brute, key=brute.get)
    ex = result.best_portfolio(budget, method="exhaustive")
    assert set(ex["project"]) == set(best)
    assert ex["portfolio_npv_usd"].iloc[-1] == pytest.approx(brute[best])
    assert ex["cumulative_capex_usd"].iloc[-1] <= budget
    greedy = result.best_portfolio(budget)
    assert greedy["cumulative_capex_usd"].iloc[-1] <= budget
    assert greedy["portfolio_npv_usd"].iloc[-1] <= brute[best] + 1e-6
    assert "ferry_fleet" in set(greedy["project"])


def test_results_are_reproducible(tiny, programme, result):
    again = appraise(tiny, programme, DEMAND, years=(2026, 2030),
                     outside_cost_usd_per_teu=OUTSIDE, **AP)
    pd.testing.assert_frame_equal(again.to_frame(), result.to_frame())


def test_benefits_interpolate_between_demand_years(tiny, programme):
    kw = dict(outside_cost_usd_per_teu=OUTSIDE, **AP)
    p = programme.loc[["ferry_fleet"]]
    low = [("Alpha", "Delta", 55_000)]
    high = [("Alpha", "Delta", 95_000)]
    mid = appraise(tiny, p, {2026: low, 2034: high}, years=(2030, 2030), **kw)
    a = appraise(tiny, p, low, years=(2030, 2030), **kw).projects.loc["ferry_fleet"]
    b = appraise(tiny, p, high, years=(2030, 2030), **kw).projects.loc["ferry_fleet"]
    assert mid.projects.loc["ferry_fleet", "pv_benefit_usd"] == pytest.approx(
        (a["pv_benefit_usd"] + b["pv_benefit_usd"]) / 2)


def _faster_line(tmp_path: Path) -> Path:
    folder = tmp_path / "prog"
    (folder / "effects").mkdir(parents=True)
    (folder / "projects.csv").write_text(
        "id,name,lever,status,capex_usd,opening_year,effects,source\n"
        "faster,Faster Alpha-Bravo,rail_road,planned,1000000,2027,faster,test fixture\n")
    (folder / "effects" / "faster.csv").write_text(
        "table,id,action,column,value,source,note\n"
        "links,rail_cn_a__cn_b,set,speed_kmh,120,test fixture,\n")
    return folder


def test_induced_demand_counts_by_the_rule_of_a_half(tiny, tmp_path):
    """A faster line, no capacity binding: (C0 - C1) * (T0 + T1) / 2 with T1 = T0 (C1/C0)^e."""
    folder = _faster_line(tmp_path)
    p = load_projects(folder)
    demand = [("Alpha", "Delta", 10_000)]
    kw = dict(years=(2027, 2027), outside_cost_usd_per_teu=OUTSIDE, **AP)
    c0 = _generalized(tcroute.shortest_route(tiny, "Alpha", "Delta", weight="generalized", **RF))
    c1 = _generalized(tcroute.shortest_route(tiny.with_scenario(folder / "effects" / "faster.csv"),
                                             "Alpha", "Delta", weight="generalized", **RF))
    assert c1 < c0
    t0 = 10_000
    t1 = t0 * (c1 / c0) ** -1.0
    fixed = appraise(tiny, p, demand, **kw).projects.loc["faster", "user_benefit_usd"]
    elastic = appraise(tiny, p, demand, elasticity=-1.0, **kw).projects.loc[
        "faster", "user_benefit_usd"]
    assert fixed == pytest.approx((c0 - c1) * t0, rel=1e-9)
    assert elastic == pytest.approx((c0 - c1) * (t0 + t1) / 2, rel=1e-9)
    assert elastic > fixed


def test_p90_change_with_reliability(tiny, tmp_path):
    """The faster line takes its saving off every simulated journey: P90 falls by about it."""
    folder = _faster_line(tmp_path)
    p = load_projects(folder)
    demand = [("Alpha", "Delta", 10_000)]
    res = appraise(tiny, p, demand, years=(2027, 2027), outside_cost_usd_per_teu=OUTSIDE,
                   reliability=True, reliability_draws=4_000, **AP)
    saved = res.projects.loc["faster", "p90_days_saved"]
    before = tcroute.shortest_route(tiny, "Alpha", "Delta", weight="generalized", **RF)
    after = tcroute.shortest_route(tiny.with_scenario(folder / "effects" / "faster.csv"),
                                   "Alpha", "Delta", weight="generalized", **RF)
    assert saved == pytest.approx(before.days - after.days, rel=0.05)
    # without reliability the column is empty rather than a made-up number
    plain = appraise(tiny, p, demand, years=(2027, 2027), outside_cost_usd_per_teu=OUTSIDE, **AP)
    assert pd.isna(plain.projects.loc["faster", "p90_days_saved"])


def test_equilibrium_credits_congestion_relief(tiny, programme):
    """At equilibrium the ferry queues before it is full: more ferries shorten the wait of
    the TEU already served, and the pair pays its routes' time and money at equilibrium.
    The demand is a little above the ferry's 50,000 TEU and below the terminals' 60,000, so
    the fleet relieves the only binding asset (with more, the terminals bind next and the
    TEU the fleet admits queue there)."""
    demand = [("Alpha", "Delta", 55_000)]
    res = appraise(tiny, programme, demand, years=(2026, 2030),
                   outside_cost_usd_per_teu=OUTSIDE, assignment="equilibrium", **RF)
    assert res.settings["assignment"] == "equilibrium"
    fleet = res.projects.loc["ferry_fleet"]
    assert fleet["time_saved_teu_h"] > 0 and fleet["user_benefit_usd"] > 0
    # a line far from full barely queues: whatever it buys is small next to the fleet's
    line = res.projects.loc["wider_line"]
    assert 0 <= line["user_benefit_usd"] < 0.01 * fleet["user_benefit_usd"]
    assert abs(line["capacity_unlocked_teu_year"]) < 0.01 * fleet["capacity_unlocked_teu_year"]
    # the base state's price of a served TEU is the equilibrium's
    eq = tcroute.assign(tiny, demand, weight="generalized", **RF)
    row = eq.od.iloc[0]
    state = res._appraiser.state(frozenset(), 2026).od.iloc[0]
    vot = tcroute.DEFAULT_VALUE_OF_TIME_USD_PER_TEU_H
    assert state["served"] == pytest.approx(row["served_teu_year"])
    assert state["gen"] == pytest.approx(row["cost_usd"] + vot * row["time_h"])


# --------------------------------------------------------------------------- errors
def test_completed_project_is_refused(tiny):
    p = load_projects(PROJECTS)
    with pytest.raises(AppraisalError, match="already in the default network"):
        appraise(tiny, p, DEMAND, outside_cost_usd_per_teu=OUTSIDE)


def test_unknown_project_suggests_close_ids(default_net):
    with pytest.raises(AppraisalError, match="aktau_container_hub") as err:
        appraise(default_net, ["aktau_container_hubb"], DEMAND)
    assert isinstance(err.value, ValueError) and isinstance(err.value, tcroute.TcrouteError)


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"demand": None}, "needs a demand"),
    ({"discount_rate": 1.5}, "discount_rate"),
    ({"elasticity": 0.5}, "elasticity"),
    ({"years": (2040, 2030)}, "first <= last"),
    ({"co2_price_usd_per_t": -1}, "co2_price"),
    ({"assignment": "all-or-nothing"}, "assignment must be"),
])
def test_bad_settings_are_named(tiny, programme, kwargs, match):
    args = {"demand": DEMAND, "outside_cost_usd_per_teu": OUTSIDE, **kwargs}
    with pytest.raises(AppraisalError, match=match):
        appraise(tiny, programme, **args)


def test_one_class_of_shippers_becomes_a_constraint_and_mixed_classes_are_refused(tiny,
                                                                                   programme):
    p = programme.loc[["ferry_fleet"]]
    kw = dict(years=(2026, 2028), outside_cost_usd_per_teu=OUTSIDE, **AP)
    classed = pd.DataFrame({"origin": ["Alpha"], "destination": ["Delta"],
                            "teu_year": [80_000], "avoid_countries": ["IR"]})
    a = appraise(tiny, p, classed, **kw)
    b = appraise(tiny, p, DEMAND, avoid_countries=["IR"], **kw)
    pd.testing.assert_frame_equal(a.to_frame(), b.to_frame())
    # a class that avoids Kazakhstan cannot cross at all: nothing to unlock
    blocked = classed.assign(avoid_countries="KZ")
    assert appraise(tiny, p, blocked, **kw).projects.loc["ferry_fleet",
                                                         "capacity_unlocked_teu_year"] == 0
    mixed = pd.concat([classed, blocked])
    with pytest.raises(AppraisalError, match="one class at a time"):
        appraise(tiny, p, mixed, **kw)


def test_inputs_are_not_mutated(tiny, programme):
    before = programme.copy()
    demand = pd.DataFrame(DEMAND, columns=["origin", "destination", "teu_year"])
    d_before = demand.copy()
    appraise(tiny, programme.loc[["no_op"]], demand, years=(2026, 2027),
             outside_cost_usd_per_teu=OUTSIDE, **AP)
    pd.testing.assert_frame_equal(programme, before)
    pd.testing.assert_frame_equal(demand, d_before)


@pytest.mark.slow
def test_default_programme_on_the_default_network(default_net):
    res = appraise(default_net, ["aktau_container_hub", "caspian_container_vessels"],
                   [("Almaty", "Baku", 150_000)], years=(2026, 2040),
                   avoid_countries=["RU", "IR"], modes=["rail", "ferry"])
    frame = res.to_frame()
    assert list(frame.index) == ["aktau_container_hub", "caspian_container_vessels", "programme"]
    assert frame["pv_cost_usd"].gt(0).all()
    assert frame["npv_usd"].notna().all()
    assert Path(tcroute.load_projects().loc["aktau_container_hub", "effects_path"]).is_file()


# --------------------------------------------------------------------------- command line, chart
def test_cli_appraise_prints_table_interactions_and_budget(tmp_path, capsys):
    from tcroute.cli import main

    demand = tmp_path / "demand.csv"
    demand.write_text("origin,destination,teu_year\nAlpha,Delta,80000\n")
    chart = tmp_path / "projects.png"
    rc = main(["appraise", "--network", str(DATA / "tiny"), "--programme", str(PROJECTS),
               "--demand", str(demand), "--modes", "rail,ferry", "--years", "2026", "2030",
               "--outside-cost", str(OUTSIDE), "--interactions", "--budget", "5e7",
               "--chart", str(chart)])
    out = capsys.readouterr().out
    assert rc == 0
    assert "ferry_fleet + port_expansion: +" in out
    assert "best set for USD 50 million (greedy): ferry_fleet" in out
    assert chart.is_file() and chart.stat().st_size > 10_000


def test_cli_appraise_json_and_errors(tmp_path, capsys):
    import json

    from tcroute.cli import main

    demand = tmp_path / "demand.csv"
    demand.write_text("origin,destination,teu_year,year\nAlpha,Delta,60000,2026\n"
                      "Alpha,Delta,90000,2030\n")
    rc = main(["appraise", "--network", str(DATA / "tiny"), "--programme", str(PROJECTS),
               "--demand", str(demand), "--modes", "rail,ferry", "--years", "2026", "2030",
               "--outside-cost", str(OUTSIDE), "--json"])
    assert rc == 0
    obj = json.loads(capsys.readouterr().out)
    assert obj["settings"]["demand_years"] == [2026, 2030]
    assert obj["settings"]["assignment"] == "equilibrium"  # the default
    assert [p["id"] for p in obj["projects"]][-1] == "programme"
    rc = main(["appraise", "--network", str(DATA / "tiny"), "--programme", str(PROJECTS),
               "--demand", str(demand), "--modes", "rail,ferry", "--years", "2026", "2030",
               "--outside-cost", str(OUTSIDE), "--assignment", "incremental", "--json"])
    assert rc == 0
    assert json.loads(capsys.readouterr().out)["settings"]["assignment"] == "incremental"
    rc = main(["appraise", "--demand", str(tmp_path / "missing.csv")])
    assert rc == 1
    assert "no demand file" in capsys.readouterr().err


def test_plot_appraisal_draws_points_diagonal_and_interactions(result):
    pytest.importorskip("matplotlib")
    from tcroute.plot import plot_appraisal

    fig = plot_appraisal(result, interactions=result.interactions())
    ax = fig.axes[0]
    assert len(ax.collections) == result.projects["lever"].nunique()  # one scatter per lever
    labels = {t.get_text() for t in ax.texts}
    assert {"ferry fleet", "port expansion", "BCR = 1"} <= labels
    widths = [line.get_linewidth() for line in ax.lines]
    assert max(widths) > 1.5  # the positive interaction is drawn
    import matplotlib.pyplot as plt

    plt.close(fig)


def test_equilibrium_appraisal_gives_each_pair_its_outside_option(default_net):
    """With the equilibrium, a pair whose outside option is cheaper than the network carries
    nothing (its TEU take the alternative); a pair whose option is dear is served in full."""
    from tcroute.appraisal import _evaluate

    dem = pd.DataFrame({"origin": ["kz_almaty", "kz_almaty"],
                        "destination": ["ge_tbilisi", "az_baku"], "teu_year": [5_000.0, 500.0]})
    outside = pd.DataFrame({"origin": ["kz_almaty", "kz_almaty"],
                            "destination": ["ge_tbilisi", "az_baku"], "gen": [10.0, 1e6]})
    kw = {"modes": ["rail", "ferry"], "avoid_countries": ["RU", "IR"]}
    st = _evaluate(default_net, dem, tcroute.CostModel(), kw, False, 0, "equilibrium", outside)
    served = st.od.set_index("destination")["served"]
    assert served["ge_tbilisi"] == pytest.approx(0, abs=1)
    assert served["az_baku"] == pytest.approx(500, rel=1e-6)
    # without the outside option both are served (the queue never reaches max_delay_h here)
    st0 = _evaluate(default_net, dem, tcroute.CostModel(), kw, False, 0, "equilibrium")
    assert st0.od["served"].sum() == pytest.approx(5_500, rel=1e-6)
