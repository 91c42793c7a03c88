"""Rail rolling-stock pools (fleets.csv): the capacity they give, the links they limit, the
one-line scenarios that change them, and fleet_requirement."""

from __future__ import annotations

import math
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import tcroute
from tcroute.errors import ArgumentTypeError, DataFileError

HEADER = ("id,operator,unit,units,teu_per_unit,from_id,to_id,via,cycle_days,turnaround_h,"
          "scope,status,year,source,note")
# the tiny network: cn_b -(100 km, CN->KZ border 10 h)- kz_c -(300 km)- kz_p on 1520 mm,
# rail at 50 km/h; capacities 300,000 and 400,000 TEU/yr
TINY_RUN_H = 100 / 50 + 10 + 300 / 50  # 18 h each way
ADY = "ady_middle_corridor_platforms"
UTY = "uty_tashkent_altynkol_shuttle"


@pytest.fixture(scope="module")
def net():
    return tcroute.load_network()


def _tiny_with(tiny_copy, *rows: str):
    folder = tiny_copy()
    (folder / "fleets.csv").write_text(HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return folder


def _scenario(tmp_path, rows: list[str], name: str = "fleet.csv") -> str:
    path = tmp_path / name
    path.write_text("table,id,action,column,value,source,note\n" + "\n".join(rows) + "\n",
                    encoding="utf-8")
    return str(path)


def test_capacity_is_units_times_load_over_the_cycle(tiny_copy) -> None:
    folder = _tiny_with(
        tiny_copy,
        "p,Op,platform,50,2,cn_b,kz_p,,,12,all_stock,open,2025,test,",
        "q,Op,locomotive,3,80,cn_b,kz_c,,7,,part,open,2025,test,")
    net = tcroute.read_network(folder)
    p, q = net.fleets.loc["p"], net.fleets.loc["q"]
    # derived: out and back (each with its border) plus the turnaround, by hand
    assert p["run_h"] == pytest.approx(TINY_RUN_H)
    assert p["cycle_h"] == pytest.approx(2 * TINY_RUN_H + 12)
    assert p["cycle_basis"] == "derived"
    assert p["capacity_teu_year"] == round(50 * 2 * 8760 / (2 * TINY_RUN_H + 12))
    assert p["links"] == "rail_cn_b__kz_c;rail_kz_c__kz_p"
    assert p["gauge_mm"] == 1520
    # published: a 7-day cycle, three locomotives hauling 80-TEU trains
    assert q["cycle_h"] == 168 and q["cycle_basis"] == "published"
    assert q["capacity_teu_year"] == round(3 * 80 * 8760 / 168)


def test_all_stock_pool_limits_its_links_and_part_does_not(tiny_copy, tiny) -> None:
    folder = _tiny_with(
        tiny_copy,
        "p,Op,platform,50,2,cn_b,kz_p,,,12,all_stock,open,2025,test,",
        "q,Op,platform,10,2,kz_c,kz_p,,,12,part,open,2025,test,")
    net = tcroute.read_network(folder)
    cap = net.fleets.at["p", "capacity_teu_year"]
    links = net.links
    assert cap < 300_000
    for lid in ("rail_cn_b__kz_c", "rail_kz_c__kz_p"):
        assert links.at[lid, "capacity_teu_year"] == cap
        assert links.at[lid, "fleets"] == "p"
    # links off the path keep their own capacity; the part pool limits nothing
    off = [x for x in tiny.links.index if x not in ("rail_cn_b__kz_c", "rail_kz_c__kz_p")]
    pd.testing.assert_series_equal(links.loc[off, "capacity_teu_year"],
                                   tiny.links.loc[off, "capacity_teu_year"])


def test_all_stock_pools_on_one_link_add_up_and_infrastructure_can_bind(tiny_copy,
                                                                      tmp_path) -> None:
    folder = _tiny_with(
        tiny_copy,
        "a,Op A,platform,50,2,cn_b,kz_p,,,12,all_stock,open,2025,test,",
        "b,Op B,platform,40,2,kz_c,kz_p,,,12,all_stock,open,2025,test,",
        "big,Op C,platform,100000,4,cn_b,kz_c,,,12,all_stock,planned,2025,test,")
    net = tcroute.read_network(folder)
    f = net.fleets
    shared = net.links.loc["rail_kz_c__kz_p"]
    assert shared["capacity_teu_year"] == round(
        f.at["a", "capacity_teu_year"] + f.at["b", "capacity_teu_year"])
    assert shared["fleets"] == "a;b"
    # a planned pool is reported, not applied; opened, its 100,000 platforms out-carry the
    # line, whose own 300,000 TEU/yr binds again
    assert net.links.at["rail_cn_b__kz_c", "fleets"] == "a"
    opened = net.with_scenario(_scenario(tmp_path, ["fleets,big,open,,,test,"]))
    assert opened.fleets.at["big", "capacity_teu_year"] > 300_000
    assert opened.links.at["rail_cn_b__kz_c", "capacity_teu_year"] == 300_000
    assert opened.links.at["rail_cn_b__kz_c", "fleets"] == "a;big"


def test_one_line_scenarios_add_stock_bind_and_undo(net, tmp_path) -> None:
    base_cap = net.fleets.at[ADY, "capacity_teu_year"]
    more = net.with_scenario(_scenario(tmp_path, [f"fleets,{ADY},set,units,200,test,"]))
    assert more.fleets.at[ADY, "capacity_teu_year"] == pytest.approx(2 * base_cap, abs=1)
    # the shipped pools are scope 'part': no link changes
    pd.testing.assert_series_equal(more.links["capacity_teu_year"],
                                   net.links["capacity_teu_year"])
    bound = more.with_scenario(_scenario(tmp_path, [f"fleets,{ADY},set,scope,all_stock,test,"],
                                         "bind.csv"))
    path = bound.fleets.at[ADY, "links"].split(";")
    fleet_cap = bound.fleets.at[ADY, "capacity_teu_year"]
    own = net.links.loc[path, "capacity_teu_year"]
    got = bound.links.loc[path, "capacity_teu_year"]
    assert (got == np.fmin(own, fleet_cap)).all()
    assert (bound.links.loc[path, "fleets"] == ADY).all()
    assert net.links["fleets"].isna().all()  # nothing changed behind the user's back
    # undone, every link has its own capacity again, exactly
    back = bound.with_scenario(_scenario(tmp_path, [f"fleets,{ADY},set,scope,part,test,"],
                                         "unbind.csv"))
    pd.testing.assert_series_equal(back.links["capacity_teu_year"],
                                   net.links["capacity_teu_year"])


def test_a_capacity_set_on_a_bound_link_is_its_new_own(net, tmp_path) -> None:
    bound = net.with_scenario(_scenario(tmp_path, [f"fleets,{ADY},set,scope,all_stock,test,"]))
    lid = bound.fleets.at[ADY, "links"].split(";")[2]
    fleet_cap = bound.fleets.at[ADY, "capacity_teu_year"]
    low = bound.with_scenario(_scenario(
        tmp_path, [f"links,{lid},set,capacity_teu_year,{int(fleet_cap // 2)},test,"], "low.csv"))
    assert low.links.at[lid, "capacity_teu_year"] == int(fleet_cap // 2)
    freed = low.with_scenario(_scenario(tmp_path, [f"fleets,{ADY},set,scope,part,test,"],
                                        "free.csv"))
    assert freed.links.at[lid, "capacity_teu_year"] == int(fleet_cap // 2)
    assert freed.links.at[lid, "fleets"] is None


def test_path_is_the_fastest_rail_path_and_its_run_adds_up(net) -> None:
    """Independent check: the pool's path is a chain from from_id to to_id whose running
    time, summed from the public link table, is the networkx shortest time on its gauge."""
    links, modes = net.links, net.modes
    for pid, pool in net.fleets.iterrows():
        path = pool["links"].split(";")
        rows = links.loc[path]
        speed = rows["speed_kmh"].fillna(modes.at["rail", "speed_kmh"])
        run = rows["time_h"].fillna(rows["length_km"] / speed)
        at = pool["from_id"]
        for _, r in rows.iterrows():  # a chain
            assert at in (r["from_id"], r["to_id"]), pid
            at = r["to_id"] if at == r["from_id"] else r["from_id"]
        assert at == pool["to_id"]
        assert (rows["gauge_mm"] == pool["gauge_mm"]).all()
        assert (rows["status"] == "open").all()
        rail = links[(links["mode"] == "rail") & (links["status"] == "open")
                     & (links["gauge_mm"] == pool["gauge_mm"])]
        g = nx.Graph()
        t = rail["time_h"].fillna(rail["length_km"] / rail["speed_kmh"].fillna(
            modes.at["rail", "speed_kmh"]))
        for (a, b), h in zip(rail[["from_id", "to_id"]].itertuples(index=False), t,
                             strict=True):
            if not g.has_edge(a, b) or g[a][b]["w"] > h:
                g.add_edge(a, b, w=h)
        best = nx.shortest_path_length(g, pool["from_id"], pool["to_id"], weight="w")
        # the pool's run adds border dwell; without it, its path runs no slower than the best
        assert run.sum() == pytest.approx(best, rel=0.05)
        assert pool["run_h"] >= run.sum() - 0.1


def test_uzbek_shuttle_runs_in_the_operators_two_days(net) -> None:
    """Uzbekistan Railways (2025): Tashkent to Altynkol in two days with the 57-platform set."""
    pool = net.fleets.loc[UTY]
    assert pool["units"] == 57
    assert 0.85 * 48 <= pool["run_h"] <= 1.15 * 48
    assert "kz_saryagash" in pool["links"]  # via the Uzbek-Kazakh border at Saryagash


def test_shipped_pools_are_sourced_and_part_stock(net) -> None:
    f = net.fleets
    assert len(f) >= 2
    assert f["source"].str.len().min() > 40
    assert (f["year"] >= 2020).all()
    # no published pool is the whole container stock of a path (see data/network/README.md)
    assert (f["scope"] == "part").all()
    assert (f["capacity_teu_year"] > 0).all()


def test_a_pool_cut_by_closed_links_works_nothing(net, tmp_path) -> None:
    bound = net.with_scenario(_scenario(tmp_path, [f"fleets,{ADY},set,scope,all_stock,test,"]))
    cut = bound.with_closed(links=["rail_az_beyuk_kesik__ge_gardabani"])
    pool = cut.fleets.loc[ADY]
    assert pool["links"] is None and math.isnan(pool["capacity_teu_year"])
    assert cut.links["fleets"].isna().all()
    open_ids = net.links.index[net.links["status"] == "open"].drop(
        "rail_az_beyuk_kesik__ge_gardabani")
    pd.testing.assert_series_equal(cut.links.loc[open_ids, "capacity_teu_year"],
                                   net.links.loc[open_ids, "capacity_teu_year"])


@pytest.mark.parametrize(("row", "column", "words"), [
    ("p,Op,platform,5,2,cn_bb,kz_p,,,12,part,open,2025,test,", "from_id", "did you mean 'cn_b'"),
    ("p,Op,platform,5,2,cn_b,kz_p,kz_cc,,12,part,open,2025,test,", "via", "'kz_c'"),
    ("p,Op,platform,5,6,cn_b,kz_p,,,12,part,open,2025,test,", "teu_per_unit", "at most 4"),
    ("p,Op,platform,5,2,cn_b,kz_p,,,,part,open,2025,test,", "turnaround_h", "cycle_days"),
    ("p,Op,platform,5,2,cn_a,kz_p,,,12,part,open,2025,test,", "to_id", "gauge"),
    ("p,Op,platform,5,2,cn_b,kz_p,,,12,whole,open,2025,test,", "scope", "all_stock"),
    ("p,Op,wagon,5,2,cn_b,kz_p,,,12,part,open,2025,test,", "unit", "platform"),
    ("p,Op,platform,5,2,cn_b,kz_p,,,12,part,open,,test,", "year", ""),
])
def test_bad_rows_name_file_line_and_column(tiny_copy, row, column, words) -> None:
    folder = _tiny_with(tiny_copy, "ok,Op,platform,5,2,cn_b,kz_p,,,12,part,open,2025,test,",
                        row)
    with pytest.raises(DataFileError) as info:
        tcroute.read_network(folder)
    hits = [p for p in info.value.problems if p.file == "fleets.csv"]
    assert hits, str(info.value)
    assert hits[0].line == 3 and hits[0].column == column
    assert words in str(hits[0])


def test_fleet_requirement_by_hand(tiny_copy) -> None:
    folder = _tiny_with(
        tiny_copy,
        "p,Op,platform,50,2,cn_b,kz_p,,,12,part,open,2025,test,",
        "idle,Op,locomotive,2,80,cn_b,kz_c,,7,,part,open,2025,test,")
    net = tcroute.read_network(folder)
    flows = tcroute.assign(net, [("Charlie", "Papa Port", 9_000.0)], modes=["rail"])
    need = tcroute.fleet_requirement(flows, net)
    p = need.loc["p"]
    cycle = 2 * TINY_RUN_H + 12
    # the flow rides the 6-h link of the 2 h + 6 h path: it holds a slot 6 of every 8 hours
    load = 9_000 * 6 / (2 + 6)
    assert p["direction"] == "cn_b>kz_p"
    assert p["path_load_teu_year"] == pytest.approx(load)
    assert p["peak_link"] == "rail_kz_c__kz_p" and p["peak_load_teu_year"] == pytest.approx(9_000)
    assert p["required_units"] == math.ceil(load * cycle / (2 * 8760))
    assert p["shortfall_units"] == max(0, p["required_units"] - 50)
    assert p["utilisation"] == pytest.approx(load / net.fleets.at["p", "capacity_teu_year"])
    # the other way round, the busier direction turns
    back = tcroute.fleet_requirement(
        tcroute.assign(net, [("Papa Port", "Bravo", 9_000.0)], modes=["rail"]), net)
    assert back.at["p", "direction"] == "kz_p>cn_b"
    assert back.at["p", "path_load_teu_year"] == pytest.approx(9_000)
    # the locomotive pool's path (cn_b-kz_c) carries nothing
    assert need.at["idle", "required_units"] == 0 and need.at["idle", "shortfall_units"] == 0


def test_fleet_requirement_checks_its_arguments(tiny, tiny_copy) -> None:
    with pytest.raises(ArgumentTypeError, match="AssignmentResult"):
        tcroute.fleet_requirement("flows", tiny)
    flows = tcroute.assign(tiny, [("Alpha", "Delta", 10.0)])
    with pytest.raises(ArgumentTypeError, match="Network"):
        tcroute.fleet_requirement(flows, "net")
    assert list(tcroute.fleet_requirement(flows, tiny).index) == ["tiny_pool"]
    folder = tiny_copy()
    (folder / "fleets.csv").unlink()
    bare = tcroute.read_network(folder)
    empty = tcroute.fleet_requirement(tcroute.assign(bare, [("Alpha", "Delta", 10.0)]), bare)
    assert empty.empty and "required_units" in empty.columns  # no fleets.csv


def test_assignment_keeps_a_fleet_capacity(net, tmp_path) -> None:
    bound = net.with_scenario(_scenario(tmp_path, [f"fleets,{ADY},set,scope,all_stock,test,"]))
    cap = bound.fleets.at[ADY, "capacity_teu_year"]
    path = set(bound.fleets.at[ADY, "links"].split(";"))
    # a through flow, and one on a single short link of the path, which bears only that
    # link's share of the pool's queue: neither may overload it
    demand = [("Baku", "Poti", 3 * cap), ("Samtredia", "Senaki", 2 * cap)]
    for method in ("incremental", "bulk", "reference", "equilibrium"):
        res = tcroute.assign(bound, demand, method=method, modes=["rail"])
        on = res.loads[res.loads["asset"].isin(path)]
        assert (on["load_teu_year"] <= cap * 1.001).all(), method
        assert res.unserved_teu_year > 0, method


def test_an_extension_folder_changes_a_pool(net, tmp_path) -> None:
    (tmp_path / "fleets.csv").write_text(f"id,units\n{ADY},300\n", encoding="utf-8")
    ext = tcroute.read_network(tmp_path, extend=True)
    assert ext.fleets.at[ADY, "units"] == 300
    assert ext.fleets.at[ADY, "capacity_teu_year"] == pytest.approx(
        3 * net.fleets.at[ADY, "capacity_teu_year"], abs=2)
    assert ext.fleets.at[UTY, "capacity_teu_year"] == net.fleets.at[UTY, "capacity_teu_year"]


def test_the_min_cut_says_when_rolling_stock_limits(net, tmp_path) -> None:
    """Consistent answers: max_throughput's cut is the fleet-limited link, and says so;
    the equilibrium at rising demand fills the same link first."""
    bound = net.with_scenario(_scenario(tmp_path, [f"fleets,{ADY},set,scope,all_stock,test,"]))
    cap = bound.fleets.at[ADY, "capacity_teu_year"]
    res = tcroute.max_throughput(bound, "Baku", "Poti", modes=["rail"])
    assert res.max_flow_teu_year == pytest.approx(cap, abs=1)
    assert set(res.min_cut["limited_by"]) == {f"fleet:{ADY}"}
    assert res.min_cut["asset"].iloc[0] in bound.fleets.at[ADY, "links"].split(";")
    # without the binding pool the same cut is the line's (or unknown), never the fleet's
    free = tcroute.max_throughput(net, "Baku", "Poti", modes=["rail"], unknown_capacity=1e6)
    assert not free.min_cut["limited_by"].str.startswith("fleet").any()
    eq = tcroute.assign(bound, [("Baku", "Poti", 2 * cap)], modes=["rail"])
    assert eq.saturation_order and eq.saturation_order[0] in bound.fleets.at[ADY, "links"]


def test_a_container_waits_for_the_pool_once_not_once_per_link(tiny_copy) -> None:
    """By hand: the pool's wait is spread over its path by running time, so a container on
    the 300-km link of a 400-km path bears 3/4 of one queue at the pool's utilisation, and
    one that rides the whole path bears one queue (not two)."""
    from tcroute._queues import QueueModel, queue_delay_h

    folder = _tiny_with(tiny_copy, "p,Op,platform,20,2,cn_b,kz_p,,,12,all_stock,open,2025,test,")
    net = tcroute.read_network(folder)
    cap = net.fleets.at["p", "capacity_teu_year"]
    qm = QueueModel()
    scale = qm.variability * qm.train_teu / (cap / 8760)
    q = 0.6 * cap
    one = float(queue_delay_h(np.array([0.6]), np.array([scale]), qm.threshold)[0])
    part = tcroute.assign(net, [("Charlie", "Papa Port", q)], modes=["rail"])
    assert part.od["queue_delay_h"].iloc[0] == pytest.approx(0.75 * one, rel=1e-3)
    whole = tcroute.assign(net, [("Bravo", "Papa Port", q)], modes=["rail"])
    assert whole.od["queue_delay_h"].iloc[0] == pytest.approx(one, rel=1e-3)


def test_the_methodology_quotes_the_shipped_pools(net) -> None:
    text = (Path(__file__).resolve().parents[1] / "docs" / "methodology.md").read_text(
        encoding="utf-8")
    f = net.fleets
    assert f"the model's path takes {f.at[UTY, 'run_h']:.1f} h" in text
    assert f"about {round(f.at[ADY, 'capacity_teu_year'], -2):,.0f} TEU a year" in text
    gr = f.loc["georgian_railway_locomotives"]
    assert f"{gr['cycle_h']:.0f} h cycle" in text
    per_loco = gr["capacity_teu_year"] / gr["units"]
    assert f"about {round(per_loco, -4):,.0f} TEU a year" in text


@pytest.mark.parametrize(("table", "rid", "column", "hint"), [
    ("fleets", ADY, "capacity_teu_year", "units, teu_per_unit"),
    ("fleets", ADY, "links", "from_id, to_id or via"),
    ("links", "rail_az_alat__az_yevlakh", "fleets", "fleets.csv"),
])
def test_a_scenario_cannot_set_a_derived_column(net, tmp_path, table, rid, column, hint) -> None:
    """It would be replaced by the derivation: an error that says what to set instead."""
    with pytest.raises(DataFileError) as info:
        net.with_scenario(_scenario(tmp_path, [f"{table},{rid},set,{column},5000,test,"]))
    (problem,) = info.value.problems
    assert problem.line == 2 and problem.column == "column" and hint in str(problem)


def test_a_scenario_adds_a_pool_of_its_own(net, tmp_path) -> None:
    """A user's pool (here: a hypothetical 2,000-platform Dostyk-Aktau fleet), added with
    one scenario row per column, is derived and limits its path like a shipped one."""
    cells = dict(operator="KTZ (hypothetical)", unit="platform", units="2000",
                 teu_per_unit="2", from_id="kz_dostyk", to_id="kz_aktau_port",
                 turnaround_h="96", scope="all_stock", status="open", year="2026",
                 source="test")
    rows = [f"fleets,ktz_pool,add,{k},{v},test," for k, v in cells.items()]
    more = net.with_scenario(_scenario(tmp_path, rows))
    pool = more.fleets.loc["ktz_pool"]
    assert pool["cycle_basis"] == "derived"
    assert pool["capacity_teu_year"] == round(2000 * 2 * 8760 / pool["cycle_h"])
    path = pool["links"].split(";")
    own = net.links.loc[path, "capacity_teu_year"]
    assert (more.links.loc[path, "capacity_teu_year"]
            == np.fmin(own, pool["capacity_teu_year"])).all()
    assert "ktz_pool" in set(more.links.loc[path, "fleets"])


def test_a_rolling_stock_project_is_appraised_like_any_other(net, tmp_path) -> None:
    """'Add 300 platforms' as a project of lever rolling_stock: with the pool binding, it
    unlocks the capacity the extra platforms give and its benefit is the queue it removes."""
    (tmp_path / "effects").mkdir()
    (tmp_path / "projects.csv").write_text(
        "id,name,lever,countries,programme,status,capex,currency,capex_usd,start_year,"
        "opening_year,effects,source,note\n"
        "more_platforms,300 more platforms,rolling_stock,AZ;GE,,planned,30,USD,30000000,"
        "2026,2027,more_platforms,test,\n", encoding="utf-8")
    (tmp_path / "effects" / "more_platforms.csv").write_text(
        "table,id,action,column,value,source,note\n"
        "scenario,,describe,description,300 more platforms,test,\n"
        f"fleets,{ADY},set,units,400,test,\n", encoding="utf-8")
    bound = net.with_scenario(_scenario(tmp_path, [f"fleets,{ADY},set,scope,all_stock,test,"]))
    cap = bound.fleets.at[ADY, "capacity_teu_year"]
    demand = pd.DataFrame({"origin": ["Baku"], "destination": ["Poti"],
                           "teu_year": [3 * cap]})
    res = tcroute.appraise(bound, tcroute.load_projects(tmp_path), demand,
                           years=(2027, 2040), modes=["rail"])
    row = res.to_frame().loc["more_platforms"]
    assert row["lever"] == "rolling_stock"
    # the pool could carry about cap; with four times the platforms the demand (3 x cap) fits
    assert row["capacity_unlocked_teu_year"] > 0.5 * cap
    assert row["user_benefit_usd"] > 0 and row["npv_usd"] > 0


def test_a_derived_value_in_the_file_is_checked_not_dropped(tiny_copy, net, tmp_path) -> None:
    """A capacity typed into fleets.csv that the pool's figures do not give is an error that
    says how the capacity is made; the table written back (derived values and all) reads."""
    folder = _tiny_with(tiny_copy, "p,Op,platform,50,2,cn_b,kz_p,,,12,all_stock,open,2025,test,")
    text = (folder / "fleets.csv").read_text(encoding="utf-8").splitlines()
    (folder / "fleets.csv").write_text(
        text[0] + ",capacity_teu_year\n" + text[1] + ",99999\n", encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        tcroute.read_network(folder)
    (problem,) = [p for p in info.value.problems if p.file == "fleets.csv"]
    assert problem.line == 2 and problem.column == "capacity_teu_year"
    assert "units x teu_per_unit x 8760 / cycle_h" in str(problem) and "18,250" in str(problem)
    # round trip: the public table, written as an extension, reads back unchanged
    ext = tmp_path / "ext"
    ext.mkdir()
    net.fleets.to_csv(ext / "fleets.csv", index=False)
    again = tcroute.read_network(ext, extend=True)
    pd.testing.assert_frame_equal(again.fleets, net.fleets)


def test_fleet_requirement_sizes_the_ships_of_a_crossing_by_hand(net) -> None:
    """Boxes Aktau -> Baku ride the two Aktau-Alat container feeders, which share them in
    proportion to their capacity; each needs its share x round trip / (TEU a sailing x 365)
    ships. The crossing's wagon and truck services carry none of them."""
    flows = tcroute.assign(net, [("Aktau", "Baku", 40_000.0)], modes=["rail", "ferry"])
    need = tcroute.fleet_requirement(flows, net)
    svc = net.services
    feeders = svc[svc["link_id"] == "ferry_kz_aktau_port__az_alat_port"]
    cap = feeders["vessels"] * feeders["capacity_teu_per_sailing"] * 365 / feeders[
        "round_trip_days"]
    on = flows.loads[flows.loads["asset"] == "ferry_kz_aktau_port__az_alat_port"]
    crossing = float(on["load_teu_year"].sum())
    assert crossing > 0
    for sid in feeders.index:
        share = crossing * cap[sid] / cap.sum()
        row = need.loc[sid]
        assert row["stock"] == "vessels" and row["unit"] == "vessel"
        assert row["direction"] == "kz_aktau_port>az_alat_port"
        assert row["path_load_teu_year"] == pytest.approx(share)
        assert row["required_units"] == math.ceil(
            share * feeders.at[sid, "round_trip_days"]
            / (feeders.at[sid, "capacity_teu_per_sailing"] * 365) - 1e-9)
        assert row["scope"] == "all_stock"  # every service of the crossing gives its fleet
    for sid in svc.index[svc["link_id"] == "ferry_kz_kuryk_port__az_alat_port"]:
        if sid in need.index:
            assert need.at[sid, "path_load_teu_year"] == 0
