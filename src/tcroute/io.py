"""Reading network folders: parse, merge overlays, validate once, build a :class:`Network`.

Every problem in a folder is collected before anything is raised, so a user fixing a data
file sees the whole list at once (one :class:`~tcroute.errors.DataFileError`).
"""

from __future__ import annotations

import csv
import math
import re
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from . import _schema as S
from ._countries import ISO_ALPHA2
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


def default_data_dir() -> Path:
    """Folder of the default network shipped inside the installed package.

    Examples
    --------
    >>> (default_data_dir() / "nodes.csv").is_file()
    True
    """
    try:
        # tcroute.network_data is a namespace package (a data folder mapped in by the build):
        # files() gives a MultiplexedPath, so locate a file and take its folder.
        return Path(str(resources.files("tcroute.network_data").joinpath("nodes.csv"))).parent
    except ModuleNotFoundError:
        # A source checkout or an editable install: the build has not mapped data/network/
        # into the package, so use the repository folder itself.
        repo = Path(__file__).resolve().parents[2] / "data" / "network"
        if (repo / "nodes.csv").is_file():
            return repo
        raise


def _parse_cell(col: S.Column, raw: str) -> tuple[Any, str | None]:
    """Return (value, expected-if-invalid). Empty cells give None."""
    text = raw.strip()
    if text == "":
        return None, ("a value (required)" if col.required else None)
    kind = col.kind
    if kind == "text":
        return text, None
    if kind == "id":
        if not _ID_RE.fullmatch(text):
            return None, "an id of lower-case letters, digits and _"
        return text, None
    if kind == "country":
        if text not in ISO_ALPHA2:
            return None, "an ISO 3166-1 alpha-2 country code such as KZ"
        return text, None
    if kind == "enum":
        if text not in col.allowed:
            return None, "one of " + ", ".join(map(str, col.allowed))
        return text, None
    if kind == "bool":
        low = text.lower()
        if low in _TRUE:
            return True, None
        if low in _FALSE:
            return False, None
        return None, "true or false"
    if kind in ("float", "int"):
        try:
            value = float(text)
        except ValueError:
            return None, "a number" if kind == "float" else "a whole number"
        if not math.isfinite(value):
            return None, "a finite number"
        if kind == "int":
            if value != int(value):
                return None, "a whole number"
            value = int(value)
            if col.allowed and value not in col.allowed:
                return None, "one of " + ", ".join(map(str, col.allowed))
        if col.min_value is not None and col.max_value is not None:
            if not col.min_value <= value <= col.max_value:
                return None, f"a number between {col.min_value:g} and {col.max_value:g}"
        elif col.min_value is not None:
            if col.strict and value <= col.min_value:
                return None, f"a number > {col.min_value:g}"
            if not col.strict and value < col.min_value:
                return None, f"a number >= {col.min_value:g}"
        return value, None
    raise AssertionError(kind)  # pragma: no cover


def _read_file(path: Path, spec: S.FileSpec, problems: list[Problem]) -> pd.DataFrame | None:
    """Parse one CSV file into a typed DataFrame (None when unreadable)."""
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
    reader = csv.reader(text.splitlines())
    try:
        header = [h.strip() for h in next(reader)]
    except csv.Error as exc:  # pragma: no cover - csv rarely fails on the header
        problems.append(Problem(fname, 1, None, f"unreadable header ({exc})", "CSV"))
        return None
    missing = [c.name for c in spec.columns if c.required and c.name not in header]
    for name in missing:
        problems.append(Problem(fname, 1, name, "no such column", f"a column named {name!r}"))
    dupes = {h for h in header if header.count(h) > 1}
    for name in sorted(dupes):
        problems.append(Problem(fname, 1, name, "the column twice", "each column once"))
    if missing or dupes:
        return None
    by_name = {c.name: c for c in spec.columns}
    records: list[dict[str, Any]] = []
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header):
                problems.append(Problem(fname, line, None, f"{len(row)} cells",
                                        f"at most {len(header)} cells, as in the header "
                                        "(quote cells that contain commas)"))
                row = row[: len(header)]  # keep the id so that other rows do not fail too
            row = row + [""] * (len(header) - len(row))
            rec: dict[str, Any] = {FILE_COL: str(path), LINE_COL: line}
            for name, cell in zip(header, row, strict=True):
                col = by_name.get(name)
                if col is None:
                    rec[name] = cell.strip() or None
                    continue
                value, expected = _parse_cell(col, cell)
                if expected is not None:
                    got = "an empty cell" if not cell.strip() else repr(cell.strip())
                    problems.append(Problem(fname, line, name, got, expected))
                rec[name] = value
            records.append(rec)
    except csv.Error as exc:
        problems.append(Problem(fname, reader.line_num, None, f"malformed CSV ({exc})",
                                "well-formed CSV"))
        return None
    columns = [*spec.column_names, *[h for h in header if h not in by_name], FILE_COL, LINE_COL]
    df = pd.DataFrame.from_records(records, columns=columns)
    for col in spec.columns:
        if col.name not in header:
            df[col.name] = None
    return _typed(df, spec)


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
    folder: Path, problems: list[Problem], *, require_all: bool
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
        df = _read_file(path, spec, problems)
        if df is not None:
            _check_duplicate_keys(df, spec, problems)
            tables[table] = df
    return tables


def _check_duplicate_keys(df: pd.DataFrame, spec: S.FileSpec, problems: list[Problem]) -> None:
    keys = df[spec.key]
    dup = keys.notna() & keys.duplicated(keep="first")
    for _, row in df[dup].iterrows():
        first = df[(keys == row[spec.key])][LINE_COL].iloc[0]
        problems.append(Problem(spec.name, int(row[LINE_COL]), spec.key,
                                f"{row[spec.key]!r} again (first on line {first})",
                                f"a unique {spec.key}"))


def _merge(base: dict[str, pd.DataFrame], over: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Overlay rows of ``over`` on ``base``: same key replaces, new key appends."""
    out = dict(base)
    for table, df in over.items():
        spec = S.TABLE_NAMES[table]
        if table not in base:
            out[table] = df.reset_index(drop=True)
            continue
        old = base[table]
        keep = old[~old[spec.key].isin(set(df[spec.key].dropna()))]
        merged = pd.concat([keep, df], ignore_index=True, sort=False)
        out[table] = merged
    return out


def _p(row: pd.Series, column: str | None, got: str, expected: str) -> Problem:
    return Problem(Path(str(row[FILE_COL])).name, int(row[LINE_COL]), column, got, expected)


def _validate(tables: dict[str, pd.DataFrame], problems: list[Problem]) -> None:
    """Cross-file checks on parsed (and merged) tables."""
    places = tables.get("places")
    links = tables.get("links")
    terminals = tables.get("terminals")
    borders = tables.get("borders")
    modes = tables.get("modes")
    place_ids: set[str] = set(places["id"].dropna()) if places is not None else set()

    if links is not None and places is not None:
        coords = places.dropna(subset=["id"]).drop_duplicates("id").set_index("id")[
            ["lon", "lat", "country"]]
        for _, row in links.iterrows():
            for col in ("from_id", "to_id"):
                ref = row[col]
                if ref is not None and ref not in place_ids:
                    problems.append(_p(row, col, repr(ref), "the id of a place in nodes.csv"))
            if row["from_id"] is not None and row["from_id"] == row["to_id"]:
                problems.append(_p(row, "to_id", f"{row['to_id']!r} (same as from_id)",
                                   "a different place: a link joins two places"))
            mode, gauge = row["mode"], row["gauge_mm"]
            if mode == "rail" and (gauge is None or pd.isna(gauge)):
                problems.append(_p(row, "gauge_mm", "an empty cell",
                                   "a track gauge (1435, 1520, ...) for a rail link"))
            if mode is not None and mode != "rail" and gauge is not None and not pd.isna(gauge):
                problems.append(_p(row, "gauge_mm", f"{gauge:g} on a {mode} link",
                                   "an empty cell (gauge is for rail only)"))
            if mode is not None and mode != "rail" and row.get("electrified") is not None:
                problems.append(_p(row, "electrified", f"a value on a {mode} link",
                                   "an empty cell (electrified is for rail only)"))
        ok = links["from_id"].isin(place_ids) & links["to_id"].isin(place_ids)
        ok &= links["length_km"].notna()
        sub = links[ok]
        if len(sub):
            a = coords.loc[sub["from_id"]]
            b = coords.loc[sub["to_id"]]
            valid = (a["lon"].notna().to_numpy() & a["lat"].notna().to_numpy()
                     & b["lon"].notna().to_numpy() & b["lat"].notna().to_numpy())
            geo = np.full(len(sub), np.nan)
            geo[valid] = geodesic_km_many(
                a["lon"].to_numpy()[valid], a["lat"].to_numpy()[valid],
                b["lon"].to_numpy()[valid], b["lat"].to_numpy()[valid],
            )
            short = sub["length_km"].to_numpy() + _GEODESIC_SLACK_KM < geo
            for (_, row), g in zip(sub[short].iterrows(), geo[short], strict=True):
                problems.append(_p(row, "length_km", f"{row['length_km']:g} km",
                                   f"at least the geodesic distance between its places, "
                                   f"{g:.1f} km"))
        if borders is not None:
            _check_border_rules(links, places, borders, problems)

    if terminals is not None:
        for _, row in terminals.iterrows():
            if row["place_id"] is not None and row["place_id"] not in place_ids:
                problems.append(_p(row, "place_id", repr(row["place_id"]),
                                   "the id of a place in nodes.csv"))
            if row["from_layer"] is not None and row["from_layer"] == row["to_layer"]:
                problems.append(_p(row, "to_layer", f"{row['to_layer']!r} (same as from_layer)",
                                   "a different layer"))
            p90, mean = row["transfer_p90_h"], row["transfer_h"]
            if pd.notna(p90) and pd.notna(mean) and p90 < mean:
                problems.append(_p(row, "transfer_p90_h", f"{p90:g}",
                                   f"at least transfer_h ({mean:g})"))

    if borders is not None:
        link_ids = set(links["id"].dropna()) if links is not None else set()
        for _, row in borders.iterrows():
            lid = row["link_id"]
            if lid is not None and lid not in link_ids:
                problems.append(_p(row, "link_id", repr(lid), "the id of a link in links.csv"))
            p90, mean = row["dwell_p90_h"], row["dwell_h"]
            if pd.notna(p90) and pd.notna(mean) and p90 < mean:
                problems.append(_p(row, "dwell_p90_h", f"{p90:g}", f"at least dwell_h ({mean:g})"))
            if row["from_country"] is not None and row["from_country"] == row["to_country"]:
                problems.append(_p(row, "to_country", f"{row['to_country']!r} (same as "
                                   "from_country)", "a different country"))

    corridors = tables.get("corridors")
    if corridors is not None:
        for _, row in corridors.iterrows():
            for col, allowed, what in (
                ("via", place_ids, "place ids separated by ';' (alternatives by '|')"),
                ("avoid_places", place_ids, "place ids separated by ';'"),
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


def _check_border_rules(links: pd.DataFrame, places: pd.DataFrame, borders: pd.DataFrame,
                        problems: list[Problem]) -> None:
    country = places.dropna(subset=["id"]).drop_duplicates("id").set_index("id")["country"]
    pairs: set[tuple[str, str, str]] = set()
    by_link: set[str] = set()
    for _, b in borders.iterrows():
        if b["link_id"] is not None:
            by_link.add(b["link_id"])
            continue
        pairs.add((b["from_country"], b["to_country"], b["mode"]))
        if not b["oneway"]:
            pairs.add((b["to_country"], b["from_country"], b["mode"]))
    for _, row in links.iterrows():
        if row["mode"] not in S.LAND_MODES or row["status"] == "closed":
            continue
        if row["from_id"] not in country.index or row["to_id"] not in country.index:
            continue
        ca, cb = country[row["from_id"]], country[row["to_id"]]
        if ca == cb or row["id"] in by_link:
            continue
        needed = [(ca, cb)] if row["oneway"] else [(ca, cb), (cb, ca)]
        for x, y in needed:
            if (x, y, row["mode"]) not in pairs:
                problems.append(_p(row, "to_id",
                                   f"a {row['mode']} border crossing {x}->{y} with no rule",
                                   f"a row in borders.csv for {x},{y},{row['mode']} "
                                   f"(or one with link_id {row['id']})"))


def _check(tables: dict[str, pd.DataFrame], problems: list[Problem], folder: str
           ) -> dict[str, pd.DataFrame]:
    """Cross-file checks; raise every problem found so far and by them together."""
    if all(t in tables for t in ("places", "links")) or not problems:
        _validate(tables, problems)
    if problems:
        raise DataFileError(problems, folder=folder)
    return tables


def read_network(path: str | Path, *, extend: bool = False) -> Network:
    """Read and validate a network folder laid out like ``data/network/``.

    Parameters
    ----------
    path : str or Path
        Folder holding ``nodes.csv``, ``links.csv``, ``terminals.csv``, ``borders.csv``,
        ``modes.csv`` (and optionally ``corridors.csv``).
    extend : bool, default False
        If True, the folder holds only rows to add to or change in the default network: a
        row whose id exists replaces the default row, a new id adds one, and missing files
        are taken from the default network. Close a link or terminal with ``status=closed``.

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
    from .network import Network

    folder = Path(path)
    problems: list[Problem] = []
    if extend:
        base = _default_tables()
        over = _read_folder(folder, problems, require_all=False)
        tables = _check(_merge(base, over), problems, str(folder))
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
