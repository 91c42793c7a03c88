"""Container demand between regions: the base-year matrix fitted to observed volumes, and
growth scenarios (data/demand/).

The base-year matrix is built by ``tools/make_demand.py`` (method in docs/demand.md): sourced
segment totals spread over their origins and destinations, scaled so that its equilibrium
assignment reproduces the observed Caspian, Middle Corridor and Kazakh transit volumes.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from ._data import shipped_folder
from .errors import DataFileError, InvalidArgumentError, Problem, TcrouteError

if TYPE_CHECKING:
    from .assignment import AssignmentResult
    from .network import Network

__all__ = ["BASE_YEAR", "DEMAND_MODES", "demand_dir", "demand_scenarios", "load_demand"]

#: Year of the shipped base matrix.
BASE_YEAR = 2024
#: Modes the demand is assigned on: it is overland (rail) container demand, the sea routes
#: that compete with it are not part of the matrix.
DEMAND_MODES = ("rail", "ferry")
COLUMNS = ["origin", "destination", "teu_year", "segment", "direction", "avoid_countries"]


def demand_dir() -> Path:
    """Folder of the demand data shipped with tcroute.

    Examples
    --------
    >>> (demand_dir() / "growth.csv").is_file()
    True
    """
    return shipped_folder("tcroute.demand_data", "growth.csv", "demand")


def _folder(path: str | Path | None) -> Path:
    return Path(path) if path is not None else demand_dir()


def _read(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise DataFileError([Problem(str(path), None, None, "no such file",
                                     "a demand file (see data/demand/README.md)")])
    return pd.read_csv(path, keep_default_na=False, dtype={"avoid_countries": str})


def demand_scenarios(*, path: str | Path | None = None) -> pd.DataFrame:
    """The growth scenarios of ``data/demand/growth.csv``, one row per change.

    Returns
    -------
    DataFrame
        scenario, year, action (``scale`` a segment by ``value``, or ``shift`` the share
        ``value`` of a segment into ``to_segment``), segment, to_segment, value, source, note.

    Examples
    --------
    >>> import tcroute
    >>> "world_bank_2030" in set(tcroute.demand_scenarios()["scenario"])
    True
    """
    return _read(_folder(path) / "growth.csv")


def load_demand(
    year: int = BASE_YEAR,
    *,
    scenario: str | Sequence[str] | None = None,
    path: str | Path | None = None,
) -> pd.DataFrame:
    """Container demand (TEU/year) between Chinese hubs, Central Asia, the Caucasus, Turkey
    and Europe: the base year, or a growth scenario.

    Parameters
    ----------
    year : int, default 2024
        The base year, or the year of the scenario(s) asked for.
    scenario : str or list of str, optional
        Growth scenarios of :func:`demand_scenarios`, applied in order to the base matrix
        (e.g. ``["world_bank_2030", "northern_shift_2030"]``).
    path : str or Path, optional
        A folder with your own ``demand_<year>.csv`` and ``growth.csv``.

    Returns
    -------
    DataFrame
        origin, destination (place ids), teu_year, segment, direction (``westbound`` or
        ``eastbound``), avoid_countries (``;``-list of the countries that segment's shippers
        avoid): ready for :func:`tcroute.assign` (assign it with ``modes=["rail", "ferry"]``,
        the modes the base year was fitted on).

    Raises
    ------
    TcrouteError
        For a year without a matrix or an unknown scenario (the message lists them).

    Examples
    --------
    >>> import tcroute
    >>> base = tcroute.load_demand()
    >>> sorted(set(base["segment"]))[:2]
    ['ca_west', 'cn_caucasus_turkey']
    >>> wb = tcroute.load_demand(2030, scenario="world_bank_2030")
    >>> bool(wb["teu_year"].sum() > base["teu_year"].sum())
    True
    """
    folder = _folder(path)
    base = _read(folder / f"demand_{BASE_YEAR}.csv")
    missing = set(COLUMNS) - set(base.columns)
    if missing:
        raise DataFileError([Problem(str(folder / f"demand_{BASE_YEAR}.csv"), 1, None,
                                     f"missing columns {sorted(missing)}",
                                     f"columns {', '.join(COLUMNS)}")])
    dem = base[COLUMNS].copy()
    dem["teu_year"] = dem["teu_year"].astype(float)
    names = [scenario] if isinstance(scenario, str) else list(scenario or [])
    if not names:
        if year != BASE_YEAR:
            known = demand_scenarios(path=path)
            at = sorted(set(known.loc[known["year"] == year, "scenario"]))
            raise TcrouteError(f"no demand matrix for {year}: the base year is {BASE_YEAR}; "
                               f"scenarios for {year}: {', '.join(at) or 'none'} (pass "
                               "scenario=...)")
        return dem
    growth = demand_scenarios(path=path)
    for name in names:
        rows = growth[growth["scenario"] == name]
        if rows.empty:
            raise TcrouteError(f"unknown demand scenario {name!r}; known: "
                               f"{', '.join(sorted(set(growth['scenario'])))}")
        if int(rows["year"].iloc[0]) != year:
            raise TcrouteError(f"scenario {name!r} is for {int(rows['year'].iloc[0])}, not "
                               f"{year}")
        for r in rows.itertuples():
            dem = _apply(dem, r)
    return dem.reset_index(drop=True)


def _apply(dem: pd.DataFrame, r: Any) -> pd.DataFrame:
    seg = dem["segment"] == r.segment
    if not seg.any():
        raise TcrouteError(f"growth scenario {r.scenario!r}: unknown segment {r.segment!r}")
    value = float(r.value)
    dem = dem.copy()
    if r.action == "scale":
        dem.loc[seg, "teu_year"] *= value
        return dem
    if r.action != "shift":
        raise TcrouteError(f"growth scenario {r.scenario!r}: action must be 'scale' or "
                           f"'shift', got {r.action!r}")
    if not 0 <= value <= 1:
        raise TcrouteError(f"growth scenario {r.scenario!r}: a shift moves a share between 0 "
                           f"and 1, got {value}")
    to = dem["segment"] == r.to_segment
    moved = dem.loc[seg].set_index(["origin", "destination"])["teu_year"] * value
    dem.loc[seg, "teu_year"] *= 1 - value
    key = list(zip(dem["origin"], dem["destination"], strict=True))
    for i in dem.index[to]:
        dem.at[i, "teu_year"] += float(moved.get(key[i], 0.0))
    lost = set(moved.index) - {key[i] for i in dem.index[to]}
    if lost:
        raise TcrouteError(f"growth scenario {r.scenario!r}: segment {r.to_segment!r} has no "
                           f"row for {sorted(lost)[:3]}")
    return dem


# --------------------------------------------------------------------------- fitting helpers
def seed_matrix(network: Network, segments: pd.DataFrame) -> pd.DataFrame:
    """Each segment's prior total spread equally over its origins and destinations, split by
    direction (used by tools/make_demand.py)."""
    rows = []
    for s in segments.itertuples():
        origins = [network.resolve(p) for p in s.origins.split(";")]
        dests = [network.resolve(p) for p in s.destinations.split(";")]
        per = float(s.prior_teu_year) / (len(origins) * len(dests))
        for o in origins:
            for d in dests:
                rows.append((o, d, per * s.westbound_share, s.segment, "westbound",
                             s.avoid_countries))
                rows.append((d, o, per * (1 - s.westbound_share), s.segment, "eastbound",
                             s.avoid_countries))
    return pd.DataFrame(rows, columns=COLUMNS)


def count_value(res: AssignmentResult, measure: str) -> float:
    """The modelled value of one observed count (``counts.csv``'s ``measure``), TEU/year."""
    kind, _, what = measure.partition(":")
    if kind in ("link", "links", "terminal"):
        ids = set(what.split(";"))
        return float(res.loads.loc[res.loads["asset"].isin(ids), "load_teu_year"].sum())
    routes = res.routes
    parts = routes["countries"].str.split(">")
    if kind == "caspian_from_china":  # China-origin boxes crossing the Caspian westbound
        hit = parts.map(lambda c: c[0] == "CN" and any(
            a in ("KZ", "TM") and b == "AZ" for a, b in itertools.pairwise(c)))
        return float(routes.loc[hit, "teu_year"].sum())
    if kind == "kz_transit":  # through Kazakhstan, neither starting nor ending there
        hit = parts.map(lambda c: "KZ" in c and c[0] != "KZ" and c[-1] != "KZ")
        return float(routes.loc[hit, "teu_year"].sum())
    raise InvalidArgumentError(
        "measure", f"unknown count measure {measure!r}: expected 'link:<id>', "
                   "'links:<id>;<id>', 'terminal:<id>', 'caspian_from_china' or 'kz_transit'")

