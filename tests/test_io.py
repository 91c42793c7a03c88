"""Loader and validation: every kind of bad input names its file, line and column."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import TINY, read_rows, write_rows

import tcroute
from tcroute.errors import DataFileError, Problem


def _edit(folder: Path, file: str, row: int | None, column: str, value: str) -> None:
    """Set one cell (row is 0-based over data rows; line = row + 2)."""
    header, rows = read_rows(folder / file)
    assert row is not None
    rows[row][column] = value
    write_rows(folder / file, header, rows)


def _drop_column(folder: Path, file: str, column: str) -> None:
    header, rows = read_rows(folder / file)
    header.remove(column)
    for r in rows:
        r.pop(column)
    write_rows(folder / file, header, rows)


def _delete_row(folder: Path, file: str, row: int) -> None:
    header, rows = read_rows(folder / file)
    del rows[row]
    write_rows(folder / file, header, rows)


# (case id, mutation, expected file, expected line, expected column, text in expected/got)
CASES: list[tuple[str, Callable[[Path], None], str, int | None, str | None, str]] = [
    ("missing file", lambda f: (f / "borders.csv").unlink(), "borders.csv", None, None,
     "missing file"),
    ("missing column", lambda f: _drop_column(f, "nodes.csv", "lat"), "nodes.csv", 1, "lat",
     "column named 'lat'"),
    ("unparsable number", lambda f: _edit(f, "links.csv", 0, "length_km", "abc"), "links.csv",
     2, "length_km", "a number"),
    ("empty required cell", lambda f: _edit(f, "nodes.csv", 1, "name", ""), "nodes.csv", 3,
     "name", "required"),
    ("lon out of range", lambda f: _edit(f, "nodes.csv", 0, "lon", "200"), "nodes.csv", 2, "lon",
     "between -180 and 180"),
    ("lat out of range", lambda f: _edit(f, "nodes.csv", 2, "lat", "-95"), "nodes.csv", 4, "lat",
     "between -90 and 90"),
    ("duplicate id", lambda f: _edit(f, "nodes.csv", 2, "id", "cn_a"), "nodes.csv", 4, "id",
     "unique"),
    ("link to unknown place", lambda f: _edit(f, "links.csv", 1, "to_id", "xx_nowhere"),
     "links.csv", 3, "to_id", "place in nodes.csv"),
    ("terminal at unknown place", lambda f: _edit(f, "terminals.csv", 0, "place_id", "nowhere"),
     "terminals.csv", 2, "place_id", "place in nodes.csv"),
    ("link to itself", lambda f: _edit(f, "links.csv", 0, "to_id", "cn_a"), "links.csv", 2,
     "to_id", "same as from_id"),
    ("unknown mode", lambda f: _edit(f, "links.csv", 0, "mode", "plane"), "links.csv", 2, "mode",
     "one of rail, road, ferry, sea"),
    ("unknown kind", lambda f: _edit(f, "nodes.csv", 0, "kind", "airport"), "nodes.csv", 2,
     "kind", "one of rail_station"),
    ("unknown status", lambda f: _edit(f, "links.csv", 0, "status", "maybe"), "links.csv", 2,
     "status", "one of open, planned, closed"),
    ("unknown country", lambda f: _edit(f, "nodes.csv", 0, "country", "XX"), "nodes.csv", 2,
     "country", "ISO 3166-1 alpha-2"),
    ("gauge on road", lambda f: _edit(f, "links.csv", 5, "gauge_mm", "1435"), "links.csv", 7,
     "gauge_mm", "gauge is for rail only"),
    ("rail without gauge", lambda f: _edit(f, "links.csv", 0, "gauge_mm", ""), "links.csv", 2,
     "gauge_mm", "track gauge"),
    ("zero length", lambda f: _edit(f, "links.csv", 0, "length_km", "0"), "links.csv", 2,
     "length_km", "> 0"),
    ("negative speed", lambda f: _edit(f, "links.csv", 0, "speed_kmh", "-5"), "links.csv", 2,
     "speed_kmh", "> 0"),
    ("zero capacity", lambda f: _edit(f, "links.csv", 0, "capacity_teu_year", "0"), "links.csv",
     2, "capacity_teu_year", "> 0"),
    ("negative terminal capacity",
     lambda f: _edit(f, "terminals.csv", 0, "capacity_teu_year", "-1"), "terminals.csv", 2,
     "capacity_teu_year", "> 0"),
    ("shorter than geodesic", lambda f: _edit(f, "links.csv", 0, "length_km", "50"),
     "links.csv", 2, "length_km", "geodesic distance between its places, 85."),
    ("no border rule", lambda f: _delete_row(f, "borders.csv", 1), "links.csv", 7, "to_id",
     "borders.csv for CN,KZ,road"),
    ("bad boolean", lambda f: _edit(f, "links.csv", 0, "oneway", "perhaps"), "links.csv", 2,
     "oneway", "true or false"),
    ("bad gauge value", lambda f: _edit(f, "links.csv", 0, "gauge_mm", "1000"), "links.csv", 2,
     "gauge_mm", "one of 1435, 1520"),
    ("same layers", lambda f: _edit(f, "terminals.csv", 1, "to_layer", "rail_1435"),
     "terminals.csv", 3, "to_layer", "different layer"),
    ("p90 below mean", lambda f: _edit(f, "borders.csv", 0, "dwell_p90_h", "1"), "borders.csv",
     2, "dwell_p90_h", "at least dwell_h"),
    ("block-train dwell on a road row",
     lambda f: _edit(f, "borders.csv", 1, "block_train_dwell_h", "2"), "borders.csv", 3,
     "block_train_dwell_h", "rail crossings only"),
    ("block-train p90 without its mean",
     lambda f: _edit(f, "borders.csv", 0, "block_train_dwell_p90_h", "5"), "borders.csv", 2,
     "block_train_dwell_p90_h", "empty while block_train_dwell_h is empty"),
    ("block-train p90 below its mean",
     lambda f: (_edit(f, "borders.csv", 0, "block_train_dwell_h", "8"),
                _edit(f, "borders.csv", 0, "block_train_dwell_p90_h", "4")), "borders.csv", 2,
     "block_train_dwell_p90_h", "at least block_train_dwell_h (8)"),
    ("mode row missing", lambda f: _delete_row(f, "modes.csv", 3), "modes.csv", None, "mode",
     "one row for each"),
    ("empty source", lambda f: _edit(f, "links.csv", 2, "source", " "), "links.csv", 4, "source",
     "required"),
    # values the old schema allowed and that broke analyses (issue 17, item 8)
    ("denormal departures", lambda f: _edit(f, "links.csv", 3, "departures_per_week",
                                            "1e-310"), "links.csv", 5, "departures_per_week",
     "between 0.01 and 2000"),
    ("huge capacity", lambda f: _edit(f, "links.csv", 0, "capacity_teu_year", "1e308"),
     "links.csv", 2, "capacity_teu_year", "<= 1e+08"),
    ("huge border p90", lambda f: _edit(f, "borders.csv", 0, "dwell_p90_h", "1e308"),
     "borders.csv", 2, "dwell_p90_h", "between 0 and 8760"),
    ("length in metres", lambda f: _edit(f, "links.csv", 0, "length_km", "200000"),
     "links.csv", 2, "length_km", "<= 40000"),
    ("speed of a plane", lambda f: _edit(f, "links.csv", 0, "speed_kmh", "900"), "links.csv", 2,
     "speed_kmh", "<= 300"),
    ("closure without episode", lambda f: _edit(f, "links.csv", 3, "closure_days_per_year",
                                                "10"), "links.csv", 5, "closure_episode_days",
     "mean length of a closure"),
    ("closure over a year", lambda f: _edit(f, "links.csv", 3, "closure_days_per_year", "400"),
     "links.csv", 5, "closure_days_per_year", "between 0 and 365"),
]


@pytest.mark.parametrize(("mutate", "file", "line", "column", "text"),
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_problem_names_file_line_column(tiny_copy, mutate, file, line, column, text):
    folder = tiny_copy()
    mutate(folder)
    with pytest.raises(DataFileError) as info:
        tcroute.read_network(folder)
    err = info.value
    assert isinstance(err, ValueError) and isinstance(err, tcroute.TcrouteError)
    hits = [p for p in err.problems if p.file == file and p.line == line and p.column == column]
    assert hits, f"no problem at {file}:{line} {column}; got {err.problems}"
    assert any(text in p.expected or text in p.got for p in hits), hits
    where = file if line is None else f"{file}:{line}"
    assert where in str(err)


def test_not_utf8_names_file_and_line(tiny_copy):
    folder = tiny_copy()
    raw = (folder / "nodes.csv").read_bytes().replace("Déltà".encode(), "Déltà".encode("latin-1"))
    (folder / "nodes.csv").write_bytes(raw)
    with pytest.raises(DataFileError) as info:
        tcroute.read_network(folder)
    (p,) = info.value.problems
    assert (p.file, p.line) == ("nodes.csv", 7)
    assert "UTF-8" in p.expected


def test_empty_file(tiny_copy):
    folder = tiny_copy()
    (folder / "links.csv").write_text("", encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        tcroute.read_network(folder)
    assert [(p.file, p.line, p.got) for p in info.value.problems] == [
        ("links.csv", None, "an empty file")]


def test_all_problems_reported_at_once(tiny_copy):
    folder = tiny_copy()
    _edit(folder, "nodes.csv", 0, "lon", "999")
    _edit(folder, "links.csv", 1, "mode", "plane")
    _edit(folder, "terminals.csv", 2, "transfer_h", "soon")
    with pytest.raises(DataFileError) as info:
        tcroute.read_network(folder)
    files = sorted({p.file for p in info.value.problems})
    assert files == ["links.csv", "nodes.csv", "terminals.csv"]
    assert str(info.value).startswith("3 problems in ")


def test_missing_folder_is_a_data_error(tmp_path):
    with pytest.raises(DataFileError, match="no such folder"):
        tcroute.read_network(tmp_path / "nope")


def test_problem_str_format():
    p = Problem("links.csv", 12, "length_km", "'abc'", "a number")
    assert str(p) == "links.csv:12: length_km: got 'abc', expected a number"


def test_validate_folder_lists_problems(tiny_copy):
    folder = tiny_copy()
    assert tcroute.validate_folder(folder) == []
    _edit(folder, "links.csv", 0, "length_km", "-1")
    problems = tcroute.validate_folder(folder)
    assert [(p.file, p.line, p.column) for p in problems] == [("links.csv", 2, "length_km")]


def test_own_columns_with_x_prefix_are_kept(tiny_copy):
    folder = tiny_copy()
    header, rows = read_rows(folder / "links.csv")
    header.append("x_operator")
    for r in rows:
        r["x_operator"] = "ACME"
    write_rows(folder / "links.csv", header, rows)
    net = tcroute.read_network(folder)
    assert set(net.links["x_operator"]) == {"ACME"}


@pytest.mark.parametrize(("column", "suggestion"), [
    ("capacity_teu_yr", "capacity_teu_year"), ("Speed_KMH", "speed_kmh"), ("operator", None),
    ("_line", None), ("_file", None)])
def test_unknown_column_is_an_error_with_the_nearest_name(tiny_copy, column, suggestion):
    folder = tiny_copy()
    header, rows = read_rows(folder / "links.csv")
    header.append(column)
    for r in rows:
        r[column] = "7"
    write_rows(folder / "links.csv", header, rows)
    with pytest.raises(DataFileError) as info:
        tcroute.read_network(folder)
    (p,) = info.value.problems
    assert (p.file, p.line, p.column, p.got) == ("links.csv", 1, column, "an unknown column")
    assert "x_" in p.expected
    if suggestion:
        assert f"did you mean {suggestion!r}" in p.expected


def _set_note(folder: Path, file: str, row: int, note: str) -> None:
    header, rows = read_rows(folder / file)
    rows[row]["note"] = note
    write_rows(folder / file, header, rows)


@pytest.mark.parametrize("note", ["gauge\nchange", "gauge\r\nchange", "a\u2028b", "a\x85b",
                                  "a\x0cb", "x" * 200_000, 'say "hi", twice'])
def test_cells_keep_newlines_separators_and_long_text(tiny_copy, note):
    folder = tiny_copy()
    _set_note(folder, "nodes.csv", 1, note)
    _set_note(folder, "links.csv", 2, note)
    net = tcroute.read_network(folder)
    assert net.places.loc["cn_b", "note"] == note.strip()
    assert net.links.iloc[2]["note"] == note.strip()


def test_lines_are_counted_from_the_file_after_a_multiline_cell(tiny_copy):
    folder = tiny_copy()
    _set_note(folder, "links.csv", 0, "one\ntwo\nthree")
    _edit(folder, "links.csv", 2, "length_km", "abc")  # data row 2 starts on line 6 now
    with pytest.raises(DataFileError) as info:
        tcroute.read_network(folder)
    assert [(p.file, p.line, p.column) for p in info.value.problems] == [
        ("links.csv", 6, "length_km")]


def test_crlf_and_blank_lines(tiny_copy):
    folder = tiny_copy()
    text = (folder / "nodes.csv").read_text(encoding="utf-8").replace("\r\n", "\n")
    lines = text.split("\n")
    lines.insert(2, "")  # a blank line 3
    lines[4] = lines[4].replace(",61.5,", ",999,")  # Charlie, now on line 5
    (folder / "nodes.csv").write_bytes("\r\n".join(lines).encode())
    with pytest.raises(DataFileError) as info:
        tcroute.read_network(folder)
    assert [(p.file, p.line, p.column) for p in info.value.problems][:1] == [
        ("nodes.csv", 5, "lon")]


def test_unclosed_quote_is_blamed_on_its_own_file_and_line(tiny_copy):
    folder = tiny_copy()
    text = (folder / "nodes.csv").read_text(encoding="utf-8")
    text = text.replace("gauge change here", '"gauge change here')
    (folder / "nodes.csv").write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        tcroute.read_network(folder)
    (p,) = info.value.problems
    assert (p.file, p.line) == ("nodes.csv", 3)
    assert "never closed" in p.got


@pytest.mark.parametrize("text", [
    'a,b\n1,2\n', 'a,b\r\n1,"x\r\ny"\r\n3,4', 'a,b\n"1"x,2\n', 'a,b\n1\n\n3,4\n',
    'a,b\n1,"q\u2028r\x85s\x0ct"\n', 'a,b\n1,2,3\n4,5\n', 'a,b\r1,2\r', 'a\n"""",x\n'])
def test_fast_reader_agrees_with_the_record_reader(text):
    """The C reader (fast path) and the csv module give the same cells and lines."""
    from tcroute.io import _read_table, _read_table_records

    p1: list[Problem] = []
    p2: list[Problem] = []
    fast = _read_table(text, "f.csv", p1)
    slow = _read_table_records(text, "f.csv", p2)
    assert fast is not None and slow is not None and p1 == p2
    assert fast[0] == slow[0]
    assert [list(c) for c in fast[1]] == [list(c) for c in slow[1]]
    assert list(fast[2]) == list(slow[2])


def test_trailing_empty_cells_and_unnamed_empty_columns_are_fine(tiny_copy):
    folder = tiny_copy()
    text = (folder / "modes.csv").read_text(encoding="utf-8")
    text = "\n".join(line + ",," if line else line for line in text.split("\n"))
    (folder / "modes.csv").write_text(text, encoding="utf-8")
    assert tcroute.validate_folder(folder) == []


def test_cells_with_commas_need_quotes(tiny_copy):
    folder = tiny_copy()
    text = (folder / "nodes.csv").read_text(encoding="utf-8")
    text = text.replace("test fixture,gauge change here", "test fixture,gauge, change, here")
    (folder / "nodes.csv").write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        tcroute.read_network(folder)
    (p,) = info.value.problems
    assert (p.file, p.line) == ("nodes.csv", 3) and "quote" in p.expected


def test_fixture_is_valid():
    assert tcroute.validate_folder(TINY) == []


def test_geodesic_check_of_a_single_link():
    """A links table with one checkable row went down pyproj's deprecated scalar path (found
    by the fuzz test, a DeprecationWarning that is an error here); one element is the same
    distance as the scalar function."""
    from tcroute._geodesy import geodesic_km, geodesic_km_many

    one = geodesic_km_many([71.4], [51.1], [76.9], [43.2])
    assert one.shape == (1,)
    assert one[0] == pytest.approx(geodesic_km(71.4, 51.1, 76.9, 43.2))
    many = geodesic_km_many([71.4, 0.0], [51.1, 0.0], [76.9, 1.0], [43.2, 0.0])
    assert many[0] == pytest.approx(one[0]) and many[1] == pytest.approx(111.3195, abs=1e-3)
