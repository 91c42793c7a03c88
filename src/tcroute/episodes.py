"""Disruption episodes and storm seasons: dated, sourced data on what makes a route late.

Two files, shipped in ``data/episodes/`` (see its README):

* ``episodes.csv`` — one row per dated disruption: a border or port congestion, a closure,
  a storm, a diversion, with the places a route must pass to meet it, its dates, the range
  of extra delay observed, and how often such an episode recurs. The reliability model
  (:func:`tcroute.transit_time_distribution`) uses each as a chance of meeting it; a
  scenario (:func:`with_episode`) applies one as if it recurred now.
* ``weather.csv`` — storm closures of sailings by month and sea area: closure days,
  mean episode length, and the utilisation of the sailings (the queue a closure leaves
  behind grows with it).

Both are read and validated like the network files: every problem names the file, the
line, the column and what was expected.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from . import _schema as S
from ._data import shipped_folder
from .errors import DataFileError, Problem, UnknownIdError

if TYPE_CHECKING:
    from .network import Network

__all__ = ["episode_dir", "list_episodes", "read_episodes", "read_weather", "with_episode"]

KINDS = ("border_congestion", "port_congestion", "closure", "weather", "diversion")
DIRECTIONS = ("both", "westbound", "eastbound")

EPISODES = S.FileSpec("episodes.csv", "id", (
    S.Column("id", "id", True),
    S.Column("name", "text", True),
    S.Column("kind", "enum", True, KINDS),
    S.Column("places", "text", True),
    S.Column("close_links", "text"),
    S.Column("direction", "enum", True, DIRECTIONS),
    S.Column("start_date", "text", True),
    S.Column("end_date", "text", True),
    S.Column("extra_delay_min_days", "float", True, min_value=0.0),
    S.Column("extra_delay_max_days", "float", True, min_value=0.0),
    S.Column("recurrence_per_year", "float", min_value=0.0),
    S.Column("seasonal", "bool", True),
    S.Column("source", "text", True),
    S.Column("note", "text"),
))

WEATHER = S.FileSpec("weather.csv", "area", (
    S.Column("area", "id", True),
    S.Column("places", "text", True),
    S.Column("month", "int", True, tuple(range(1, 13))),
    S.Column("closure_days", "float", True, min_value=0.0),
    S.Column("closure_episode_days", "float", True, min_value=0.0, strict=True),
    S.Column("queue_utilisation", "float", min_value=0.0, max_value=0.99),
    S.Column("source", "text", True),
    S.Column("note", "text"),
))

DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def episode_dir() -> Path:
    """Folder of the episode data shipped with tcroute.

    Examples
    --------
    >>> (episode_dir() / "episodes.csv").is_file()
    True
    """
    return shipped_folder("tcroute.episode_data", "README.md", "episodes")


def _items(cell: object) -> list[str]:
    if cell is None or (isinstance(cell, float) and cell != cell):
        return []
    return [t.strip() for t in str(cell).split(";") if t.strip()]


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


def _read(path: Path, spec: S.FileSpec) -> tuple[pd.DataFrame | None, list[Problem]]:
    from .io import _read_file

    problems: list[Problem] = []
    df = _read_file(path, spec, problems)
    return df, problems


def read_episodes(path: str | Path | None = None) -> pd.DataFrame:
    """The disruption episodes (``episodes.csv``), validated, one row per episode, indexed
    by id, with the derived columns ``duration_days`` and ``months`` (days of the episode
    falling in each month, a 12-tuple; for an episode that is not ``seasonal`` its days
    spread over the year in proportion to the days of each month).

    Parameters
    ----------
    path : str or Path, optional
        An episodes file of your own (default: the shipped one).

    Raises
    ------
    DataFileError
        Naming file, line, column and what was expected for every problem.

    Examples
    --------
    >>> eps = read_episodes()
    >>> bool((eps["extra_delay_max_days"] >= eps["extra_delay_min_days"]).all())
    True
    """
    file = Path(path) if path is not None else episode_dir() / "episodes.csv"
    return _read_episodes_cached(str(file))


@lru_cache(maxsize=8)
def _read_episodes_cached(file: str) -> pd.DataFrame:
    from .io import LINE_COL

    path = Path(file)
    df, problems = _read(path, EPISODES)
    if df is None:
        raise DataFileError(problems, folder=str(path.parent))
    durations, months = [], []
    for rec in df.to_dict("records"):
        line = int(rec[LINE_COL])
        start, end = _date(rec["start_date"] or ""), _date(rec["end_date"] or "")
        for col, val in (("start_date", start), ("end_date", end)):
            if val is None and rec[col] is not None:
                problems.append(Problem(path.name, line, col, repr(rec[col]),
                                        "a date as YYYY-MM-DD"))
        if start and end and end < start:
            problems.append(Problem(path.name, line, "end_date", rec["end_date"],
                                    f"a date on or after start_date {rec['start_date']}"))
        lo, hi = rec["extra_delay_min_days"], rec["extra_delay_max_days"]
        if lo == lo and hi == hi and hi < lo:
            problems.append(Problem(path.name, line, "extra_delay_max_days", f"{hi:g}",
                                    f"a number >= extra_delay_min_days ({lo:g})"))
        if rec["kind"] == "closure" and not _items(rec["close_links"]):
            problems.append(Problem(path.name, line, "close_links", "an empty cell",
                                    "the links the closure closes (';'-separated ids)"))
        if not _items(rec["places"]) and rec["places"] is not None:
            problems.append(Problem(path.name, line, "places", repr(rec["places"]),
                                    "place ids separated by ';'"))
        per_month = [0.0] * 12
        if start and end and end >= start:
            day = start
            while day < end:
                per_month[day.month - 1] += 1.0
                day += dt.timedelta(days=1)
        duration = float((end - start).days) if start and end and end >= start \
            else float("nan")
        if rec["seasonal"] is False and duration == duration:
            per_month = [duration * d / 365.0 for d in DAYS_IN_MONTH]
        durations.append(duration)
        months.append(tuple(per_month))
    keys = df["id"].dropna()
    for rid in sorted(set(keys[keys.duplicated()])):
        line = int(df.loc[df["id"] == rid, LINE_COL].iloc[-1])
        problems.append(Problem(path.name, line, "id", repr(rid), "an id used once"))
    if problems:
        raise DataFileError(problems, folder=str(path.parent))
    df = df.assign(duration_days=durations, months=months)
    return df.set_index("id", drop=False).rename_axis(None)


def read_weather(path: str | Path | None = None) -> pd.DataFrame:
    """Storm closures of sailings by sea area and month (``weather.csv``), validated.

    Each area must have one row for each month 1-12.

    Examples
    --------
    >>> w = read_weather()
    >>> sorted(w["area"].unique())
    ['black_sea_georgia', 'caspian']
    >>> float(w[w["area"] == "caspian"]["closure_days"].sum())
    18.0
    """
    file = Path(path) if path is not None else episode_dir() / "weather.csv"
    return _read_weather_cached(str(file))


@lru_cache(maxsize=8)
def _read_weather_cached(file: str) -> pd.DataFrame:
    from .io import LINE_COL

    path = Path(file)
    df, problems = _read(path, WEATHER)
    if df is None:
        raise DataFileError(problems, folder=str(path.parent))
    for area, rows in df.groupby("area"):
        months = sorted(int(m) for m in rows["month"].dropna())
        if months != list(range(1, 13)):
            line = int(rows[LINE_COL].iloc[-1])
            problems.append(Problem(path.name, line, "month", f"months {months} for {area}",
                                    "one row for each month 1-12"))
        if rows["places"].nunique() > 1:
            line = int(rows[LINE_COL].iloc[-1])
            problems.append(Problem(path.name, line, "places", "different places by month",
                                    f"the same places in every row of area {area}"))
        for rec in rows.to_dict("records"):
            m = rec["month"]
            if m == m and rec["closure_days"] > DAYS_IN_MONTH[int(m) - 1]:
                problems.append(Problem(path.name, int(rec[LINE_COL]), "closure_days",
                                        f"{rec['closure_days']:g}",
                                        f"at most the {DAYS_IN_MONTH[int(m) - 1]} days of "
                                        f"month {int(m)}"))
    if problems:
        raise DataFileError(problems, folder=str(path.parent))
    return df.reset_index(drop=True)


def check_references(network: Network, episodes: pd.DataFrame | None = None,
                     weather: pd.DataFrame | None = None) -> list[Problem]:
    """Problems with place and link ids in the episode files that ``network`` does not know.

    Examples
    --------
    >>> import tcroute
    >>> check_references(tcroute.load_network())
    []
    """
    from .io import FILE_COL, LINE_COL

    eps = read_episodes() if episodes is None else episodes
    wea = read_weather() if weather is None else weather
    places = set(network._table("places")["id"])
    links = set(network._table("links")["id"])
    problems = []
    for df, cols in ((eps, (("places", places), ("close_links", links))),
                     (wea, (("places", places),))):
        for rec in df.to_dict("records"):
            for col, known in cols:
                for item in _items(rec[col]):
                    if item not in known:
                        table = "nodes.csv" if col == "places" else "links.csv"
                        problems.append(Problem(Path(rec[FILE_COL]).name, int(rec[LINE_COL]),
                                                col, repr(item),
                                                f"an id of {table} of this network"))
    return problems


def _sailing_h(network: Network, links: pd.DataFrame) -> pd.Series:
    """Running time of these links as routing prices it: ``time_h``, else length over the
    link's or the mode's speed."""
    modes = network._table("modes").set_index("mode")["speed_kmh"].astype(float)
    speed = links["speed_kmh"].astype(float).fillna(links["mode"].map(modes))
    return links["time_h"].astype(float).fillna(links["length_km"].astype(float) / speed)


def list_episodes() -> pd.DataFrame:
    """The shipped disruption episodes: id, name, kind, dates, extra delay range, whether
    the reliability model counts them (``recurrence_per_year``) and source.

    Examples
    --------
    >>> "kz_cn_border_congestion_2024_spring" in set(list_episodes()["id"])
    True
    """
    eps = read_episodes()
    cols = ["id", "name", "kind", "start_date", "end_date", "duration_days",
            "extra_delay_min_days", "extra_delay_max_days", "recurrence_per_year", "source"]
    return eps[cols].reset_index(drop=True)


def with_episode(network: Network, episode: str | Iterable[str]) -> Network:
    """A new Network in which an episode (or several) is happening now: "what if the 2024
    Dostyk congestion recurs".

    A ``closure`` or ``diversion`` closes its ``close_links``; a ``weather`` episode (a storm
    over a sea area) adds the middle of its observed extra delay range to the sailing time
    of every open ferry or sea link touching its places; a congestion adds it to the
    handling time (``transfer_h``, and its 90th percentile) of every open terminal at its
    places. The original network is unchanged.

    Examples
    --------
    >>> import tcroute
    >>> net = tcroute.load_network()
    >>> hit = with_episode(net, "kz_cn_border_congestion_2024_spring")
    >>> hit.scenarios
    ['episode:kz_cn_border_congestion_2024_spring']
    >>> kw = {"via": ["kz_altynkol", "cn_khorgos"], "modes": ["rail"],
    ...       "avoid_countries": ["MN", "RU"]}
    >>> r0 = tcroute.shortest_route(net, "Almaty", "Urumqi", **kw)
    >>> r1 = tcroute.shortest_route(hit, "Almaty", "Urumqi", **kw)
    >>> round(r1.days - r0.days, 1)
    11.0
    """
    from .io import _check
    from .network import Network

    names = [episode] if isinstance(episode, str) else list(episode)
    eps = read_episodes()
    net = network
    for name in names:
        if name not in eps.index:
            raise UnknownIdError("episode", [name], f"see tcroute.list_episodes() for the "
                                 f"{len(eps)} shipped episodes")
        ep = eps.loc[name]
        problems = check_references(net, eps.loc[[name]], read_weather().iloc[0:0])
        if problems:
            raise DataFileError(problems)
        tables = {k: v.copy() for k, v in net._tables.items()}
        places = _items(ep["places"])
        delay_h = 24.0 * (ep["extra_delay_min_days"] + ep["extra_delay_max_days"]) / 2
        if ep["kind"] in ("closure", "diversion"):
            links = tables["links"]
            links.loc[links["id"].isin(_items(ep["close_links"])), "status"] = "closed"
        elif ep["kind"] == "weather":  # a storm holds up the sailings touching its ports
            links = tables["links"]
            hit = ((links["from_id"].isin(places) | links["to_id"].isin(places))
                   & links["mode"].isin(S.WATER_MODES) & (links["status"] == "open"))
            base = _sailing_h(net, links[hit])
            links["time_h"] = links["time_h"].astype(float)
            links.loc[hit, "time_h"] = base + delay_h
        else:  # a congestion holds up the handling at its places
            terms = tables["terminals"]
            at = terms["place_id"].isin(places) & (terms["status"] == "open")
            terms["transfer_h"] = terms["transfer_h"].astype(float)
            terms["transfer_p90_h"] = terms["transfer_p90_h"].astype(float)
            terms.loc[at, "transfer_p90_h"] = terms.loc[at, "transfer_p90_h"].fillna(
                terms.loc[at, "transfer_h"]) + delay_h
            terms.loc[at, "transfer_h"] += delay_h
        checked = _check(tables, [], f"episode {name}")
        new = Network._from_tables(checked, name=f"{net.name} + episode {name}")
        new._scenarios = [*net.scenarios, f"episode:{name}"]
        net = new
    return net
