"""The tcroute command line: output, exit codes (0 ok, 1 analysis/data error, 2 usage)."""

from __future__ import annotations

import json
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
    assert code == 0 and "Alpha -> Delta" in out and "transfer at Bravo" in out
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
    assert "not feasible:" in out and "no_ferry" in out
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


def test_bottlenecks_cli(capsys):
    code, out, _ = run(capsys, "bottlenecks", "Alpha", "Delta", "--network", str(TINY))
    assert code == 0
    assert "maximum throughput: 50,000 TEU/year" in out and "ferry_kz_p__az_q" in out
    code, out, _ = run(capsys, "bottlenecks", "Alpha", "Delta", "--network", str(TINY),
                       "--json")
    assert json.loads(out)["max_flow_teu_year"] == 50000


def test_criticality_cli(capsys):
    code, out, _ = run(capsys, "criticality", "--pairs", "Alpha:Delta", "--network",
                       str(TINY), "--csv")
    assert code == 0 and out.splitlines()[0].startswith("rank,element,kind")
    code, _, err = run(capsys, "criticality", "--pairs", "Alpha-Delta", "--network",
                       str(TINY))
    assert code == 1 and "origin:destination" in err


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
