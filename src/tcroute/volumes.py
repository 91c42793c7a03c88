"""Observed volumes: what really moved through ports, lines, crossings and services.

The data live in ``data/volumes/`` (shipped as ``tcroute.volume_data``): ``volumes.csv``, one
published figure per row (asset, year, months covered, unit, value, direction, source and
a reliability grade), and ``conversions.csv``, the sourced factors that turn tonnes, wagons,
trucks and trains into TEU. Both are documented in ``data/volumes/README.md``.

Analyses read volumes to check capacities (no asset can have carried more than it can carry)
and to calibrate demand; they never change the network.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import _schema as S
from ._data import shipped_folder
from .errors import ArgumentTypeError, DataFileError, InvalidArgumentError, Problem, UnknownIdError
from .io import FILE_COL, LINE_COL, _read_file

__all__ = ["observed_volumes", "volume_conversions", "volumes_dir"]

ASSET_TYPES: tuple[str, ...] = ("place", "link", "terminal", "service", "crossing", "corridor",
                                "network")
UNITS: tuple[str, ...] = ("TEU", "tonnes", "trains", "wagons", "trucks", "containers")
DIRECTIONS: tuple[str, ...] = ("both", "westbound", "eastbound", "inbound", "outbound")
GRADES: tuple[str, ...] = ("A", "B", "C", "D")
# which table of the network an asset_type refers to (the others are free slugs)
_REF_TABLE = {"place": "places", "link": "links", "terminal": "terminals", "service": "services"}

VOLUMES = S.FileSpec(
    "volumes.csv",
    "id",
    (
        S.Column("id", "id", True),
        S.Column("asset_type", "enum", True, ASSET_TYPES),
        S.Column("asset", "id", True),
        S.Column("asset_name", "text", True),
        S.Column("year", "int", True, min_value=1990, max_value=2100),
        S.Column("months", "int", True, min_value=1, max_value=12),
        S.Column("unit", "enum", True, UNITS),
        S.Column("value", "float", True, min_value=0.0, strict=True),
        S.Column("direction", "enum", False, DIRECTIONS),
        S.Column("source", "text", True),
        S.Column("grade", "enum", True, GRADES),
        S.Column("note"),
    ),
)

CONVERSIONS = S.FileSpec(
    "conversions.csv",
    "id",
    (
        S.Column("id", "id", True),
        S.Column("quantity", "text", True),
        S.Column("value", "float", True, min_value=0.0, strict=True),
        S.Column("unit", "text", True),
        S.Column("low", "float", False, min_value=0.0, strict=True),
        S.Column("high", "float", False, min_value=0.0, strict=True),
        S.Column("source", "text", True),
        S.Column("grade", "enum", True, GRADES),
        S.Column("note"),
    ),
)

# units -> the conversions.csv row that turns one unit into TEU (TEU per unit, or its inverse)
_TO_TEU = {"TEU": None, "containers": None, "wagons": "teu_per_wagon", "trucks": "teu_per_truck",
           "trains": "teu_per_train", "tonnes": "tonnes_per_teu"}


def volumes_dir() -> Path:
    """Folder of the observed volumes shipped with tcroute.

    Examples
    --------
    >>> (volumes_dir() / "volumes.csv").is_file()
    True
    """
    return shipped_folder("tcroute.volume_data", "volumes.csv", "volumes")


def _load(spec: S.FileSpec, path: Path) -> pd.DataFrame:
    problems: list[Problem] = []
    df = _read_file(path, spec, problems)
    if df is not None:
        dup = df[spec.key].notna() & df[spec.key].duplicated(keep="first")
        for _, row in df[dup].iterrows():
            problems.append(Problem(spec.name, int(row[LINE_COL]), spec.key,
                                    f"{row[spec.key]!r} again", f"a unique {spec.key}"))
    if problems or df is None:
        raise DataFileError(problems, folder=str(path.parent))
    return df


def _check_conversions(conv: pd.DataFrame) -> None:
    problems: list[Problem] = []
    for _, row in conv.iterrows():
        low, high, value = row["low"], row["high"], row["value"]
        if pd.notna(low) and low > value:
            problems.append(Problem(CONVERSIONS.name, int(row[LINE_COL]), "low", f"{low:g}",
                                    f"at most value ({value:g})"))
        if pd.notna(high) and high < value:
            problems.append(Problem(CONVERSIONS.name, int(row[LINE_COL]), "high", f"{high:g}",
                                    f"at least value ({value:g})"))
    missing = {v for v in _TO_TEU.values() if v} - set(conv["id"])
    for name in sorted(missing):
        problems.append(Problem(CONVERSIONS.name, None, "id", f"no row {name!r}",
                                f"a row {name!r} (needed to express volumes in TEU)"))
    if problems:
        raise DataFileError(problems, folder=str(Path(str(conv[FILE_COL].iloc[0])).parent))


def _check_references(vol: pd.DataFrame, network: object) -> None:
    problems: list[Problem] = []
    for asset_type, table in _REF_TABLE.items():
        df = getattr(network, "_tables", {}).get(table)
        if df is None:
            continue
        known = set(df[S.TABLE_NAMES[table].key].dropna()) if table in S.TABLE_NAMES else \
            set(df["id"].dropna())
        rows = vol[vol["asset_type"] == asset_type]
        for _, row in rows[~rows["asset"].isin(known)].iterrows():
            problems.append(Problem(VOLUMES.name, int(row[LINE_COL]), "asset", repr(row["asset"]),
                                    f"the id of a row of the network's {table} table "
                                    f"(asset_type {asset_type})"))
    if problems:
        raise DataFileError(problems, folder=str(Path(str(vol[FILE_COL].iloc[0])).parent))


def volume_conversions(path: str | Path | None = None) -> pd.DataFrame:
    """The sourced factors that express tonnes, wagons, trucks and trains in TEU.

    Parameters
    ----------
    path : str or Path, optional
        A ``conversions.csv`` of your own; by default the one shipped with tcroute.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``id`` (``tonnes_per_teu``, ``teu_per_wagon``, ``teu_per_truck``,
        ``teu_per_train``) with ``quantity``, ``value``, ``unit``, ``low``, ``high``,
        ``source``, ``grade`` and ``note``.

    Examples
    --------
    >>> conv = volume_conversions()
    >>> float(conv.loc["tonnes_per_teu", "value"]) > 10
    True
    """
    conv = _load(CONVERSIONS, Path(path) if path else volumes_dir() / CONVERSIONS.name)
    _check_conversions(conv)
    return conv.drop(columns=[FILE_COL, LINE_COL]).set_index("id", drop=False).rename_axis(None)


def observed_volumes(
    *,
    asset: str | None = None,
    unit: str | None = None,
    year: int | None = None,
    full_years: bool = False,
    path: str | Path | None = None,
    network: object | None = None,
) -> pd.DataFrame:
    """Published volumes of ports, lines, crossings, services and corridors, one row each.

    Parameters
    ----------
    asset : str, optional
        Keep only the rows of this asset id (``az_alat_port``, ``titr``, a link or service id).
    unit : str, optional
        Keep only rows in this unit: ``TEU``, ``tonnes``, ``trains``, ``wagons``, ``trucks``,
        ``containers``.
    year : int, optional
        Keep only this year.
    full_years : bool, default False
        Keep only figures that cover a whole year (``months == 12``); partial-year figures
        are lower bounds of their year.
    path : str or Path, optional
        A ``volumes.csv`` of your own (same columns); its ``conversions.csv`` is read from the
        same folder when present, else the shipped one.
    network : Network, optional
        Check that every place, link, terminal and service named in the file exists in this
        network (default: the default network).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``id``, with ``asset_type``, ``asset``, ``asset_name``, ``year``,
        ``months``, ``unit``, ``value``, ``direction``, ``source``, ``grade``, ``note`` and
        ``value_teu``: the value in TEU, converted with :func:`volume_conversions` (tonnes at
        ``tonnes_per_teu``, wagons, trucks and trains at their TEU factors; ``containers`` are
        taken as TEU).

    Raises
    ------
    DataFileError
        A malformed row, named by file, line, column and what was expected, or an asset id
        that is not in the network.

    Examples
    --------
    >>> import tcroute
    >>> vol = tcroute.observed_volumes(asset="az_alat_port", unit="TEU", full_years=True)
    >>> int(vol.loc[vol["year"] == 2024, "value"].iloc[0])
    76775
    """
    from . import _args as A

    if asset is not None and not isinstance(asset, str):
        raise ArgumentTypeError(f"asset: expected one asset id as a string, got "
                                f"{type(asset).__name__} {asset!r}")
    if unit is not None and unit not in UNITS:
        raise InvalidArgumentError("unit", f"unknown unit {unit!r}: expected one of "
                                   f"{', '.join(UNITS)}")
    if year is not None:
        year = int(A.number(year, "year", low=1900, high=2100, integer=True))
    full_years = A.flag(full_years, "full_years")
    if path is not None:
        path = A.path(path, "path")
    if network is not None and not hasattr(network, "links"):
        raise ArgumentTypeError(f"network: expected a tcroute Network (tcroute.load_network()"
                                f"), got {type(network).__name__}")
    vpath = Path(path) if path else volumes_dir() / VOLUMES.name
    vol = _load(VOLUMES, vpath)
    for col in ("year", "months"):
        vol[col] = vol[col].astype(int)
    if network is None:
        from .io import load_network

        network = load_network()
    _check_references(vol, network)
    conv_path = vpath.parent / CONVERSIONS.name
    conv = volume_conversions(conv_path if conv_path.is_file() else None)
    factor = {"TEU": 1.0, "containers": 1.0}
    for u, cid in _TO_TEU.items():
        if cid:
            v = float(conv.loc[cid, "value"])
            factor[u] = 1.0 / v if u == "tonnes" else v
    vol["value_teu"] = vol["value"] * vol["unit"].map(factor)
    if asset is not None:
        if not (vol["asset"] == asset).any():
            import difflib

            near = difflib.get_close_matches(asset, sorted(vol["asset"].unique()), n=5,
                                             cutoff=0.5)
            hint = f"did you mean {', '.join(map(repr, near))}?" if near else \
                "see tcroute.observed_volumes()['asset'] for the assets with a volume"
            raise UnknownIdError(f"asset (no observed volume in {vpath.name})", [asset],
                                 hint)
        vol = vol[vol["asset"] == asset]
    if unit is not None:
        vol = vol[vol["unit"] == unit]
    if year is not None:
        vol = vol[vol["year"] == int(year)]
    if full_years:
        vol = vol[vol["months"] == 12]
    out = vol.drop(columns=[FILE_COL, LINE_COL])
    return out.set_index("id", drop=False).rename_axis(None)
