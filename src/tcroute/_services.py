"""Ferry and sea services (``services.csv``): checks, and the link columns derived from them.

A service is one operator's line between two ports on one ferry or sea link: vessel type,
what it accepts (``containers``, ``wagons``, ``trucks``), fleet, capacity per sailing, rotation
time, schedule, sea time and tariffs. For every link served by at least one open service the
loader computes, from the link's own row and its services together:

* ``departures_per_week`` = Σ 7 / mean_interval_days for services that give their observed
  mean interval between departures (ships that leave when full sail as cargo comes, not as
  often as the fleet could), else Σ vessels × 7 / round_trip_days (per direction: a rotation
  is one sailing each way);
* ``capacity_teu_year`` = Σ vessels × capacity_teu_per_sailing × 365 / round_trip_days (whole
  TEU, per direction), unknown (empty) unless every open service on the link has all three;
* ``irregular_sailings`` — true when most of those departures leave when full;
* ``time_h`` — the departure-weighted mean ``sea_time_h`` of the services that give one;
* ``cost_usd_per_teu`` — the departure-weighted mean of each service's price of one TEU: its
  TEU tariff, else half its FEU tariff, else its wagon or truck tariff divided by the TEU a
  wagon or truck carries (``data/volumes/conversions.csv``);
* ``accepts`` — the union of the services' loads; ``services`` — their ids;
* per load (hidden columns ``_dpw_<load>``, ``_usd_<load>``): the departures of the services
  that take that load and their departure-weighted price of a TEU carried as that load (a
  wagon pays the wagon tariff, a truck the truck tariff, a lifted box the TEU or half the FEU
  tariff), and whether most of those departures leave when full (``_irr_<load>``). Routing
  uses them: a container on a flat wagon waits for a rail ferry, not for the next Ro-Ro, and
  pays the wagon tariff; a box for a timetabled feeder waits half its headway.

A service without vessels and rotation time adds its loads and tariff but no frequency, and
leaves the link's capacity unknown. The link's own values (in ``links.csv``) are kept aside and used
again when its services are closed, so scenarios that close, open or change services
always recompute from the data, never from an earlier derivation. A value a scenario sets
directly on a served link (``links,<id>,set,time_h,...``: a storm's sailing time) is kept over
the derived one, in this and every later derivation.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import _schema as S
from .errors import Problem

FILE_COL = "_file"
LINE_COL = "_line"
DERIVED = ("departures_per_week", "capacity_teu_year", "irregular_sailings", "time_h",
           "cost_usd_per_teu", "accepts")
OWN = "_own_"  # prefix of the hidden columns keeping a link's own (underived) values
DRV = "_drv_"  # prefix of the hidden columns keeping the values last derived from services
PIN = "_pin_"  # prefix of the hidden columns keeping values a scenario set on a served link
DPW_BY_LOAD = "_dpw_"  # + load: departures a week of the services that take that load
USD_BY_LOAD = "_usd_"  # + load: departure-weighted price of a TEU as that load
IRR_BY_LOAD = "_irr_"  # + load: 1.0 when most of those departures leave when full, else 0.0


def _differs(a: pd.Series, b: pd.Series) -> np.ndarray:
    """Element-wise a != b, with two empty cells equal and numbers compared as numbers."""
    out = np.zeros(len(a), dtype=bool)
    for k, (x, y) in enumerate(zip(a.to_numpy(), b.to_numpy(), strict=True)):
        xn, yn = x is None or (isinstance(x, float) and x != x), \
            y is None or (isinstance(y, float) and y != y)
        if xn or yn:
            out[k] = xn != yn
            continue
        try:
            out[k] = float(x) != float(y)
        except (TypeError, ValueError):
            out[k] = str(x) != str(y)
    return out


def loads(cell: Any) -> list[str]:
    """The items of an ``accepts`` cell, in vocabulary order."""
    if cell is None or (isinstance(cell, float) and cell != cell):
        return []
    items = {t.strip() for t in str(cell).replace(",", ";").split(";") if t.strip()}
    return [x for x in S.LOADS if x in items] + sorted(items - set(S.LOADS))


def _p(row: pd.Series, column: str | None, got: str, expected: str) -> Problem:
    return Problem(Path(str(row[FILE_COL])).name, int(row[LINE_COL]), column, got, expected)


def validate(tables: dict[str, pd.DataFrame], problems: list[Problem]) -> None:
    """Row checks of services.csv against the links (a link's own ``accepts`` cell is checked
    by its column type, ``loads``, when the file is read)."""
    links = tables.get("links")
    services = tables.get("services")
    if services is None or links is None:
        return
    ends = links.dropna(subset=["id"]).drop_duplicates("id").set_index("id")[
        ["from_id", "to_id", "mode"]]
    for _, row in services.iterrows():
        lid = row["link_id"]
        if lid is not None and lid not in ends.index:
            problems.append(_p(row, "link_id", repr(lid), "the id of a link in links.csv"))
        elif lid is not None:
            link = ends.loc[lid]
            if link["mode"] not in S.WATER_MODES:
                problems.append(_p(row, "link_id", f"{lid!r}, a {link['mode']} link",
                                   "a ferry or sea link"))
            if {row["from_id"], row["to_id"]} != {link["from_id"], link["to_id"]}:
                problems.append(_p(row, "to_id", f"{row['from_id']!r} -> {row['to_id']!r}",
                                   f"the ends of link {lid}: {link['from_id']!r} and "
                                   f"{link['to_id']!r}"))
        items = loads(row["accepts"])
        bad = [x for x in items if x not in S.LOADS]
        if bad or (row["accepts"] is not None and not items):
            problems.append(_p(row, "accepts", repr(row["accepts"]),
                               "loads separated by ';': " + ", ".join(S.LOADS)))
        if row["vessel_type"] == "rail_ferry" and "wagons" not in items:
            problems.append(_p(row, "accepts", repr(row["accepts"]),
                               "a list including 'wagons' for a rail ferry"))
        if row["vessel_type"] == "container_feeder" and "containers" not in items:
            problems.append(_p(row, "accepts", repr(row["accepts"]),
                               "a list including 'containers' for a container feeder"))
        fleet = [row["vessels"], row["round_trip_days"]]
        given = [v is not None and not pd.isna(v) for v in fleet]
        if any(given) and not all(given):
            missing = "round_trip_days" if given[0] else "vessels"
            problems.append(_p(row, missing, "an empty cell",
                               "vessels and round_trip_days together (they give the "
                               "frequency), or neither"))
        tariffs = [row[c] for c in ("tariff_usd_per_teu", "tariff_usd_per_feu",
                                    "tariff_usd_per_wagon", "tariff_usd_per_truck")]
        if any(t is not None and not pd.isna(t) for t in tariffs) and (
                row["tariff_year"] is None or pd.isna(row["tariff_year"])):
            problems.append(_p(row, "tariff_year", "an empty cell",
                               "the year the tariff applies to"))


def usable(services: pd.DataFrame, links: pd.DataFrame) -> pd.Series:
    """The services that sail: the open ones, and on a planned link its planned ones too
    (used when planned links are asked for)."""
    status = dict(zip(links["id"], links["status"], strict=True))
    return (services["status"] == "open") | (
        (services["status"] == "planned") & (services["link_id"].map(status) == "planned"))


def capacity_teu_year(services: pd.DataFrame) -> np.ndarray:
    """Each service's capacity (TEU a year each way): ``vessels × capacity_teu_per_sailing
    × 365 / round_trip_days`` (a rotation is one sailing each way); NaN where one is empty."""
    num = [pd.to_numeric(services[c], errors="coerce").to_numpy(dtype=float)
           for c in ("vessels", "capacity_teu_per_sailing", "round_trip_days")]
    return num[0] * num[1] * 365.0 / num[2]


@lru_cache(maxsize=1)
def _teu_factors() -> tuple[float, float]:
    """TEU per wagon and per truck (data/volumes/conversions.csv, shipped: read once)."""
    from .volumes import volume_conversions

    conv = volume_conversions()
    return float(conv.loc["teu_per_wagon", "value"]), float(conv.loc["teu_per_truck", "value"])


def _price_per_teu(row: pd.Series, per_wagon: float, per_truck: float) -> float:
    for col, div in (("tariff_usd_per_teu", 1.0), ("tariff_usd_per_feu", 2.0),
                     ("tariff_usd_per_wagon", per_wagon), ("tariff_usd_per_truck", per_truck)):
        v = row[col]
        if v is not None and not pd.isna(v):
            return float(v) / div
    return float("nan")


def _price_per_teu_as(row: pd.Series, load: str, per_wagon: float, per_truck: float
                      ) -> float:
    """The service's price of one TEU carried as ``load``: a lifted box pays the TEU (or
    half the FEU) tariff, a wagon the wagon tariff, a truck the truck tariff, each per TEU;
    a service without that tariff falls back to its first published one."""
    col, div = {"containers": ("tariff_usd_per_teu", 1.0), "wagons": (
        "tariff_usd_per_wagon", per_wagon), "trucks": ("tariff_usd_per_truck", per_truck)}[load]
    v = row[col]
    if v is not None and not pd.isna(v):
        return float(v) / div
    if load == "containers":
        v = row["tariff_usd_per_feu"]
        if v is not None and not pd.isna(v):
            return float(v) / 2.0
    return _price_per_teu(row, per_wagon, per_truck)


def _weighted(values: np.ndarray, weights: np.ndarray) -> float:
    ok = ~np.isnan(values)
    if not ok.any():
        return float("nan")
    w = weights[ok]
    return float(np.average(values[ok], weights=w)) if w.sum() > 0 else float(
        values[ok].mean())


def derive(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Links with the columns their open services define (see the module docstring)."""
    links = tables.get("links")
    if links is None:
        return tables
    links = links.copy()
    # links that services defined last time get their own values back; the others (new rows,
    # rows a scenario changed) keep what they hold, which becomes their own value
    served = links["services"].notna().to_numpy() if "services" in links.columns else \
        np.zeros(len(links), dtype=bool)
    for col in DERIVED:
        own, drv, pin = OWN + col, DRV + col, PIN + col
        if col not in links.columns:
            links[col] = None
        if own not in links.columns:
            links[own] = links[col]
        if pin not in links.columns:
            links[pin] = None
        if col in ("irregular_sailings", "accepts"):
            links[own] = links[own].astype(object)
            links[col] = links[col].astype(object)
        links[pin] = links[pin].astype(object)
        if drv in links.columns and served.any():
            # a value a scenario set on a served link (it differs from the one derived last
            # time) is the user's: it stays, whatever the services say (a storm's sailing time)
            changed = np.zeros(len(links), dtype=bool)
            changed[served] = _differs(links.loc[served, col], links.loc[served, drv])
            links.loc[changed, pin] = links.loc[changed, col]
        links.loc[~served, own] = links.loc[~served, col]
        links.loc[served, col] = links.loc[served, own]
    links["services"] = None
    links["services"] = links["services"].astype(object)
    for load in S.LOADS:
        links[DPW_BY_LOAD + load] = np.nan
        links[USD_BY_LOAD + load] = np.nan
        links[IRR_BY_LOAD + load] = np.nan
    services = tables.get("services")
    out = dict(tables)
    if services is not None and len(services):
        per_wagon, per_truck = _teu_factors()
        index = {lid: i for i, lid in zip(links.index, links["id"], strict=True)}
        svc = services[usable(services, links)].reset_index(drop=True)
        cap_row = capacity_teu_year(svc)
        # every service's figures as arrays, and its prices, computed once
        num = {c: pd.to_numeric(svc[c], errors="coerce").to_numpy(dtype=float) for c in (
            "vessels", "round_trip_days", "mean_interval_days", "sea_time_h")}
        when_full_row = (svc["schedule"] == "when_full").to_numpy(dtype=bool)
        accepts_row = [loads(a) for a in svc["accepts"]]
        ids_row = svc["id"].to_numpy(dtype=object)
        records = svc.to_dict("records")
        price_row = np.array([_price_per_teu(r, per_wagon, per_truck) for r in records])
        price_as = {load: np.array([_price_per_teu_as(r, load, per_wagon, per_truck)
                                    for r in records]) for load in S.LOADS}
        takes_row = {load: np.array([load in a for a in accepts_row], dtype=bool)
                     for load in S.LOADS}
        for lid, idx in svc.groupby("link_id", sort=False).indices.items():
            if lid not in index:
                continue
            i = index[lid]
            vessels, rtd = num["vessels"][idx], num["round_trip_days"][idx]
            cap, mid = cap_row[idx], num["mean_interval_days"][idx]
            fleet = ~np.isnan(vessels) & ~np.isnan(rtd)
            known = ~np.isnan(cap)
            observed = ~np.isnan(mid)
            dpw = np.where(observed, 7.0 / mid, np.where(fleet, vessels * 7.0 / rtd, 0.0))
            full_row = when_full_row[idx]
            if (fleet | observed).any():
                links.at[i, "departures_per_week"] = float(dpw.sum())
                links.at[i, "irregular_sailings"] = bool(float(dpw[full_row].sum())
                                                         > 0.5 * dpw.sum())
            # capacity only when every open service on the link has a known one
            links.at[i, "capacity_teu_year"] = float(round(cap.sum())) if known.all() \
                else float("nan")
            weights = dpw if dpw.sum() > 0 else np.ones(len(idx))
            sea = _weighted(num["sea_time_h"][idx], weights)
            if not np.isnan(sea):
                links.at[i, "time_h"] = sea
            cost = _weighted(price_row[idx], weights)
            if not np.isnan(cost):
                links.at[i, "cost_usd_per_teu"] = round(cost, 2)
            items = loads(";".join(str(a) for a in svc["accepts"].to_numpy()[idx]))
            # a wagon waits for a ship that takes wagons and pays the wagon tariff; a lifted
            # box waits for one that takes containers (per load, the same rules as above)
            for load in S.LOADS:
                takes = takes_row[load][idx]
                if not takes.any():
                    continue
                if (fleet | observed)[takes].any():
                    links.at[i, DPW_BY_LOAD + load] = float(dpw[takes].sum())
                    full = float(dpw[takes & full_row].sum())
                    links.at[i, IRR_BY_LOAD + load] = float(full > 0.5 * dpw[takes].sum())
                w = dpw[takes] if dpw[takes].sum() > 0 else np.ones(int(takes.sum()))
                c = _weighted(price_as[load][idx][takes], w)
                if not np.isnan(c):
                    links.at[i, USD_BY_LOAD + load] = round(c, 2)
            links.at[i, "accepts"] = ";".join(items)
            links.at[i, "services"] = ";".join(ids_row[idx])
    for col in DERIVED:
        pinned = links[PIN + col].notna()
        if pinned.any():
            if links[col].dtype != object:
                links[col] = links[col].astype(object)
            links.loc[pinned, col] = links.loc[pinned, PIN + col]
            if col not in ("irregular_sailings", "accepts"):
                links[col] = pd.to_numeric(links[col])
        links[DRV + col] = links[col]
    # a frequency, schedule or price a scenario set on the link holds for every load
    for col, prefix in (("departures_per_week", DPW_BY_LOAD), ("cost_usd_per_teu", USD_BY_LOAD),
                        ("irregular_sailings", IRR_BY_LOAD)):
        pinned = links[PIN + col].notna()
        for load in S.LOADS:
            links.loc[pinned, prefix + load] = pd.to_numeric(
                links.loc[pinned, col].map(lambda v: float(bool(v)) if isinstance(v, bool)
                                           else v), errors="coerce")
    out["links"] = links
    return out


def default_ferry_loads(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """An open ferry link with neither services nor an ``accepts`` cell takes every load (as
    every ferry did before services existed); the default network names them all."""
    links = tables.get("links")
    if links is None:
        return tables
    links = links.copy()
    gap = (links["mode"] == "ferry") & links["accepts"].isna()
    links.loc[gap, "accepts"] = ";".join(S.LOADS)
    return {**tables, "links": links}
