"""Scenarios: shipped files apply cleanly, the original is untouched, they compose, bad files
name their line, and each does what it says."""

from __future__ import annotations

import pytest

import tcroute
from tcroute.scenarios import list_scenarios

CHINA = ["Xi'an", "Chongqing", "Chengdu", "Zhengzhou", "Wuhan", "Yiwu", "Lanzhou", "Urumqi"]
EUROPE = ["Duisburg", "Hamburg", "Rotterdam", "Łódź", "Budapest", "Vienna", "Prague"]
SHIPPED = ["middle_corridor_2030", "cku_railway_open", "suez_closed",
           "poland_belarus_border_closed", "caspian_closed", "caspian_storm"]


def test_shipped_scenarios_listed():
    df = list_scenarios()
    assert set(SHIPPED) <= set(df["name"])
    assert df["description"].str.len().min() > 20


@pytest.mark.parametrize("name", SHIPPED)
def test_each_applies_and_leaves_original_alone(default_net, name):
    before = default_net.links.copy()
    after = default_net.with_scenario(name)
    assert after.scenarios == [name]
    assert default_net.scenarios == []
    assert default_net.links.equals(before)
    changed = (after.links.reindex(before.index)["status"] != before["status"]).sum()
    changed += len(after.links) - len(before)
    changed += int((after.terminals["status"] != default_net.terminals["status"]).sum())
    for col in ("capacity_teu_year", "time_h"):
        changed += int((after.links.reindex(before.index)[col].fillna(-1)
                        != before[col].fillna(-1)).sum())
    assert changed >= 1


def test_compose(default_net):
    both = default_net.with_scenario(["suez_closed", "caspian_closed"])
    assert both.scenarios == ["suez_closed", "caspian_closed"]
    assert both.links.loc["sea_eg_suez__eg_port_said", "status"] == "closed"
    assert both.links.loc["ferry_kz_kuryk_port__az_alat_port", "status"] == "closed"
    chained = default_net.with_scenario("suez_closed").with_scenario("caspian_closed")
    assert chained.links["status"].equals(both.links["status"])


def test_suez_closed_sends_ships_round_the_cape(default_net):
    a = tcroute.shortest_route(default_net, "Shanghai", "Rotterdam", modes=["sea"])
    b = tcroute.shortest_route(default_net.with_scenario("suez_closed"), "Shanghai",
                               "Rotterdam", modes=["sea"])
    assert "za_cape_of_good_hope" in b.places and "eg_suez" in a.places
    d = tcroute.diff(a, b)
    assert d.loc["distance_km", "change"] > 5000  # the Cape detour, ~6,700 km here
    assert d.loc["days", "change"] > 7


def test_cku_shortens_kashgar_andijan_by_rail(default_net):
    a = tcroute.shortest_route(default_net, "Kashgar", "Andijan", modes=["rail"])
    b = tcroute.shortest_route(default_net.with_scenario("cku_railway_open"), "Kashgar",
                               "Andijan", modes=["rail"])
    assert "kg_makmal" in b.places
    assert b.distance_km < 0.5 * a.distance_km and b.days < a.days


def test_poland_belarus_closed_reroutes_northern_traffic(default_net):
    net = default_net.with_scenario("poland_belarus_border_closed")
    r = tcroute.shortest_route(net, "Xi'an", "Duisburg")
    assert not ({"BY", "PL"} <= set(r.countries) and
                r.countries.index("BY") + 1 == r.countries.index("PL"))
    table = tcroute.compare_corridors(net, "Xi'an", "Duisburg", corridors=["northern"])
    # with Brest and Bruzgi closed the Northern corridor fails or detours through Lithuania
    north = table.loc["northern"]
    assert not north["feasible"] or "LT" in north["countries"].split(">")
    # the best route avoids Belarus or leaves it through Lithuania, never straight into Poland
    best = table.loc["best", "countries"].split(">")
    assert table.loc["best", "feasible"]
    assert "BY" not in best or best[best.index("BY") + 1] == "LT"


def test_middle_corridor_2030_raises_throughput_and_moves_the_bottleneck(default_net):
    kw = dict(avoid_countries=["RU", "BY", "IR"], modes=["rail", "ferry"])
    before = tcroute.max_throughput(default_net, CHINA, EUROPE, **kw)
    after = tcroute.max_throughput(default_net.with_scenario("middle_corridor_2030"), CHINA,
                                   EUROPE, **kw)
    assert after.max_flow_teu_year > 1.5 * before.max_flow_teu_year
    assert set(before.min_cut["asset"]) != set(after.min_cut["asset"])
    # today the port of Baku/Alat binds; after the port's phase 2 the Caspian fleet does
    assert "az_alat_port_rail_ferry" in set(before.min_cut["asset"])
    assert set(after.min_cut["asset"]) >= {"ferry_kz_aktau_port__az_alat_port"}
    d = tcroute.diff(before, after)
    assert d.loc["max_flow_teu_year", "change"] > 0


def test_caspian_closed_cuts_the_middle_corridor(default_net):
    closed = default_net.with_scenario("caspian_closed")
    with pytest.raises(tcroute.NoRouteError):
        tcroute.shortest_route(closed, "Almaty", "Baku", modes=["rail", "ferry"],
                               avoid_countries=["RU", "IR"])


def test_caspian_storm_is_a_storm_of_stated_length_with_its_queue(default_net):
    storm = default_net.with_scenario("caspian_storm")
    kw = {"modes": ["rail", "ferry"], "avoid_countries": ["RU", "IR"]}
    before = tcroute.shortest_route(default_net, "Almaty", "Baku", **kw)
    after = tcroute.shortest_route(storm, "Almaty", "Baku", **kw)  # still feasible
    # the middle of 5 x 0.58 to 5 days: rest of a five-day storm plus the queue behind it
    assert after.time_h - before.time_h == pytest.approx((2.9 + 5.0) / 2 * 24, abs=0.1)
    # the shipped file is the episode applied as a scenario
    from tcroute.episodes import with_episode

    ep = with_episode(default_net, "caspian_storm_2025_02")
    ids = [i for i in storm.links.index if i.startswith("ferry_") and "_az_alat_port" in i]
    assert ids
    for i in ids:
        assert storm.links.loc[i, "time_h"] == pytest.approx(ep.links.loc[i, "time_h"],
                                                             abs=0.01)
    # the Northern route does not cross the Caspian
    n0 = tcroute.shortest_route(default_net, "Xi'an", "Duisburg", via=["by_brest"])
    n1 = tcroute.shortest_route(storm, "Xi'an", "Duisburg", via=["by_brest"])
    assert n1.time_h == pytest.approx(n0.time_h)


def test_diff_of_comparisons(default_net):
    a = tcroute.compare_corridors(default_net, "Urumqi", "Constanța",
                                  corridors=["sea_suez", "middle_black_sea"])
    b = tcroute.compare_corridors(default_net.with_scenario("suez_closed"), "Urumqi",
                                  "Constanța", corridors=["sea_suez", "middle_black_sea"])
    d = tcroute.diff(a, b)
    assert bool(d.loc["sea_suez", "feasible_before"]) and not d.loc["sea_suez",
                                                                  "feasible_after"]
    assert d.loc["middle_black_sea", "time_days_change"] == pytest.approx(0)


def test_diff_rejects_mismatched(default_net):
    r = tcroute.shortest_route(default_net, "Almaty", "Baku")
    with pytest.raises(TypeError):
        tcroute.diff(r, 3)
    with pytest.raises(TypeError):
        tcroute.diff(3, 4)


def test_unknown_scenario_lists_names(default_net):
    with pytest.raises(tcroute.ScenarioError, match="suez_closed"):
        default_net.with_scenario("suez_open")


BAD = [
    ("links,nope_link,close,,,somebody,\n", "id", "the id of a row of links.csv"),
    ("links,sea_eg_suez__eg_port_said,explode,,,somebody,\n", "action", "one of describe"),
    ("links,sea_eg_suez__eg_port_said,set,speed_kmh,fast,somebody,\n", "value", "a number"),
    ("links,sea_eg_suez__eg_port_said,set,colour,red,somebody,\n", "column",
     "a column of links.csv"),
    ("links,sea_eg_suez__eg_port_said,close,,,,\n", "source", "where the change comes from"),
    ("lanes,x,close,,,somebody,\n", "table", "one of scenario"),
    ("links,new_link,add,from_id,kz_aktau_port,somebody,\n", "to_id", "required"),
    ("links,sea_eg_suez__eg_port_said,close,,,somebody,1 Mt = 100,000 TEU\n", None,
     "at most 7 cells"),
    # a scenario is validated as a loaded folder is: setting an id may not duplicate one
    ("links,sea_eg_suez__eg_port_said,set,id,rail_kz_dostyk__kz_beskol,somebody,\n", "id",
     "a unique id"),
    ("places,kz_beskol,set,lon,60,somebody,\n", "lon", None),
]


@pytest.mark.parametrize(("row", "column", "expected"), BAD)
def test_bad_scenario_rows_name_line_and_column(tmp_path, default_net, row, column, expected):
    path = tmp_path / "bad.csv"
    path.write_text("table,id,action,column,value,source,note\n"
                    "scenario,,describe,description,a test,,\n" + row, encoding="utf-8")
    with pytest.raises(tcroute.DataFileError) as info:
        default_net.with_scenario(str(path))
    if expected is None:  # the row is valid; it breaks rows it does not touch
        assert info.value.problems and all(p.file != "bad.csv" for p in info.value.problems)
        return
    hits = [p for p in info.value.problems if p.file == "bad.csv" and p.line == 3
            and p.column == column]
    assert hits and any(expected in p.expected for p in hits), info.value.problems


def test_user_scenario_adds_a_link(tmp_path, default_net):
    path = tmp_path / "new_ferry.csv"
    path.write_text(
        "table,id,action,column,value,source,note\n"
        "links,ferry_kz_aktau_port__tm_turkmenbashi_port,add,from_id,kz_aktau_port,me,\n"
        "links,ferry_kz_aktau_port__tm_turkmenbashi_port,add,to_id,tm_turkmenbashi_port,me,\n"
        "links,ferry_kz_aktau_port__tm_turkmenbashi_port,add,mode,ferry,me,\n"
        "links,ferry_kz_aktau_port__tm_turkmenbashi_port,add,length_km,450,me,\n"
        "links,ferry_kz_aktau_port__tm_turkmenbashi_port,add,length_basis,traced,me,\n"
        "links,ferry_kz_aktau_port__tm_turkmenbashi_port,add,status,open,me,\n"
        "links,ferry_kz_aktau_port__tm_turkmenbashi_port,add,departures_per_week,14,me,\n"
        "links,ferry_kz_aktau_port__tm_turkmenbashi_port,add,source,hypothetical line,me,\n",
        encoding="utf-8")
    net = default_net.with_scenario(str(path))
    assert "ferry_kz_aktau_port__tm_turkmenbashi_port" in net.links.index
    assert net.scenarios == ["new_ferry"]
    r = tcroute.shortest_route(net, "Aktau", "Turkmenbashi", modes=["ferry"])
    assert r.distance_km == 450


def _sea_days(net):
    return tcroute.shortest_route(net, "Shanghai", "Rotterdam", modes=["sea"]).days


def test_sweep_with_executors(default_net):
    from concurrent.futures import ProcessPoolExecutor

    from tcroute.scenarios import sweep

    plan = {"today": None, "no Suez": "suez_closed", "both": ["suez_closed", "caspian_closed"]}
    serial = sweep(default_net, plan, _sea_days)
    with ProcessPoolExecutor(2) as ex:
        parallel = sweep(default_net, plan, _sea_days, executor=ex)
    assert serial == parallel
    assert serial["no Suez"] > serial["today"] and serial["both"] == serial["no Suez"]


def test_scenario_cells_keep_quoted_line_breaks(tmp_path, default_net):
    """A quoted note over two lines is one cell, and later rows keep their file lines."""
    path = tmp_path / "multi.csv"
    path.write_text("table,id,action,column,value,source,note\n"
                    'links,sea_eg_suez__eg_port_said,close,,,somebody,"two\nlines"\n'
                    "links,nope_link,close,,,somebody,\n", encoding="utf-8")
    s = tcroute.read_scenario(path)
    assert [c.line for c in s.changes] == [2, 4]
    with pytest.raises(tcroute.DataFileError) as info:
        default_net.with_scenario(str(path))
    assert [(p.line, p.column) for p in info.value.problems] == [(4, "id")]
