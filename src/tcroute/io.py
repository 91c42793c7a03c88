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
                Path(str(self.files[i])).name, int(self.lines[i]), column,
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
        for k, col in enumerate(("from_id", "to_id")):
            f.unknown(k, col, place_ids, "the id of a place in nodes.csv")
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
        coords = places.dropna(subset=["id"]).drop_duplicates("id").set_index("id")[
            ["lon", "lat"]]
        ok = (frm.isin(place_ids) & to.isin(place_ids) & links["length_km"].notna()
              ).to_numpy()
        if ok.any():
            a = coords.loc[frm_v[ok]]
            b = coords.loc[to_v[ok]]
            valid = (a["lon"].notna().to_numpy() & a["lat"].notna().to_numpy()
                     & b["lon"].notna().to_numpy() & b["lat"].notna().to_numpy())
            geo = np.full(int(ok.sum()), np.nan)
            geo[valid] = geodesic_km_many(
                a["lon"].to_numpy()[valid], a["lat"].to_numpy()[valid],
                b["lon"].to_numpy()[valid], b["lat"].to_numpy()[valid],
            )
            length = _num_col(links, "length_km")
            full_geo = np.full(len(links), np.nan)
            full_geo[ok] = geo
            with np.errstate(invalid="ignore"):
                short = length + _GEODESIC_SLACK_KM < full_geo
            f.add(0, short, "length_km", lambda i: f"{length[i]:g} km",
                  lambda i: f"at least the geodesic distance between its places, "
                            f"{full_geo[i]:.1f} km")
            f.flush(problems)
        if borders is not None:
            _check_border_rules(links, places, borders, problems)

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
        fc, tc = borders["from_country"].to_numpy(), borders["to_country"].to_numpy()
        f.add(2, _filled(borders["from_country"]) & (fc == tc), "to_country",
              lambda i: f"{tc[i]!r} (same as from_country)", "a different country")
        f.flush(problems)

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
                        problems: list[Problem]) -> None:
    """Every land link between two countries needs a border rule for each direction it is
    used in: a rule for its countries and mode, or one naming the link."""
    country = places.dropna(subset=["id"]).drop_duplicates("id").set_index("id")["country"]
    general = borders[borders["link_id"].isna()]
    by_link = pd.Index(borders["link_id"].dropna().unique())
    fc = general["from_country"].astype(str)
    tc = general["to_country"].astype(str)
    gm = general["mode"].astype(str)
    two_way = ~_truthy(general["oneway"])
    keys = pd.Index(pd.concat([fc + ">" + tc + ">" + gm,
                               (tc + ">" + fc + ">" + gm)[two_way]], ignore_index=True))
    mode = links["mode"]
    ca = links["from_id"].map(country)
    cb = links["to_id"].map(country)
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
