"""Every Python code block in README.md and docs/*.md runs; every example script runs."""

from __future__ import annotations

import re
import runpy
import shlex
import shutil
import sys
from pathlib import Path

import pytest

import tcroute

ROOT = Path(__file__).parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"```(python|bash)\n(.*?)```", re.S)


def _commands(code: str) -> list[list[str]]:
    """The tcroute commands of a shell block (pip, python and pytest lines are install and
    test instructions, run by CI itself)."""
    out = []
    for line in code.splitlines():
        for part in line.split("&&"):
            words = shlex.split(part.strip(), comments=True) if part.strip() else []
            if words and words[0] == "tcroute":
                out.append(words[1:])
    return out


# pages whose blocks run for more than a few seconds: a cluster of worker processes,
# appraisals, the README's tour of every command
SLOW_PAGES = {"appraisal.md", "distributed.md", "README.md"}


@pytest.mark.parametrize("page", [pytest.param(p, marks=pytest.mark.slow)
                                  if p.name in SLOW_PAGES else p for p in DOCS],
                         ids=[p.name for p in DOCS])
def test_every_code_block_runs(page, tmp_path, monkeypatch, capsys):
    """Blocks of a page run in order, in one folder and one namespace, as a reader would."""
    pytest.importorskip("matplotlib")
    from tcroute.cli import main

    monkeypatch.chdir(tmp_path)
    # the folder the README's `tcroute validate my_network/` speaks of: a user's full copy
    shutil.copytree(tcroute.default_data_dir(), tmp_path / "my_network")
    namespace: dict[str, object] = {"__name__": "__doc__"}
    blocks = BLOCK.findall(page.read_text(encoding="utf-8"))
    for lang, code in blocks:
        if lang == "python":
            exec(compile(code, f"<{page.name}>", "exec"), namespace)
        else:
            for argv in _commands(code):
                assert main(argv) == 0, f"{page.name}: tcroute {' '.join(argv)}"
    capsys.readouterr()


@pytest.mark.slow
def test_bypass_russia_example(tmp_path, capsys, monkeypatch):
    pytest.importorskip("matplotlib")
    monkeypatch.setattr(sys, "argv", ["bypass_russia.py", str(tmp_path)])
    runpy.run_path(str(ROOT / "examples" / "bypass_russia.py"), run_name="__main__")
    out = capsys.readouterr().out
    for pair in ("Xi'an -> Duisburg", "Chongqing -> Duisburg", "Almaty -> Istanbul",
                 "Urumqi -> Constanța port"):
        assert pair in out
    pngs = sorted(tmp_path.glob("*.png"))
    assert len(pngs) == 4 and all(p.stat().st_size > 20_000 for p in pngs)


@pytest.mark.slow
def test_stress_example_lists_saturated_assets_in_order(capsys):
    ns = runpy.run_path(str(ROOT / "examples" / "stress_northern_shift.py"))
    results = ns["main"](1.0)
    out = capsys.readouterr().out
    assert "assets in the order they filled up" in out
    for res in results.values():
        assert res.served_teu_year + res.unserved_teu_year == pytest.approx(211_100)
        # at least one asset fills up (with chains someone sells, the shippers' patience
        # runs out at the Marmaray line before a second asset fills)
        assert len(res.saturation_order) >= 1
        first = res.loads[res.loads["asset"] == res.saturation_order[0]]
        assert (first["vc_ratio"] <= 1 + 1e-9).all()
        assert (first["load_teu_year"] <= first["capacity_teu_year"] + 1e-6).all()


def test_triple_by_2030_example(tmp_path, capsys):
    """Growing the Middle Corridor: times rise as assets fill, the 2030 projects help, and a
    chart is written."""
    pytest.importorskip("matplotlib")
    ns = runpy.run_path(str(ROOT / "examples" / "triple_by_2030.py"))
    results = ns["main"](tmp_path, factors=(1.0, 1.5))
    out = capsys.readouterr().out
    assert "assets in the order they saturate" in out
    today, _sat, stock = results["today's network"]
    planned, _, _ = results["with the 2030 projects"]
    assert "rolling stock the flows need" in out
    assert set(stock["pool"]) == {"ady_middle_corridor_platforms", "georgian_railway_locomotives",
                                  "kmtf_aktau_alat_feeder", "asco_aktau_alat_feeder"}
    # the stock a pool needs follows its path's peak flow: more corridor volume, more units
    for _pool, grp in stock.groupby("pool"):
        grp = grp.sort_values("factor")
        assert grp["path_load_teu_year"].is_monotonic_increasing
        assert grp["required_units"].is_monotonic_increasing
    assert today["time_days"].iloc[1] > today["time_days"].iloc[0]
    assert today["queue_days"].iloc[1] > today["queue_days"].iloc[0]
    # shippers choose by generalized cost: the projects never make it dearer, though some
    # flows trade time for money (cheaper Aktau feeders for faster Kuryk ferries)
    assert (planned["generalized_usd_per_teu"]
            <= today["generalized_usd_per_teu"] + 1e-6).all()
    assert (planned["cost_usd_per_teu"] < today["cost_usd_per_teu"]).all()
    assert (tmp_path / "triple_by_2030.png").stat().st_size > 10_000


def test_api_reference_lists_every_public_name():
    api = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    missing = [n for n in tcroute.__all__ if n != "__version__" and f"## `{n}`" not in api]
    assert not missing, f"docs/api.md lacks {missing}: python tools/make_api_doc.py"
