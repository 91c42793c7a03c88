"""Bounded fuzzing of the loader and of scenario files: whatever the bytes, reading a folder
or applying a scenario gives a Network or a DataFileError/ScenarioError that names real
files and lines, never another exception."""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from conftest import TINY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tcroute
from tcroute.errors import DataFileError, ScenarioError
from tcroute.io import _check

FUZZ = settings(max_examples=15, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow])
#: the long run explores new examples only when asked (TCROUTE_FUZZ_RANDOM=1): a CI run must
#: not fail on an example no earlier run met; a bug it finds gets its own regression test
LONG = settings(FUZZ, max_examples=300,
                derandomize=os.environ.get("TCROUTE_FUZZ_RANDOM", "") != "1")

FILES = sorted(p.name for p in TINY.glob("*.csv"))
cells = st.one_of(
    st.sampled_from(["", " ", "0", "-1", "1e308", "1e-310", "nan", "inf", "true", "maybe",
                     "rail", "sea", "CN", "cn_a", "kz_c", '"', '""', "a,b", "x\ny", "\u2028",
                     "\x85", "\f", "Déltà", "西安", "x" * 300]),
    st.text(max_size=12),
)
edit = st.tuples(st.sampled_from(FILES), st.integers(0, 30), st.integers(0, 30), cells)
raw_edit = st.tuples(st.sampled_from(FILES), st.integers(0, 2000),
                     st.sampled_from(['"', ",", "\n", "\r", "\r\n", "\x00", "\ufeff", "é",
                                      "\u2028", ";"]))


def _lines(text: str) -> int:
    return len(io.StringIO(text, newline="").readlines()) or 1


def _check_problems(err: DataFileError, folder: Path) -> None:
    for p in err.problems:
        assert p.expected and p.got is not None
        path = folder / p.file
        if p.line is not None and path.is_file():
            text = path.read_bytes().decode("utf-8", "replace")
            assert 1 <= p.line <= _lines(text) + 1, (p, _lines(text))


@FUZZ
@given(edits=st.lists(edit, max_size=4), raws=st.lists(raw_edit, max_size=2))
def test_loader_never_crashes(edits, raws):
    _load_edited(edits, raws)


@pytest.mark.slow
@LONG
@given(edits=st.lists(edit, max_size=6), raws=st.lists(raw_edit, max_size=3))
def test_loader_never_crashes_long(edits, raws):
    _load_edited(edits, raws)


def _load_edited(edits, raws) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "net"
        shutil.copytree(TINY, folder)
        for name, row, col, value in edits:
            path = folder / name
            rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
            r = rows[row % len(rows)]
            if r:
                r[col % len(r)] = value
            buf = io.StringIO()
            csv.writer(buf, lineterminator="\n").writerows(rows)
            path.write_text(buf.getvalue(), encoding="utf-8")
        for name, at, insert in raws:
            path = folder / name
            text = path.read_text(encoding="utf-8")
            at %= len(text) + 1
            path.write_text(text[:at] + insert + text[at:], encoding="utf-8")
        try:
            net = tcroute.read_network(folder)
        except DataFileError as err:
            _check_problems(err, folder)
        else:
            assert len(net.places) > 0


NET = tcroute.read_network(TINY)
LINK_COLS = ["status", "speed_kmh", "capacity_teu_year", "id", "from_id", "length_km",
             "gauge_mm", "mode", "departures_per_week", "closure_days_per_year", "colour"]
FLEET_COLS = ["units", "teu_per_unit", "scope", "via", "cycle_days", "turnaround_h", "unit",
              "to_id", "links"]
scenario_row = st.tuples(
    st.sampled_from(["links", "places", "terminals", "borders", "modes", "fleets", "lanes"]),
    st.sampled_from([*NET.links.index[:3], *NET.places.index[:2], *NET.terminals.index[:2],
                     *NET.fleets.index, "rail", "nope", ""]),
    st.sampled_from(["close", "open", "set", "add", "explode"]),
    st.sampled_from([*LINK_COLS, *FLEET_COLS, "lon", "country", "transfer_h", "dwell_h"]),
    cells,
)


@settings(FUZZ, max_examples=40)
@given(rows=st.lists(scenario_row, min_size=1, max_size=5))
def test_scenarios_never_crash_or_corrupt(rows):
    _apply_rows(rows)


@pytest.mark.slow
@LONG
@given(rows=st.lists(scenario_row, min_size=1, max_size=8))
def test_scenarios_never_crash_or_corrupt_long(rows):
    _apply_rows(rows)


def _apply_rows(rows) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["table", "id", "action", "column", "value", "source", "note"])
    for table, rid, action, column, value in rows:
        w.writerow([table, rid, action, column, value, "fuzz", ""])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.csv"
        path.write_text(buf.getvalue(), encoding="utf-8")
        try:
            out = NET.with_scenario(str(path))
        except (DataFileError, ScenarioError) as err:
            assert str(err)
            return
    # a network that came out passes the loader's checks again: unique ids, references, ...
    for table in ("places", "links", "terminals", "borders"):
        assert getattr(out, table).index.is_unique, table
    _check({k: v.copy() for k, v in out._tables.items()}, [], "again")
