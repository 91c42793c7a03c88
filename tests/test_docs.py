"""Every Python code block in README.md and docs/*.md runs; every example script runs."""

from __future__ import annotations

import re
import runpy
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"```python\n(.*?)```", re.S)


def _blocks():
    for path in DOCS:
        for i, code in enumerate(BLOCK.findall(path.read_text(encoding="utf-8"))):
            yield pytest.param(code, id=f"{path.name}[{i}]")


@pytest.mark.parametrize("code", list(_blocks()))
def test_python_blocks_run(code, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "<doc>", "exec"), {"__name__": "__doc__"})


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


def test_stress_example_lists_saturated_assets_in_order(capsys):
    ns = runpy.run_path(str(ROOT / "examples" / "stress_northern_shift.py"))
    results = ns["main"](1.0)
    out = capsys.readouterr().out
    assert "assets in the order they filled up:" in out
    for res in results.values():
        assert res.served_teu_year + res.unserved_teu_year == pytest.approx(211_100)
        assert len(res.saturation_order) >= 2
        loads = res.loads.set_index("asset")
        first = loads.loc[res.saturation_order[0]]
        assert first["load_teu_year"] <= first["capacity_teu_year"] + 1e-6
