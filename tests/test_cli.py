"""The tcroute command line: output, exit codes (0 ok, 1 analysis/data error, 2 usage)."""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import sys

import pytest
from conftest import TINY

from tcroute.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_info_default(capsys):
    code, out, _ = run(capsys, "info")
    assert code == 0
    assert "<Network" in out and "total" in out and "KZ" in out


def test_info_json(capsys):
    code, out, _ = run(capsys, "info", "--network", str(TINY), "--json")
    assert code == 0
    rows = json.loads(out)
    total = next(r for r in rows if r["country"] == "total")
    assert total["places"] == 6


def test_validate_ok(capsys):
    code, out, _ = run(capsys, "validate", str(TINY))
    assert code == 0 and "no problems" in out


def test_validate_reports_every_problem(capsys, tiny_copy):
    folder = tiny_copy()
    text = (folder / "links.csv").read_text(encoding="utf-8")
    text = text.replace("rail_cn_a__cn_b,cn_a,cn_b,rail,200", "rail_cn_a__cn_b,cn_a,cn_b,rail,abc")
    text = text.replace("road_az_q__az_d,az_q,az_d,road,120", "road_az_q__az_d,az_q,az_x,road,120")
    (folder / "links.csv").write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "validate", str(folder))
    assert code == 1
    assert "links.csv:2: length_km: got 'abc', expected a number" in out
    assert "links.csv:8: to_id: got 'az_x'" in out
    assert "2 problems" in err


def test_route_text_and_json(capsys):
    code, out, _ = run(capsys, "route", "Alpha", "Delta", "--network", str(TINY), "--weight",
                       "cost")
    assert code == 0 and "Alpha -> Delta: the cheapest route" in out
    assert any(line.startswith("transfer") and "Bravo" in line for line in out.splitlines())
    code, out, _ = run(capsys, "route", "Alpha", "Delta", "--network", str(TINY), "--json")
    data = json.loads(out)
    assert data["places"][0] == "cn_a" and data["legs"]


def test_route_csv_to_file(capsys, tmp_path):
    target = tmp_path / "legs.csv"
    code, _, _ = run(capsys, "route", "Alpha", "Delta", "--network", str(TINY), "--csv", "-o",
                     str(target))
    assert code == 0
    assert target.read_text(encoding="utf-8").startswith("kind,mode,from_name")


def test_no_route_is_exit_1_one_line(capsys):
    code, out, err = run(capsys, "route", "Alpha", "Delta", "--network", str(TINY),
                         "--avoid-modes", "ferry")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "needs mode 'ferry'" in err
    assert "Traceback" not in err


def test_unknown_place_is_exit_1(capsys):
    code, _, err = run(capsys, "route", "Alpah", "Delta", "--network", str(TINY))
    assert code == 1 and "did you mean Alpha (cn_a)" in err


def test_usage_error_is_exit_2(capsys):
    with pytest.raises(SystemExit) as info:
        main(["route", "Alpha"])
    assert info.value.code == 2
    with pytest.raises(SystemExit) as info:
        main(["route", "Alpha", "Delta", "--weight", "fastest"])
    assert info.value.code == 2


def test_places_filter(capsys):
    code, out, _ = run(capsys, "places", "--network", str(TINY), "--country", "KZ")
    assert code == 0 and "kz_c" in out and "cn_a" not in out
    code, out, _ = run(capsys, "places", "--network", str(TINY), "--match", "port", "--csv")
    assert out.splitlines()[0] == "id,name,country,kind,lon,lat" and len(out.splitlines()) == 3


def test_alternatives(capsys):
    code, out, _ = run(capsys, "alternatives", "Alpha", "Delta", "--network", str(TINY), "-k",
                       "2", "--json")
    assert code == 0 and 1 <= len(json.loads(out)) <= 2


def test_console_script_installed():
    exe = shutil.which("tcroute") or str(__import__("pathlib").Path(sys.executable).parent /
                                         "tcroute")
    proc = subprocess.run([exe, "--help"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0 and "route" in proc.stdout and "examples:" in proc.stdout


def test_compare_table(capsys):
    code, out, _ = run(capsys, "compare", "Alpha", "Delta", "--network", str(TINY))
    assert code == 0
    assert "rail_ferry" not in out or "Rail and ferry via Bravo" in out
    assert "No route:" in out and "Without the ferry: no route" in out
    code, out, _ = run(capsys, "compare", "Alpha", "Delta", "--network", str(TINY), "--csv")
    assert out.splitlines()[0].startswith("corridor,name,feasible")


def test_compare_chart(capsys, tmp_path):
    pytest.importorskip("matplotlib")
    target = tmp_path / "c.png"
    code, _, err = run(capsys, "compare", "Alpha", "Delta", "--network", str(TINY), "--chart",
                       str(target))
    assert code == 0 and target.stat().st_size > 10_000 and "written" in err


def test_compare_default_network_json(capsys):
    code, out, _ = run(capsys, "compare", "Xi'an", "Duisburg", "--json", "--corridors",
                       "northern,middle_btk")
    assert code == 0
    rows = json.loads(out)
    assert [r["corridor"] for r in rows] == ["best", "northern", "middle_btk"]
    assert all(r["feasible"] for r in rows)


def test_rail_border_dwell_option(capsys):
    import tcroute

    net = tcroute.load_network()
    days = {}
    for dwell in ("block_train", "all_traffic"):
        code, out, _ = run(capsys, "compare", "Xi'an", "Duisburg", "--json", "--corridors",
                           "northern", "--rail-border-dwell", dwell)
        assert code == 0
        days[dwell] = {r["corridor"]: r["time_days"] for r in json.loads(out)}["northern"]
        model = tcroute.CostModel(rail_border_dwell=dwell)
        r = tcroute.compare_corridors(net, "Xi'an", "Duisburg", corridors=["northern"],
                                      cost_model=model)
        assert days[dwell] == pytest.approx(r.loc["northern", "time_days"])
    # the CPMM all-traffic means take days at the China-Kazakhstan border, a block train hours
    assert days["all_traffic"] - days["block_train"] > 3
    code, out, _ = run(capsys, "route", "Xi'an", "Duisburg", "--rail-border-dwell",
                       "all_traffic", "--modes", "rail", "--json")
    data = json.loads(out)
    assert code == 0 and data["time_h"] > 24 * days["block_train"] + 72
    assert data["rail_border_dwell"] == "all_traffic"
    code, out, _ = run(capsys, "route", "Xi'an", "Duisburg", "--modes", "rail")
    assert "rail borders: a container block train's times" in out


def test_bottlenecks_cli(capsys):
    code, out, _ = run(capsys, "bottlenecks", "Alpha", "Delta", "--network", str(TINY))
    assert code == 0
    assert "Maximum throughput: 50,000 TEU/year" in out and "Papa Port – Quebec Port ferry" in out
    code, out, _ = run(capsys, "bottlenecks", "Alpha", "Delta", "--network", str(TINY),
                       "--json")
    assert json.loads(out)["max_flow_teu_year"] == 50000


def test_criticality_cli(capsys):
    code, out, _ = run(capsys, "criticality", "--pairs", "Alpha:Delta", "--network",
                       str(TINY), "--csv")
    assert code == 0 and out.splitlines()[0].startswith("rank,element,kind")
    code, _, err = run(capsys, "criticality", "--pairs", "Alpha-Delta", "--network",
                       str(TINY))
    assert code == 2 and "origin:destination" in err


def test_scenarios_cli(capsys):
    code, out, _ = run(capsys, "scenarios")
    assert code == 0 and "suez_closed" in out and "middle_corridor_2030" in out
    code, out, _ = run(capsys, "route", "Shanghai", "Rotterdam", "--modes", "sea",
                       "--scenario", "suez_closed", "--json")
    assert code == 0 and "za_cape_of_good_hope" in json.loads(out)["places"]
    code, _, err = run(capsys, "route", "Shanghai", "Rotterdam", "--scenario", "nope")
    assert code == 1 and "no scenario 'nope'" in err


def test_compare_reliability_cli(capsys):
    code, out, _ = run(capsys, "compare", "Xi'an", "Duisburg", "--corridors",
                       "northern,middle_black_sea", "--reliability")
    assert code == 0 and "P90" in out and "P50" in out


def test_progress_only_on_a_terminal():
    import io
    import time

    from tcroute.cli import Progress

    class Tty(io.StringIO):
        def isatty(self):
            return True

    tty = Tty()
    with Progress("working", stream=tty, delay_s=0.0, interval_s=0.01):
        time.sleep(0.3)
    text = tty.getvalue()
    assert "working ..." in text and text.endswith("\r")  # shown, then cleared
    plain = io.StringIO()
    with Progress("working", stream=plain, delay_s=0.0, interval_s=0.01):
        time.sleep(0.05)
    assert plain.getvalue() == ""


# ------------------------------------------------------------------ layout (fits the terminal)
def _lines_fit(text: str, width: int) -> None:
    long = [line for line in text.splitlines() if len(line) > width]
    assert not long, f"{len(long)} lines wider than {width}: {long[:3]}"


@pytest.mark.parametrize("width", [80, 120])
def test_compare_fits_the_terminal_and_states_the_answer(capsys, monkeypatch, width):
    monkeypatch.setenv("COLUMNS", str(width))
    code, out, _ = run(capsys, "compare", "Xi'an", "Duisburg")
    assert code == 0
    _lines_fit(out, width)
    flat = " ".join(out.split())
    assert "Avoiding Russia and Belarus costs, against it: by rail, +" in flat
    assert "kg CO2e per TEU" in flat and "chokes at" in flat
    assert "<NA>" not in out and "nan" not in out
    # names, not ids; units in the headers
    assert "ferry_" not in out and "rail_" not in out
    assert "USD/TEU" in out and "days" in out
    if width == 120:
        assert "Turkmenbashi" in out  # the Middle Corridor's bottleneck, by name


def test_compare_first_row_label_is_honest(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    code, out, _ = run(capsys, "compare", "Xi'an", "Duisburg", "--avoid", "RU,BY",
                       "--corridors", "northern,middle_btk")
    assert code == 0
    assert "no corridor constraint" not in out
    assert "Best route avoiding RU, BY" in out
    code, out, _ = run(capsys, "compare", "Xi'an", "Duisburg", "--avoid", "RU,BY",
                       "--corridors", "northern", "--json")
    assert json.loads(out)[0]["name"].startswith("Best route avoiding RU, BY")


def test_compare_missing_values_have_one_mark(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    code, out, _ = run(capsys, "compare", "Alpha", "Delta", "--network", str(TINY))
    assert code == 0
    row = next(line for line in out.splitlines() if line.startswith("Without the ferry"))
    marks = set(row.replace("Without the ferry", "").split())
    assert marks == {"–"}


def test_wide_shows_every_column(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    _, narrow, _ = run(capsys, "compare", "Alpha", "Delta", "--network", str(TINY))
    _, wide, _ = run(capsys, "compare", "Alpha", "Delta", "--network", str(TINY), "--wide")
    assert "crossings" not in narrow and "crossings" in wide
    assert max(len(line) for line in wide.splitlines()) > 80


@pytest.mark.parametrize("argv", [
    ["route", "Alpha", "Delta"],
    ["alternatives", "Alpha", "Delta", "-k", "2"],
    ["bottlenecks", "Alpha", "Delta"],
    ["criticality", "--pairs", "Alpha:Delta"],
    ["places"],
    ["scenarios"],
])
def test_every_command_fits_80_columns(capsys, monkeypatch, argv):
    monkeypatch.setenv("COLUMNS", "80")
    extra = [] if argv[0] == "scenarios" else ["--network", str(TINY)]
    code, out, _ = run(capsys, *argv, *extra)
    assert code == 0
    _lines_fit(out, 80)
    assert "<NA>" not in out and "nan " not in out


def test_alternatives_are_labelled_by_rank(capsys):
    code, out, _ = run(capsys, "alternatives", "Almaty", "Istanbul", "-k", "3")
    assert code == 0
    assert "best by" not in out
    assert "route 1: the fastest route" in out
    assert "route 2: the 2nd fastest of the distinct routes" in out


def test_alternatives_k_is_bounded(capsys):
    with pytest.raises(SystemExit) as info:
        main(["alternatives", "Almaty", "Istanbul", "-k", "40"])
    assert info.value.code == 2
    assert "-k takes 1 to 10 routes" in capsys.readouterr().err


# ------------------------------------------------------------------ -o picks the format
def test_output_format_from_extension(capsys, tmp_path):
    base = ["route", "Alpha", "Delta", "--network", str(TINY), "-o"]
    assert run(capsys, *base, str(tmp_path / "r.csv"))[0] == 0
    assert (tmp_path / "r.csv").read_text(encoding="utf-8").startswith("kind,mode,from_name")
    assert run(capsys, *base, str(tmp_path / "r.json"))[0] == 0
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["places"][0] == "cn_a"
    assert run(capsys, *base, str(tmp_path / "r.geojson"))[0] == 0
    gj = json.loads((tmp_path / "r.geojson").read_text(encoding="utf-8"))
    assert gj["type"] == "FeatureCollection" and gj["features"]
    assert run(capsys, *base, str(tmp_path / "r.txt"))[0] == 0
    assert "Alpha -> Delta" in (tmp_path / "r.txt").read_text(encoding="utf-8")
    code, _, err = run(capsys, *base, str(tmp_path / "r.gpkg"))
    assert code == 2 and "cannot write .gpkg files" in err and ".geojson" in err
    code, _, err = run(capsys, "places", "--network", str(TINY), "--json", "-o",
                       str(tmp_path / "p.csv"))
    assert code == 2 and "two formats" in err
    code, _, _ = run(capsys, "compare", "Alpha", "Delta", "--network", str(TINY), "-o",
                     str(tmp_path / "c.csv"))
    assert code == 0
    assert (tmp_path / "c.csv").read_text(encoding="utf-8").startswith("corridor,name")


# ------------------------------------------------------------------ no tracebacks
def test_infinite_unknown_capacity_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        main(["bottlenecks", "Alpha", "Delta", "--network", str(TINY), "--unknown-capacity",
              "inf"])
    err = capsys.readouterr().err
    assert info.value.code == 2 and "finite number of TEU per year" in err
    assert "Traceback" not in err


def test_export_to_a_missing_folder_is_one_line(capsys, tmp_path):
    code, out, err = run(capsys, "export", "--network", str(TINY), "-o",
                         str(tmp_path / "nowhere" / "x.gpkg"))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "does not exist" in err


def _cli(*argv: str, code: str = "pass", **kw):
    prog = f"import sys; {code}; from tcroute.cli import main; sys.exit(main({list(argv)!r}))"
    return subprocess.run([sys.executable, "-c", prog], capture_output=True, text=True,
                          check=False, **kw)


def test_missing_optional_dependency_is_one_line(tmp_path):
    proc = _cli("compare", "Alpha", "Delta", "--network", str(TINY), "--chart",
                str(tmp_path / "c.png"), code="sys.modules['matplotlib'] = None")
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert "pip install '.[maps]'" in proc.stderr
    proc = _cli("export", "--network", str(TINY), "-o", str(tmp_path / "n.gpkg"),
                code="sys.modules['geopandas'] = None")
    assert proc.returncode == 1 and proc.stderr.count("\n") == 1
    assert "pip install '.[gis]'" in proc.stderr


def test_broken_pipe_ends_quietly():
    prog = ("import sys; from tcroute.cli import main; sys.exit(main(['places', '--wide']))")
    proc = subprocess.Popen([sys.executable, "-c", prog], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    proc.stdout.close()  # the reader goes away at once, like `| head -0`
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=60) == 141
    assert err == ""


def test_version_and_help_do_not_import_the_analyses():
    proc = subprocess.run([sys.executable, "-c",
                           "import sys; from tcroute.cli import build_parser; build_parser(); "
                           "print(sorted(m for m in ('pandas', 'networkx', 'scipy', 'tcroute.io',"
                           " 'tcroute.routing') if m in sys.modules))"],
                          capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"
    proc = _cli("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("tcroute 0.")


def test_progress_is_wiped_before_output():
    import io
    import time

    from tcroute import cli

    class Tty(io.StringIO):
        def isatty(self):
            return True

    tty = Tty()
    with cli.Progress("working", stream=tty, delay_s=0.0, interval_s=0.01):
        time.sleep(0.1)
        cli._quiet()  # what every print of a result does first
        shown = tty.getvalue()
        time.sleep(0.1)
        assert tty.getvalue() == shown  # nothing drawn after the output started
    assert "working ..." in shown and shown.endswith("\r")


def test_help_fits_80_columns():
    proc = _cli("--help")
    env_free = [line for line in proc.stdout.splitlines() if len(line) > 80]
    assert proc.returncode == 0 and not env_free, env_free


def test_reliability_command_answers_a_deadline_in_one_call(capsys):
    argv = ["reliability", "Xi'an", "Duisburg", "--corridor", "middle_black_sea", "--month",
            "1", "--within-days", "25", "--draws", "2000"]
    code, out, _ = run(capsys, *argv)
    assert code == 0
    flat = " ".join(out.split())
    assert "chance of arriving within 25 days in January" in flat and "P95" in flat
    code, out, _ = run(capsys, *argv, "--json")
    row = json.loads(out)[0]
    import tcroute

    rel = tcroute.transit_time_distribution(tcroute.load_network(), ("Xi'an", "Duisburg"),
                                            corridor="middle_black_sea", month=1, draws=2000,
                                            seed=0)
    assert row["p_within"] == pytest.approx(rel.prob_within(25))
    assert row["month"] == 1 and row["p95_days"] == pytest.approx(rel.p95_days)
    with pytest.raises(SystemExit) as exc:
        main(["reliability", "Xi'an", "Duisburg", "--month", "13"])
    assert exc.value.code == 2


def test_compare_reliability_by_month_with_chart(capsys, tmp_path, monkeypatch):
    pytest.importorskip("matplotlib")
    monkeypatch.setenv("COLUMNS", "200")
    chart = tmp_path / "c.png"
    code, out, err = run(capsys, "compare", "Xi'an", "Duisburg", "--corridors",
                         "northern,middle_black_sea", "--reliability", "--month", "1",
                         "--within-days", "25", "--chart", str(chart))
    assert code == 0 and "P95" in out and "in time" in out
    assert chart.is_file() and (tmp_path / "c_reliability.png").is_file()
    assert "distributions written" in err
    code, out, _ = run(capsys, "compare", "Xi'an", "Duisburg", "--corridors", "northern",
                       "--month", "7", "--json")
    row = json.loads(out)[1]
    assert row["p95_days"] >= row["p90_days"] and "July" in row["reliability_basis"]


def test_assign_demand_csv(capsys, tmp_path):
    demand = tmp_path / "demand.csv"
    demand.write_text("origin,destination,teu_year\nAlpha,Delta,80000\n", encoding="utf-8")
    assert main(["assign", str(demand), "--network", str(TINY), "--modes", "rail,ferry"]) == 0
    out = capsys.readouterr().out
    flat = " ".join(out.split())
    assert flat.startswith("Equilibrium: ") and "of 80,000 TEU/year served" in flat
    assert "Saturated first: Papa Port – Quebec Port ferry" in flat
    assert "Papa Port → Quebec Port ferry" in flat  # the busiest assets by name, each way
    assert "Largest pairs:" in flat and "Alpha Delta 80,000" in flat
    assert main(["assign", str(demand), "--network", str(TINY), "--modes", "rail,ferry",
                 "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert f"{data['served_teu_year']:,.0f} of 80,000" in flat
    assert data["served_teu_year"] + data["unserved_teu_year"] == pytest.approx(80_000)
    assert data["served_teu_year"] <= 50_000 + 1e-6  # the ferry's capacity
    assert data["convergence"] and data["method"] == "equilibrium"
    assert main(["assign", str(tmp_path / "missing.csv")]) == 1
    assert "no demand file" in capsys.readouterr().err


def test_assign_reports_the_rolling_stock_its_flows_need(capsys, tmp_path):
    demand = tmp_path / "demand.csv"
    demand.write_text("origin,destination,teu_year\nTashkent,Altynkol,12000\n", encoding="utf-8")
    assert main(["assign", str(demand), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    pools = {p["pool"]: p for p in data["fleets"]}
    uty = pools["uty_tashkent_altynkol_shuttle"]
    # the whole path carries the pair: one loaded run per cycle, by hand from the pool's
    # own figures
    assert uty["path_load_teu_year"] == pytest.approx(12_000)
    assert uty["required_units"] == math.ceil(12_000 * uty["cycle_h"] / (2 * 8760))
    assert uty["shortfall_units"] == uty["required_units"] - 57
    assert pools["ady_middle_corridor_platforms"]["required_units"] == 0
    assert main(["assign", str(demand)]) == 0
    out = capsys.readouterr().out
    assert "Rolling stock" in out and "uty_tashkent_altynkol_shuttle" in out
    assert "ady_middle_corridor_platforms" not in out  # its path carries nothing


def test_a_word_too_long_for_its_column_breaks_at_a_hyphen_not_mid_word():
    from tcroute._format import Col, table

    rows = [{"name": "China-Kyrgyzstan-Uzbekistan railway (planned)", "days": 19.6},
            {"name": "Baku-Tbilisi-Kars and Turkey", "days": 21.1}]
    out = table(rows, [Col("name", "corridor", flex=True, min_width=20),
                       Col("days", "days")], width=30)
    lines = [line.split("  ")[0].strip() for line in out.splitlines()[1:] if line.strip()]
    words = {w for line in lines for w in line.replace("-", "- ").split()}
    assert "Uzbekistan" in words and "Uzbekista" not in words
    assert "Baku-Tbilisi-Kars" in " ".join(lines)  # short enough: kept whole
    assert max(len(line) for line in out.splitlines()) <= 30


def test_fleets_lists_the_pools_with_their_capacity(capsys, tmp_path, monkeypatch):
    import tcroute

    net = tcroute.load_network()
    monkeypatch.setenv("COLUMNS", "80")
    assert main(["fleets"]) == 0
    narrow = capsys.readouterr().out
    assert max(len(line) for line in narrow.splitlines()) <= 80
    monkeypatch.setenv("COLUMNS", "160")
    assert main(["fleets"]) == 0
    out = capsys.readouterr().out
    for pid, pool in net.fleets.iterrows():
        assert pid in out
        assert f"{pool['capacity_teu_year']:,.0f}" in out
        assert f"{pool['cycle_h']:,.1f}" in out
    assert "2,025" not in out and "2025" in out
    # the ships of the ferry services, with the capacity the loader derives from them
    assert "Ships of the open ferry and sea services" in out
    aktau = net.links.loc["ferry_kz_aktau_port__az_alat_port"]
    assert "kmtf_aktau_alat_feeder" in out and "asco_aktau_alat_feeder" in out
    feeders = net.services[net.services["link_id"] == aktau.name]
    each = (feeders["vessels"] * feeders["capacity_teu_per_sailing"] * 365
            / feeders["round_trip_days"])
    assert all(f"{v:,.0f}" in out for v in each)  # ships x TEU a sailing x 365 / round trip
    assert round(each.sum()) == aktau["capacity_teu_year"]  # the crossing's, as derived
    assert main(["fleets", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {r["id"] for r in data} == set(net.fleets.index)
    scen = tmp_path / "more.csv"
    scen.write_text("table,id,action,column,value,source,note\n"
                    "fleets,ady_middle_corridor_platforms,set,units,300,test,\n",
                    encoding="utf-8")
    assert main(["fleets", "--scenario", str(scen), "--json"]) == 0
    data = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    assert data["ady_middle_corridor_platforms"]["units"] == 300
