"""Reading network folders: parse, merge overlays, validate once, build a :class:`Network`.

Every problem in a folder is collected before anything is raised, so a user fixing a data
file sees the whole list at once (one :class:`~tcroute.errors.DataFileError`).
"""

from __future__ import annotations

import csv
import difflib
import io
import math
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from . import _fleets, _services
from . import _schema as S
from ._countries import ISO_ALPHA2
from ._data import shipped_folder
from ._geodesy import geodesic_km_many
from .errors import DataFileError, Problem

if TYPE_CHECKING:
    from .network import Network

__all__ = ["default_data_dir", "load_network", "read_network", "validate_folder"]

_ID_RE = re.compile(r"[a-z0-9_]+")
_TRUE = {"true", "1", "yes", "y", "t"}
_FALSE = {"false", "0", "no", "n", "f"}
# Lengths are rounded to 0.1 km in the files; allow that much below the geodesic.
_GEODESIC_SLACK_KM = 0.1
FILE_COL = "_file"
LINE_COL = "_line"
#: Columns of a user's own start with this prefix; any other unknown column is an error.
USER_PREFIX = "x_"
# Cells may be long (a traced sea path in a note); the csv module's default is 128 KiB.
_FIELD_LIMIT = 2**31 - 1


def default_data_dir() -> Path:
    """Folder of the default network shipped inside the installed package.

    Examples
    --------
    >>> (default_data_dir() / "nodes.csv").is_file()
    True
    """
    return shipped_folder("tcroute.network_data", "nodes.csv", "network")


def _parse_column(col: S.Column, cells: Sequence[str] | np.ndarray, *, partial: bool = False,
                  stripped: bool = False) -> tuple[np.ndarray, list[tuple[int, str]]]:
    """Parse one column's cells at once.

    Returns the values (float for numbers, NaN when empty; otherwise objects, None when
    empty) and ``(position, expected)`` for every invalid cell, in row order. With
    ``partial`` an empty required cell is not a problem here (an extension row may leave a
    column to the default row it updates).
    """
    s = pd.Series(cells, dtype=object)
    if not stripped:
        s = s.str.strip()
    n = len(s)
    empty = (s == "").to_numpy(dtype=bool)
    bad: dict[int, str] = {}
    if col.required and not partial:
        for i in np.flatnonzero(empty):
            bad[int(i)] = "a value (required)"
    full = ~empty
    kind = col.kind
    if kind in ("float", "int"):
        at = np.flatnonzero(full)
        given = s.to_numpy(dtype=object)[at]
        values = np.full(n, np.nan)
        try:
            values[at] = given.astype(float)
        except ValueError:
            values[at] = [_to_float(x) for x in given]
            for i in at[np.isnan(values[at])]:
                if not _is_nan_text(s.iat[i]):
                    bad[int(i)] = "a number" if kind == "float" else "a whole number"
        with np.errstate(invalid="ignore"):
            checks: list[tuple[np.ndarray, str]] = [
                (~np.isfinite(values), "a finite number")]
            if kind == "int":
                checks.append((values != np.floor(values), "a whole number"))
                if col.allowed:
                    checks.append((~np.isin(values, np.asarray(col.allowed, dtype=float)),
                                   "one of " + ", ".join(map(str, col.allowed))))
            lo, hi = col.min_value, col.max_value
            if lo is not None and hi is not None and col.strict:
                checks.append((~((values > lo) & (values <= hi)),
                               f"a number > {lo:g} and <= {hi:g}"))
            elif lo is not None and hi is not None:
                checks.append((~((values >= lo) & (values <= hi)),
                               f"a number between {lo:g} and {hi:g}"))
            elif lo is not None:
                checks.append(((values <= lo) if col.strict else (values < lo),
                               f"a number {'>' if col.strict else '>='} {lo:g}"))
            elif hi is not None:
                checks.append((values > hi, f"a number <= {hi:g}"))
        for mask, expected in checks:
            for i in np.flatnonzero(mask & full):
                bad.setdefault(int(i), expected)
        values = np.where(full, values, np.nan)
        for i in bad:
            values[i] = np.nan
        return values, sorted(bad.items())
    if kind == "bool":
        true = s.isin(_TRUE).to_numpy(dtype=bool, copy=True)
        false = s.isin(_FALSE).to_numpy(dtype=bool, copy=True)
        other = np.flatnonzero(full & ~true & ~false)
        if len(other):  # any case: TRUE, False, ...
            low = s.iloc[other].str.lower()
            true[other] = low.isin(_TRUE).to_numpy(dtype=bool)
            false[other] = low.isin(_FALSE).to_numpy(dtype=bool)
        out = np.full(n, None, dtype=object)
        out[true] = True
        out[false] = False
        for i in np.flatnonzero(full & ~true & ~false):
            bad[int(i)] = "true or false"
        return out, sorted(bad.items())
    if kind == "id":
        ok = s.str.fullmatch(_ID_RE.pattern).to_numpy(dtype=bool)
        expected = "an id of lower-case letters, digits and _"
    elif kind == "country":
        ok = s.isin(ISO_ALPHA2).to_numpy(dtype=bool)
        expected = "an ISO 3166-1 alpha-2 country code such as KZ"
    elif kind == "enum":
        ok = s.isin(list(col.allowed)).to_numpy(dtype=bool)
        expected = "one of " + ", ".join(map(str, col.allowed))
    elif kind == "loads":  # a ;-list from a vocabulary, kept in the vocabulary's order
        # a column holds few distinct lists: parse each once, then index by code
        codes, uniques = pd.factorize(s)
        items = [[x.strip() for x in str(v).split(";") if x.strip()] for v in uniques]
        ok = np.array([bool(xs) and all(x in col.allowed for x in xs) for xs in items],
                      dtype=bool)[codes]
        s = pd.Series(np.array([";".join(x for x in col.allowed if x in xs) for xs in items],
                               dtype=object)[codes], index=s.index)
        expected = "a ;-separated list of " + ", ".join(map(str, col.allowed))
    elif kind == "text":
        ok = np.ones(n, dtype=bool)
        expected = ""
    else:  # pragma: no cover - the schema only uses the kinds above
        raise AssertionError(kind)
    for i in np.flatnonzero(full & ~ok):
        bad[int(i)] = expected
    out = s.to_numpy(dtype=object).copy()
    out[~(full & ok)] = None
    return out, sorted(bad.items())


def _to_float(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return math.nan


def _is_nan_text(text: str) -> bool:
    return text.strip().lower().lstrip("+-") == "nan"


def _parse_cell(col: S.Column, raw: str) -> tuple[Any, str | None]:
    """Parse one cell: (value, expected-if-invalid). Empty cells give None."""
    values, bad = _parse_column(col, [raw])
    value = values[0]
    if isinstance(value, float) and math.isnan(value):
        value = None
    return value, (bad[0][1] if bad else None)


def _unknown_column(name: str, spec: S.FileSpec) -> str:
    """What is expected instead of an unknown column ``name``."""
    lowered = {c.lower(): c for c in spec.column_names}
    close = difflib.get_close_matches(name.strip().lower(), list(lowered), n=1, cutoff=0.6)
    hint = f"did you mean {lowered[close[0]]!r}? " if close else ""
    return (f"{hint}a column of {spec.name} ({', '.join(spec.column_names)}), or a name "
            f"starting with {USER_PREFIX!r} for a column of your own")


def _read_table(text: str, fname: str, problems: list[Problem], raw: bytes | None = None
                ) -> tuple[list[str], list[np.ndarray], np.ndarray] | None:
    """The header, the data columns (one object array of str per header cell) and the line
    each data record starts on (the header is line 1).

    pandas' C reader does the work when every record is one line of the file (the usual
    case, checked by counting line breaks); otherwise, or when the C reader objects (ragged
    rows, an unclosed quote), the csv module reads it record by record, keeping each
    record's first line. Both keep quoted line breaks, U+2028, U+0085 and form feeds in
    cells and take cells of any length.
    """
    data: bytes | str = raw if raw is not None else text
    try:
        frame = pd.read_csv(io.BytesIO(raw) if raw is not None else io.StringIO(text),
                            encoding="utf-8-sig", header=None, dtype=object, engine="c",
                            keep_default_na=False, na_filter=False, skip_blank_lines=False,
                            quoting=csv.QUOTE_MINIMAL, low_memory=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError):
        frame = None
    if frame is not None:
        nl, cr = ("\n", "\r") if isinstance(data, str) else (b"\n", b"\r")
        breaks = data.count(nl)  # type: ignore[arg-type]
        if cr in data:  # type: ignore[operator]
            breaks += data.count(cr) - data.count(cr + nl)  # type: ignore[arg-type,operator]
        n_lines = breaks + (0 if data.endswith((nl, cr)) else 1)  # type: ignore[arg-type]
        if len(frame) == n_lines:
            cols = [frame[c].to_numpy(dtype=object) for c in frame.columns]
            header = [str(c[0]) for c in cols]
            return header, [c[1:] for c in cols], np.arange(2, len(frame) + 1)
    return _read_table_records(text, fname, problems)


def _read_table_records(text: str, fname: str, problems: list[Problem]
                        ) -> tuple[list[str], list[np.ndarray], np.ndarray] | None:
    """:func:`_read_table` with the csv module, record by record."""
    if csv.field_size_limit() < _FIELD_LIMIT:
        csv.field_size_limit(_FIELD_LIMIT)
    rows: list[list[str]] = []
    lines: list[int] = []
    # strict first, to find a quote that is never closed; lenient (as spreadsheets and
    # pandas are) about text after a closing quote
    for strict in (True, False):
        reader = csv.reader(io.StringIO(text, newline=""), strict=strict)
        rows, lines, start = [], [], 1
        try:
            for row in reader:
                rows.append(row)
                lines.append(start)
                start = reader.line_num + 1
        except csv.Error as exc:
            if strict and "end of data" in str(exc):
                problems.append(Problem(fname, start, None,
                                        "a quoted cell that is never closed",
                                        'a closing " (write a quote inside a quoted cell '
                                        'as "")'))
                return None
            if strict:
                continue
            problems.append(Problem(fname, start, None, f"malformed CSV ({exc})",
                                    "well-formed CSV"))
            return None
        break
    header, rows, lines = rows[0], rows[1:], lines[1:]
    width = len(header)
    for i, row in enumerate(rows):
        if len(row) == width:
            continue
        if len(row) > width and any(cell.strip() for cell in row[width:]):
            problems.append(Problem(fname, lines[i], None, f"{len(row)} cells",
                                    f"at most {width} cells, as in the header "
                                    "(quote cells that contain commas)"))
        rows[i] = (row + [""] * (width - len(row)))[:width]
    columns = [np.array(c, dtype=object) for c in zip(*rows, strict=True)] if rows else \
        [np.zeros(0, dtype=object) for _ in header]
    return header, columns, np.asarray(lines, dtype=np.int64)


def _read_file(path: Path, spec: S.FileSpec, problems: list[Problem], *,
               partial: bool = False) -> pd.DataFrame | None:
    """Parse one CSV file into a typed DataFrame (None when unreadable).

    With ``partial`` (files of an extension folder) only the key column is required: a row
    that updates a default row gives just the columns it changes.
    """
    fname = path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(fname, None, None, f"unreadable file ({exc})", "a readable file"))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(
            Problem(fname, line, None, f"byte 0x{raw[exc.start]:02x} that is not UTF-8",
                    "a UTF-8 text file (save as 'CSV UTF-8')")
        )
        return None
    if not text.strip():
        problems.append(Problem(fname, None, None, "an empty file", "a header line and rows"))
        return None
    found: list[Problem] = []
    table = _read_table(text, fname, found, raw)
    if table is None:
        problems.extend(found)
        return None
    header, columns, lines = table
    header = [h.strip() for h in header]
    required = [c.name for c in spec.columns if c.required and (not partial or c.name == spec.key)]
    for name in required:
        if name not in header:
            found.append(Problem(fname, 1, name, "no such column", f"a column named {name!r}"))
    dupes = {h for h in header if h and header.count(h) > 1}
    for name in sorted(dupes):
        found.append(Problem(fname, 1, name, "the column twice", "each column once"))
    if any(p.line == 1 for p in found):
        problems.extend(found)
        return None
    stripped = [np.array(list(map(str.strip, col)), dtype=object) for col in columns]
    # a blank row has an empty key (the key column is required), so test the rest only there
    blank = stripped[header.index(spec.key)] == ""
    maybe = np.flatnonzero(blank)
    for cells in stripped:
        if len(maybe):
            blank[maybe] &= cells[maybe] == ""
    keep = np.flatnonzero(~blank)
    line_arr = lines[keep]
    by_name = {c.name: c for c in spec.columns}
    data: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for pos, (name, all_cells) in enumerate(zip(header, stripped, strict=True)):
        cells = all_cells[keep]
        col = by_name.get(name)
        if col is None:
            if name == "" and not (cells != "").any():
                continue  # an unnamed empty column, as spreadsheets leave at the right
            if not name.startswith(USER_PREFIX):
                found.append(Problem(fname, 1, name or f"(unnamed column {pos + 1})",
                                     "an unknown column", _unknown_column(name, spec)))
                continue
            values = cells.copy()
            values[values == ""] = None
            extra[name] = values
            continue
        values, bad = _parse_column(col, cells, partial=partial and name != spec.key,
                                    stripped=True)
        for i, expected in bad:
            got = repr(cells[i]) if cells[i] else "an empty cell"
            found.append(Problem(fname, int(line_arr[i]), name, got, expected))
        data[name] = values
    order = {c: i for i, c in enumerate(header)}
    found.sort(key=lambda p: (p.line or 0, order.get(p.column or "", -1)))
    problems.extend(found)
    n = len(keep)
    frame: dict[str, Any] = {}
    for col in spec.columns:
        if col.name in data:
            frame[col.name] = data[col.name]
        elif col.kind in ("float", "int"):
            frame[col.name] = np.full(n, np.nan)
        else:
            frame[col.name] = np.full(n, None, dtype=object)
    frame.update(extra)
    frame[FILE_COL] = np.full(n, str(path), dtype=object)
    # object columns stay object (pandas would infer its string dtype, with NaN for None)
    df = pd.DataFrame({k: pd.Series(v, dtype=object if v.dtype == object else None)
                       for k, v in frame.items()})
    df[LINE_COL] = line_arr
    return df


def _typed(df: pd.DataFrame, spec: S.FileSpec) -> pd.DataFrame:
    """Give columns stable dtypes (float for numbers, object for text and booleans)."""
    for col in spec.columns:
        if col.kind in ("float", "int"):
            df[col.name] = pd.to_numeric(df[col.name], errors="coerce").astype(float)
        else:
            df[col.name] = df[col.name].astype(object)
            df[col.name] = df[col.name].where(df[col.name].notna(), None)
    return df


def _read_folder(
    folder: Path, problems: list[Problem], *, require_all: bool, partial: bool = False
) -> dict[str, pd.DataFrame]:
    tables: dict[str, pd.DataFrame] = {}
    if not folder.is_dir():
        problems.append(Problem(str(folder), None, None, "no such folder",
                                "a folder holding nodes.csv, links.csv, ..."))
        return tables
    for table, spec in S.TABLE_NAMES.items():
        path = folder / spec.name
        if not path.exists():
            if require_all and spec.required_file:
                problems.append(Problem(spec.name, None, None, "a missing file",
                                        f"{spec.name} in {folder}"))
            continue
        df = _read_file(path, spec, problems, partial=partial)
        if df is not None:
            _check_duplicate_keys(df, spec, problems)
            tables[table] = df
    return tables


def _check_duplicate_keys(df: pd.DataFrame, spec: S.FileSpec, problems: list[Problem]) -> None:
    keys = df[spec.key]
    dup = (keys.notna() & keys.duplicated(keep="first")).to_numpy(dtype=bool)
    if not dup.any():
        return
    first = df[~keys.duplicated(keep="first")].set_index(spec.key)
    files, lines = df[FILE_COL].to_numpy(), df[LINE_COL].to_numpy()
    for i in np.flatnonzero(dup):
        key = keys.iat[i]
        f0, l0 = str(first.at[key, FILE_COL]), int(first.at[key, LINE_COL])
        where = f"line {l0}" if f0 == str(files[i]) else f"{_file_label(f0)}:{l0}"
        problems.append(Problem(_file_label(str(files[i])), int(lines[i]), spec.key,
                                f"{key!r} again (first on {where})", f"a unique {spec.key}"))


def _check_closures(links: pd.DataFrame, problems: list[Problem]) -> None:
    """Weather closures need both their share of the year and their episode length: with
    only the first, the expected delay (share x mean episode) would silently be zero."""
    days = pd.to_numeric(links["closure_days_per_year"], errors="coerce").to_numpy(float)
    episode = pd.to_numeric(links["closure_episode_days"], errors="coerce").to_numpy(float)
    files, lines = links[FILE_COL].to_numpy(), links[LINE_COL].to_numpy()
    for i in np.flatnonzero((days > 0) & np.isnan(episode)):
        problems.append(Problem(_file_label(str(files[i])), int(lines[i]),
                                "closure_episode_days", "an empty cell",
                                "the mean length of a closure in days, since "
                                f"closure_days_per_year is {days[i]:g}"))


def _merge(base: dict[str, pd.DataFrame], over: dict[str, pd.DataFrame],
           problems: list[Problem]) -> dict[str, pd.DataFrame]:
    """Overlay the rows of an extension folder on the default tables.

    A row whose key exists updates only the cells it fills (columns it does not have and
    empty cells keep the default row's values); a row with a new key is appended and must
    fill every required column.
    """
    out = dict(base)
    for table, df in over.items():
        spec = S.TABLE_NAMES[table]
        old = base.get(table)
        if old is None:
            old = df.iloc[:0]
        pos = pd.Index(old[spec.key]).get_indexer(df[spec.key])
        merged = old.copy()
        for c in df.columns:
            if c not in merged.columns:
                merged[c] = pd.Series(np.nan if df[c].dtype.kind == "f" else None,
                                      index=merged.index, dtype=df[c].dtype)
        upd = df[pos >= 0]
        at = pos[pos >= 0]
        for c in df.columns:
            values = upd[c].to_numpy()
            given = pd.notna(values)
            if given.any():
                j = merged.columns.get_loc(c)
                merged.iloc[at[given], j] = values[given]
        added = df[pos < 0]
        for col in spec.columns:
            if not col.required:
                continue
            for line in added.loc[added[col.name].isna(), LINE_COL]:
                problems.append(Problem(spec.name, int(line), col.name, "an empty cell",
                                        "a value (required for a new row: its "
                                        f"{spec.key} is not in the default {spec.name})"))
        out[table] = pd.concat([merged, added], ignore_index=True, sort=False)
    return out


def _file_label(path: str) -> str:
    """How a problem names a file: its name, or its full path when it is a file of the
    default network (so that a problem there is not mistaken for one of the user's)."""
    p = Path(path)
    return str(p) if p.parent == _default_dir() else p.name


@lru_cache(maxsize=1)
def _default_dir() -> Path | None:
    try:
        return default_data_dir()
    except ModuleNotFoundError:  # pragma: no cover - a broken installation
        return None


def _p(row: pd.Series, column: str | None, got: str, expected: str) -> Problem:
    return Problem(_file_label(str(row[FILE_COL])), int(row[LINE_COL]), column, got, expected)


class _Found:
    """Problems found by whole-column checks, put back in the order a row-by-row pass gives:
    by row, then by check. A problem record is built only for a failing row."""

    def __init__(self, df: pd.DataFrame) -> None:
        self.df = df
        self.files = df[FILE_COL].to_numpy()
        self.lines = df[LINE_COL].to_numpy()
        self.found: list[tuple[int, int, Problem]] = []

    def add(self, check: int, mask: np.ndarray | pd.Series, column: str,
            got: Any, expected: Any) -> None:
        """``got`` and ``expected`` are strings or functions of the row position."""
        for i in np.flatnonzero(np.asarray(mask, dtype=bool)):
            self.found.append((int(i), check, Problem(
                _file_label(str(self.files[i])), int(self.lines[i]), column,
                got(i) if callable(got) else got,
                expected(i) if callable(expected) else expected)))

    def unknown(self, check: int, column: str, known: pd.Index, expected: str) -> None:
        """Filled cells of ``column`` that are not in ``known``."""
        ref = self.df[column]
        vals = ref.to_numpy()
        self.add(check, _filled(ref) & ~ref.isin(known).to_numpy(), column,
                 lambda i: repr(vals[i]), expected)

    def flush(self, problems: list[Problem]) -> None:
        problems.extend(p for _, _, p in sorted(self.found, key=lambda t: t[:2]))
        self.found = []


def _filled(s: pd.Series) -> np.ndarray:
    return s.notna().to_numpy(dtype=bool)


def _num_col(df: pd.DataFrame, column: str) -> np.ndarray:
    return pd.to_numeric(df[column], errors="coerce").to_numpy(dtype=float)


def _validate(tables: dict[str, pd.DataFrame], problems: list[Problem]) -> None:
    """Cross-file checks on parsed (and merged) tables, column by column."""
    places = tables.get("places")
    links = tables.get("links")
    terminals = tables.get("terminals")
    borders = tables.get("borders")
    modes = tables.get("modes")
    place_ids = pd.Index(places["id"].dropna().unique()) if places is not None else pd.Index([])

    if links is not None and places is not None:
        f = _Found(links)
        frm, to, mode = links["from_id"], links["to_id"], links["mode"]
        frm_v, to_v, mode_v = frm.to_numpy(), to.to_numpy(), mode.to_numpy()
        # each end's row in the place table (-1: no such place), looked up once
        at = [place_ids.get_indexer(frm_v), place_ids.get_indexer(to_v)]
        for k, (col, ref, pos) in enumerate((("from_id", frm, at[0]), ("to_id", to, at[1]))):
            vals = ref.to_numpy()
            f.add(k, _filled(ref) & (pos < 0), col, lambda i, v=vals: repr(v[i]),
                  "the id of a place in nodes.csv")
        f.add(2, _filled(frm) & (frm_v == to_v), "to_id",
              lambda i: f"{to_v[i]!r} (same as from_id)",
              "a different place: a link joins two places")
        gauge = _num_col(links, "gauge_mm")
        rail = (mode_v == "rail")
        other = _filled(mode) & ~rail
        f.add(3, rail & np.isnan(gauge), "gauge_mm", "an empty cell",
              "a track gauge (1435, 1520, ...) for a rail link")
        f.add(4, other & ~np.isnan(gauge), "gauge_mm",
              lambda i: f"{gauge[i]:g} on a {mode_v[i]} link",
              "an empty cell (gauge is for rail only)")
        if "electrified" in links.columns:
            f.add(5, other & _filled(links["electrified"]), "electrified",
                  lambda i: f"a value on a {mode_v[i]} link",
                  "an empty cell (electrified is for rail only)")
        f.flush(problems)
        first = places.dropna(subset=["id"]).drop_duplicates("id").set_index("id").reindex(
            place_ids)
        lon, lat = _num_col(first, "lon"), _num_col(first, "lat")
        length = _num_col(links, "length_km")
        ok = (at[0] >= 0) & (at[1] >= 0) & ~np.isnan(length)
        a, b = at[0][ok], at[1][ok]
        valid = ~(np.isnan(lon[a]) | np.isnan(lat[a]) | np.isnan(lon[b]) | np.isnan(lat[b]))
        full_geo = np.full(len(links), np.nan)
        full_geo[np.flatnonzero(ok)[valid]] = geodesic_km_many(
            lon[a][valid], lat[a][valid], lon[b][valid], lat[b][valid])
        with np.errstate(invalid="ignore"):
            short = length + _GEODESIC_SLACK_KM < full_geo
        f.add(0, short, "length_km", lambda i: f"{length[i]:g} km",
              lambda i: f"at least the geodesic distance between its places, "
                        f"{full_geo[i]:.1f} km")
        f.flush(problems)
        if borders is not None:
            country = np.append(first["country"].to_numpy(dtype=object), None)
            _check_border_rules(links, places, borders, problems,
                                ends=(country[at[0]], country[at[1]]))  # -1: the None

    if terminals is not None:
        f = _Found(terminals)
        f.unknown(0, "place_id", place_ids, "the id of a place in nodes.csv")
        fl, tl = terminals["from_layer"].to_numpy(), terminals["to_layer"].to_numpy()
        f.add(1, _filled(terminals["from_layer"]) & (fl == tl), "to_layer",
              lambda i: f"{tl[i]!r} (same as from_layer)", "a different layer")
        p90, mean = _num_col(terminals, "transfer_p90_h"), _num_col(terminals, "transfer_h")
        with np.errstate(invalid="ignore"):
            f.add(2, p90 < mean, "transfer_p90_h", lambda i: f"{p90[i]:g}",
                  lambda i: f"at least transfer_h ({mean[i]:g})")
        f.flush(problems)

    if borders is not None:
        f = _Found(borders)
        link_ids = pd.Index(links["id"].dropna().unique()) if links is not None else \
            pd.Index([])
        f.unknown(0, "link_id", link_ids, "the id of a link in links.csv")
        p90, mean = _num_col(borders, "dwell_p90_h"), _num_col(borders, "dwell_h")
        with np.errstate(invalid="ignore"):
            f.add(1, p90 < mean, "dwell_p90_h", lambda i: f"{p90[i]:g}",
                  lambda i: f"at least dwell_h ({mean[i]:g})")
        bp90, bmean = (_num_col(borders, "block_train_dwell_p90_h"),
                       _num_col(borders, "block_train_dwell_h"))
        rail = (borders["mode"] == "rail").to_numpy(dtype=bool)
        f.add(3, ~np.isnan(bmean) & ~rail, "block_train_dwell_h", lambda i: f"{bmean[i]:g}",
              "empty: block-train dwell is for rail crossings only")
        f.add(4, ~np.isnan(bp90) & np.isnan(bmean), "block_train_dwell_p90_h",
              lambda i: f"{bp90[i]:g}", "empty while block_train_dwell_h is empty")
        with np.errstate(invalid="ignore"):
            f.add(5, bp90 < bmean, "block_train_dwell_p90_h", lambda i: f"{bp90[i]:g}",
                  lambda i: f"at least block_train_dwell_h ({bmean[i]:g})")
        fc, tc = borders["from_country"].to_numpy(), borders["to_country"].to_numpy()
        f.add(2, _filled(borders["from_country"]) & (fc == tc), "to_country",
              lambda i: f"{tc[i]!r} (same as from_country)", "a different country")
        f.flush(problems)

    _services.validate(tables, problems)
    _fleets.validate(tables, problems)

    corridors = tables.get("corridors")
    if corridors is not None:
        for _, row in corridors.iterrows():
            for col, allowed, what in (
                ("via", set(place_ids), "place ids separated by ';' (alternatives by '|')"),
                ("avoid_places", set(place_ids), "place ids separated by ';'"),
                ("avoid_countries", ISO_ALPHA2, "ISO country codes separated by ';'"),
                ("avoid_modes", set(S.MODES), "modes separated by ';'"),
                ("modes", set(S.MODES), "modes separated by ';'"),
                ("segment_modes", {*S.MODES, "*"}, "per stretch, modes joined by '+' or '*', "
                 "stretches separated by ';'"),
            ):
                for item in _items(row.get(col)):
                    if item not in allowed:
                        problems.append(_p(row, col, repr(item), what))
            segs = [t for t in str(row.get("segment_modes") or "").split(";") if t.strip()]
            vias = [t for t in str(row.get("via") or "").split(";") if t.strip()]
            if segs and len(segs) != len(vias) + 1:
                problems.append(_p(row, "segment_modes", f"{len(segs)} stretches",
                                   f"{len(vias) + 1}: one per stretch between origin, the "
                                   f"{len(vias)} via places and destination"))

    if modes is not None:
        present = set(modes["mode"].dropna())
        for mode in S.MODES:
            if mode not in present:
                problems.append(Problem("modes.csv", None, "mode", f"no row for {mode!r}",
                                        "one row for each of " + ", ".join(S.MODES)))


def _items(cell: Any) -> list[str]:
    """Items of a ';'-separated cell ('|' separates alternatives, ',' is accepted too)."""
    if cell is None or (isinstance(cell, float) and cell != cell):
        return []
    text = str(cell).replace(",", ";").replace("|", ";").replace("+", ";")
    return [t.strip() for t in text.split(";") if t.strip()]


def _truthy(s: pd.Series) -> np.ndarray:
    """A boolean column (True/False/None) as a mask: None counts as False."""
    return s.map(lambda v: bool(v) if v is not None and v == v else False
                 ).to_numpy(dtype=bool) if s.dtype == object else s.fillna(False).to_numpy(
        dtype=bool)


def _check_border_rules(links: pd.DataFrame, places: pd.DataFrame, borders: pd.DataFrame,
                        problems: list[Problem],
                        ends: tuple[np.ndarray, np.ndarray] | None = None) -> None:
    """Every land link between two countries needs a border rule for each direction it is
    used in: a rule for its countries and mode, or one naming the link. ``ends``: the
    countries of each link's two places (None for an unknown place), if already known."""
    general = borders[borders["link_id"].isna()]
    by_link = pd.Index(borders["link_id"].dropna().unique())
    fc = general["from_country"].astype(str)
    tc = general["to_country"].astype(str)
    gm = general["mode"].astype(str)
    two_way = ~_truthy(general["oneway"])
    keys = pd.Index(pd.concat([fc + ">" + tc + ">" + gm,
                               (tc + ">" + fc + ">" + gm)[two_way]], ignore_index=True))
    mode = links["mode"]
    if ends is None:
        country = places.dropna(subset=["id"]).drop_duplicates("id").set_index("id")[
            "country"]
        ends = (links["from_id"].map(country).to_numpy(dtype=object),
                links["to_id"].map(country).to_numpy(dtype=object))
    ca, cb = pd.Series(ends[0], index=links.index), pd.Series(ends[1], index=links.index)
    cand = (mode.isin(list(S.LAND_MODES)) & (links["status"] != "closed")
            & ca.notna() & cb.notna() & (ca != cb) & ~links["id"].isin(by_link)).to_numpy()
    if not cand.any():
        return
    f = _Found(links)
    ca_v, cb_v = ca.to_numpy(dtype=object), cb.to_numpy(dtype=object)
    mode_v, ids = mode.to_numpy(dtype=object), links["id"].to_numpy(dtype=object)
    one = _truthy(links["oneway"])
    idx = np.flatnonzero(cand)
    for check, (x, y, needed) in enumerate(((ca_v, cb_v, cand), (cb_v, ca_v, cand & ~one))):
        sub = idx[needed[idx]]
        if not len(sub):
            continue
        k = pd.Index(x[sub].astype(str)) + ">" + pd.Index(y[sub].astype(str)) + ">" + \
            pd.Index(mode_v[sub].astype(str))
        missing = np.zeros(len(links), dtype=bool)
        missing[sub[~k.isin(keys)]] = True
        f.add(check, missing, "to_id",
              lambda i, x=x, y=y: f"a {mode_v[i]} border crossing {x[i]}->{y[i]} with no rule",
              lambda i, x=x, y=y: f"a row in borders.csv for {x[i]},{y[i]},{mode_v[i]} "
                                  f"(or one with link_id {ids[i]})")
    f.flush(problems)


def _check(tables: dict[str, pd.DataFrame], problems: list[Problem], folder: str
           ) -> dict[str, pd.DataFrame]:
    """Cross-file checks; raise every problem found so far and by them together.

    Every way of making tables (a folder, an extension folder, a scenario) ends here, so a
    network is checked the same way however it was made.
    """
    for table, df in tables.items():
        _check_duplicate_keys(df, S.TABLE_NAMES[table], problems)
    if "links" in tables:
        _check_closures(tables["links"], problems)
    if all(t in tables for t in ("places", "links")) or not problems:
        _validate(tables, problems)
    if not problems:
        tables = _fleets.derive(_services.default_ferry_loads(_services.derive(tables)),
                                problems)
    if problems:
        # a file's duplicate keys are found when it is read and again here
        raise DataFileError(list(dict.fromkeys(problems)), folder=folder)
    return tables


def read_network(path: str | Path, *, extend: bool = False) -> Network:
    """Read and validate a network folder laid out like ``data/network/``.

    Parameters
    ----------
    path : str or Path
        Folder holding ``nodes.csv``, ``links.csv``, ``terminals.csv``, ``borders.csv``,
        ``modes.csv`` (and optionally ``corridors.csv``).
    extend : bool, default False
        If True, the folder holds only rows to add to or change in the default network.
        A row whose id exists updates only the cells it fills: columns the file does not
        have, and empty cells, keep the default row's values (so ``id,status`` with
        ``status=closed`` closes a link or terminal). A row with a new id is added and must
        fill every required column. Missing files are taken from the default network.
        Problems in default rows the folder does not touch name the default file by its
        full path.

    Returns
    -------
    Network

    Raises
    ------
    DataFileError
        Listing every problem found, each as ``file:line: column: got X, expected Y``.

    Examples
    --------
    >>> import tcroute
    >>> net = tcroute.read_network(tcroute.default_data_dir())
    >>> len(net.places) > 200
    True
    """
    from ._args import flag
    from ._args import path as path_arg
    from .network import Network

    folder = Path(path_arg(path, "path"))
    flag(extend, "extend")
    problems: list[Problem] = []
    if extend:
        base = _default_tables()
        over = _read_folder(folder, problems, require_all=False, partial=True)
        tables = _check(_merge(base, over, problems), problems, str(folder))
    else:
        tables = _check(_read_folder(folder, problems, require_all=True), problems,
                        str(folder))
    return Network._from_tables(tables, name=str(folder))


_DEFAULT_CACHE: dict[str, pd.DataFrame] | None = None


def _default_tables() -> dict[str, pd.DataFrame]:
    """The parsed default tables, read and validated once. The frames are shared: callers
    only read them or build new ones from them (Network._from_tables copies)."""
    global _DEFAULT_CACHE
    if _DEFAULT_CACHE is None:
        folder = default_data_dir()
        problems: list[Problem] = []
        _DEFAULT_CACHE = _check(_read_folder(folder, problems, require_all=True), problems,
                                str(folder))
    return dict(_DEFAULT_CACHE)


def load_network() -> Network:
    """The default Eurasian freight network shipped with tcroute.

    Returns
    -------
    Network

    Examples
    --------
    >>> import tcroute
    >>> net = tcroute.load_network()
    >>> net.place("Xi'an")["country"]
    'CN'
    """
    from .network import Network

    return Network._from_tables(_default_tables(), name="tcroute default network")


def validate_folder(path: str | Path, *, extend: bool = False) -> list[Problem]:
    """Every problem in a network folder, as a list (empty when the folder is valid).

    Examples
    --------
    >>> validate_folder(default_data_dir())
    []
    """
    try:
        read_network(path, extend=extend)
    except DataFileError as exc:
        return exc.problems
    return []
