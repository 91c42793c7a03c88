"""Rail rolling-stock pools (``fleets.csv``): checks, the capacity a pool gives, and the rail
links it limits.

A pool is one operator's container platforms or locomotives working a rail path between two
places (through ``via`` places if given): the fastest path of open rail links of one gauge,
since neither a platform nor a locomotive changes gauge. For every pool the loader derives:

* ``links`` — the path's link ids, in order from ``from_id``;
* ``run_h`` — one way along the path: each link's ``time_h``, else ``length_km / speed_kmh``
  (the link's speed, else the rail default in ``modes.csv``), plus the block-train dwell of
  every border on it (``borders.csv``, the rule of each direction; the mean of the two ways);
* ``cycle_h`` — ``cycle_days × 24`` where a cycle is published, else
  ``2 × run_h + turnaround_h`` (out, back, and the time at the two ends); ``cycle_basis``
  says which;
* ``capacity_teu_year`` — ``units × teu_per_unit × 8760 / cycle_h`` in each direction: each
  unit makes one loaded run each way per cycle (a platform carries ``teu_per_unit`` TEU, a
  locomotive hauls a train of ``teu_per_unit`` TEU).

An open pool of scope ``all_stock`` is all the stock that runs containers on its path: every
link of the path then carries at most the summed capacity of the ``all_stock`` pools on it,
or its own (infrastructure) capacity if that is lower; the link's ``fleets`` column names
them. A pool of scope ``part`` shares its path with other stock (or hauls other traffic too):
its capacity is reported, never applied. So ``fleets,<id>,set,units,2100`` in a scenario adds
platforms, and ``fleets,<id>,set,scope,all_stock`` makes a pool the binding stock.

Only ``open`` pools limit links; a ``planned`` pool (on open and planned links) is reported
until a scenario opens it. Where closed links leave a pool no path, it works nothing: its
derived columns are empty and it limits no link. The data must still join its places by rail
of one gauge (a pool across a gauge change is an error in ``fleets.csv``).

A link's own capacity is kept aside and used again at every derivation, so a scenario that
changes a pool recomputes from the data; a capacity a scenario sets on the link itself is its
new own capacity.
"""

from __future__ import annotations

import difflib
from itertools import pairwise
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from . import _schema as S
from ._services import _p
from .errors import Problem

HOURS_PER_YEAR = 8760.0
INFRA = "_fleet_infra_capacity_teu_year"  # a link's own capacity, before any pool
DRV = "_fleet_drv_capacity_teu_year"  # the capacity last derived with the pools
DERIVED = ("gauge_mm", "links", "run_h", "cycle_h", "cycle_basis", "capacity_teu_year")
MAX_TEU_PER_PLATFORM = 4.0  # an 80-ft platform
DRV_POOL = "_drv_"  # + a derived column of fleets.csv: the value the last derivation wrote
#: what sets each derived column, and how its value reads: for the error on a value of the
#: user's that differs (a file) and on a scenario that would set it
SET_BY: dict[str, tuple[str, str]] = {
    "gauge_mm": ("from_id, to_id or via (the path follows)", "{:g} mm"),
    "links": ("from_id, to_id or via (the path follows)", "{}"),
    "run_h": ("from_id, to_id or via (the path follows)", "{:g} h"),
    "cycle_h": ("cycle_days (a published cycle) or turnaround_h", "{:g} h"),
    "cycle_basis": ("cycle_days (published when given, else derived)", "{}"),
    "capacity_teu_year": ("units, teu_per_unit, cycle_days or turnaround_h (capacity = units "
                          "x teu_per_unit x 8760 / cycle_h)", "{:,.0f} TEU/year"),
}


def _given(value: Any, last: Any) -> bool:
    """A value the user gave: filled, and not the one the last derivation wrote."""
    if _empty(value):
        return False
    return _empty(last) or not _same(value, last)


def _same(a: Any, b: Any) -> bool:
    """Equal as numbers within rounding (0.5 %, at least 1), else as text."""
    try:
        x, y = float(a), float(b)
    except (TypeError, ValueError):
        return str(a).strip() == str(b).strip()
    return abs(x - y) <= max(1.0, 0.005 * abs(y))


def _empty(v: Any) -> bool:
    return v is None or (isinstance(v, float) and v != v)


def _place_expected(pid: str, place_ids: list[str]) -> str:
    near = difflib.get_close_matches(str(pid), place_ids, n=3, cutoff=0.6)
    hint = f" (did you mean {', '.join(repr(x) for x in near)}?)" if near else ""
    return "the id of a place in nodes.csv" + hint


def _via(cell: Any) -> list[str]:
    if _empty(cell):
        return []
    return [t.strip() for t in str(cell).replace(",", ";").split(";") if t.strip()]


def _run_hours(tables: dict[str, pd.DataFrame], links: pd.DataFrame) -> np.ndarray:
    """One-way running time (h) of each row of ``links``, as routing times it with the
    data's own speeds (:func:`tcroute.engine.link_run_h`)."""
    from .engine import link_run_h

    return link_run_h(links, tables["modes"].set_index("mode"))


def _border_hours(tables: dict[str, pd.DataFrame]) -> dict[tuple[str, str, str], float]:
    """Block-train dwell (h) per (link id, from country, to country) of every rail link
    between two countries, by the rules of ``borders.csv`` as routing matches them."""
    from .engine import _border_arrays

    borders, links = tables.get("borders"), tables["links"]
    if borders is None or borders.empty:
        return {}
    country = tables["places"].drop_duplicates("id").set_index("id")["country"]
    rail = links[links["mode"] == "rail"]
    ca = rail["from_id"].map(country).to_numpy(dtype=object)
    cb = rail["to_id"].map(country).to_numpy(dtype=object)
    cross = pd.notna(ca) & pd.notna(cb) & (ca != cb)
    ids = rail["id"].to_numpy(dtype=object)[cross]
    ids, frm, to = (np.concatenate([ids, ids]), np.concatenate([ca[cross], cb[cross]]),
                    np.concatenate([cb[cross], ca[cross]]))
    dwell, _fee, rule = _border_arrays(borders, ids, frm, to,
                                       np.full(len(ids), "rail", dtype=object))
    return {(lid, x, y): float(d) for lid, x, y, d, r in zip(ids, frm, to, dwell, rule,
                                                              strict=True) if r is not None}


class _RailPaths:
    """Fastest rail paths of one gauge between places, on the links of given statuses."""

    def __init__(self, tables: dict[str, pd.DataFrame], statuses: tuple[str, ...]) -> None:
        links = tables["links"]
        rail = links[(links["mode"] == "rail") & links["status"].isin(statuses)]
        run = _run_hours(tables, rail)
        country = tables["places"].drop_duplicates("id").set_index("id")["country"]
        border = _border_hours(tables)
        gauge = pd.to_numeric(rail["gauge_mm"], errors="coerce").to_numpy(dtype=float)
        one = rail["oneway"].map(lambda v: bool(v) if not _empty(v) else False).to_numpy(
            dtype=bool)
        ids, a, b = (rail[c].to_numpy(dtype=object) for c in ("id", "from_id", "to_id"))
        ca, cb = a.copy(), b.copy()
        ca[:] = pd.Series(a).map(country).to_numpy(dtype=object)
        cb[:] = pd.Series(b).map(country).to_numpy(dtype=object)
        ok = ~np.isnan(gauge) & np.isfinite(run)
        ways = pd.DataFrame({
            "u": np.concatenate([a, b]), "v": np.concatenate([b, a]),
            "link": np.concatenate([ids, ids]), "gauge": np.concatenate([gauge, gauge]),
            "run": np.concatenate([run, run]),
            "border": [border.get((lid, x, y), 0.0) for lid, x, y in zip(
                np.concatenate([ids, ids]), np.concatenate([ca, cb]), np.concatenate([cb, ca]),
                strict=True)],
            "keep": np.concatenate([ok, ok & ~one])})
        ways = ways[ways["keep"]].assign(weight=lambda d: d["run"] + d["border"])
        # of parallel links the fastest: added last, it wins
        ways = ways.sort_values("weight", ascending=False, kind="stable")
        self.graphs: dict[int, nx.DiGraph] = {}
        for g, grp in ways.groupby("gauge", sort=False):
            graph = nx.DiGraph()
            graph.add_edges_from(
                (u, v, {"weight": w, "link": lid}) for u, v, w, lid in zip(
                    grp["u"], grp["v"], grp["weight"], grp["link"], strict=True))
            self.graphs[int(g)] = graph

    @staticmethod
    def cached(tables: dict[str, pd.DataFrame], graphs: dict[tuple[str, ...], _RailPaths]
               ) -> _RailPaths:
        """The paths over every link whatever its status, built once into ``graphs``."""
        if S.STATUSES not in graphs:
            graphs[S.STATUSES] = _RailPaths(tables, S.STATUSES)
        return graphs[S.STATUSES]

    def path(self, stops: list[str]) -> tuple[int, list[str], float, float] | None:
        """(gauge, link ids, one-way hours out, hours back) of the fastest path through
        ``stops`` on one gauge, or None. The run is the mean of the two ways (each with its
        own border rules); a one-way path has no way back and gives None."""
        best: tuple[int, list[str], float, float] | None = None
        for gauge, graph in self.graphs.items():
            if not all(s in graph for s in stops):
                continue
            try:
                out = back = 0.0
                ids: list[str] = []
                for u, v in pairwise(stops):
                    nodes = nx.dijkstra_path(graph, u, v, weight="weight")
                    for x, y in pairwise(nodes):
                        out += graph[x][y]["weight"]
                        back += graph[y][x]["weight"]
                        ids.append(graph[x][y]["link"])
            except (nx.NetworkXNoPath, KeyError):
                continue
            if best is None or out < best[2]:
                best = (gauge, ids, out, back)
        return best


def validate(tables: dict[str, pd.DataFrame], problems: list[Problem]) -> None:
    """Row checks of fleets.csv against the places and the rail network."""
    fleets = tables.get("fleets")
    if fleets is None or fleets.empty or "places" not in tables or "links" not in tables:
        return
    place_ids = list(tables["places"]["id"].dropna().unique())
    known = set(place_ids)
    for _, row in fleets.iterrows():
        stops = [row["from_id"], *_via(row.get("via")), row["to_id"]]
        for col, pid in [("from_id", row["from_id"]), *(("via", v) for v in stops[1:-1]),
                         ("to_id", row["to_id"])]:
            if not _empty(pid) and pid not in known:
                problems.append(_p(row, col, repr(pid), _place_expected(pid, place_ids)))
        if row["from_id"] == row["to_id"] and not _empty(row["from_id"]):
            problems.append(_p(row, "to_id", f"{row['to_id']!r} (same as from_id)",
                               "a different place: a pool works a path between two places"))
        if row["unit"] == "platform" and not _empty(row["teu_per_unit"]) and \
                float(row["teu_per_unit"]) > MAX_TEU_PER_PLATFORM:
            problems.append(_p(row, "teu_per_unit", f"{float(row['teu_per_unit']):g}",
                               "at most 4 TEU on a platform (40-ft: 2, 80-ft: 4)"))
        if _empty(row["cycle_days"]) and _empty(row["turnaround_h"]):
            problems.append(_p(row, "turnaround_h", "an empty cell",
                               "the hours at the two ends of a cycle together (loading, "
                               "unloading, waiting for a load), or a published cycle_days"))


def derive(tables: dict[str, pd.DataFrame], problems: list[Problem] | None = None
           ) -> dict[str, pd.DataFrame]:
    """The pools' derived columns, and each rail link's capacity under its ``all_stock``
    pools. Returns new tables; the input is not changed.

    A pool without a path is idle when closed links cut it; when the data give it no path
    at all (whatever the links' status), that is a problem, added to ``problems``."""
    out = dict(tables)
    links = tables["links"].copy()
    cap = pd.to_numeric(links["capacity_teu_year"], errors="coerce").astype(float)
    if INFRA in links:
        infra = pd.to_numeric(links[INFRA], errors="coerce").astype(float)
        drv = pd.to_numeric(links[DRV], errors="coerce").astype(float)
        same = (cap == drv) | (cap.isna() & drv.isna())
        # a capacity a scenario set on the link is its new own capacity
        cap = infra.where(same, cap)
    links[INFRA] = cap
    links["capacity_teu_year"] = cap
    links["fleets"] = None
    links["fleets"] = links["fleets"].astype(object)
    fleets = tables.get("fleets")
    if fleets is not None and len(fleets):
        fleets = fleets.copy()
        # values in derived columns that the last derivation did not write: a user's (a file,
        # an extension folder); checked against the derivation below, never silently dropped
        given = {col: [None if not _given(v, fleets.at[i, DRV_POOL + col]
                                          if DRV_POOL + col in fleets else None) else v
                       for i, v in zip(fleets.index, fleets[col], strict=True)]
                 for col in DERIVED}
        for col in DERIVED:
            fleets[col] = None
            fleets[col] = fleets[col].astype(object)
        graphs: dict[tuple[str, ...], _RailPaths] = {}
        pooled: dict[str, float] = {}
        names: dict[str, list[str]] = {}
        for i, row in fleets.iterrows():
            statuses = ("open", "planned") if row["status"] == "planned" else ("open",)
            if statuses not in graphs:
                graphs[statuses] = _RailPaths(tables, statuses)
            stops = [row["from_id"], *_via(row.get("via")), row["to_id"]]
            found = graphs[statuses].path(stops)
            if found is None:
                # a path the data cannot give at all is an error; one that closed links cut
                # (a scenario, a criticality run) only idles the pool
                if problems is not None and _RailPaths.cached(tables, graphs).path(
                        stops) is None:
                    problems.append(_p(
                        row, "to_id", "no rail path of one gauge, usable both ways, through "
                        + " -> ".join(repr(s) for s in stops),
                        "places joined by rail links of one gauge usable both ways (platforms "
                        "and locomotives do not change gauge: a pool ends at a gauge change)"))
                continue
            gauge, ids, out_h, back_h = found
            run = 0.5 * (out_h + back_h)
            if not _empty(row["cycle_days"]):
                cycle, basis = 24.0 * float(row["cycle_days"]), "published"
            else:
                cycle, basis = out_h + back_h + float(row["turnaround_h"]), "derived"
            cycle = round(cycle, 1)  # the capacity is the one the table's cycle gives
            capacity = float(row["units"]) * float(row["teu_per_unit"]) * HOURS_PER_YEAR / cycle
            for col, val in zip(DERIVED, (gauge, ";".join(ids), round(run, 1), cycle, basis,
                                          float(round(capacity))), strict=True):
                fleets.at[i, col] = val
                mine = given[col][fleets.index.get_loc(i)]
                if problems is not None and mine is not None and not _same(mine, val):
                    what, shown = SET_BY[col]
                    problems.append(_p(row, col, repr(mine), (
                        f"an empty cell: the loader derives {col} ({shown.format(val)} here); "
                        f"to change it, set {what}")))
            if row["status"] == "open" and row["scope"] == "all_stock":
                for lid in dict.fromkeys(ids):
                    pooled[lid] = pooled.get(lid, 0.0) + capacity
                    names.setdefault(lid, []).append(str(row["id"]))
        for col in ("gauge_mm", "units", "year"):
            fleets[col] = pd.to_numeric(fleets[col]).astype("Int64")
        for col in DERIVED:
            fleets[DRV_POOL + col] = fleets[col]
        for col in ("run_h", "cycle_h", "capacity_teu_year"):
            fleets[col] = pd.to_numeric(fleets[col]).astype(float)
        out["fleets"] = fleets
        if pooled:
            ids = links["id"]
            fleet_cap = ids.map(pooled).astype(float)
            has = fleet_cap.notna()
            links.loc[has, "capacity_teu_year"] = np.fmin(
                cap[has].to_numpy(), np.round(fleet_cap[has].to_numpy()))
            links.loc[has, "fleets"] = ids[has].map(lambda x: ";".join(names[x]))
    links[DRV] = links["capacity_teu_year"]
    out["links"] = links
    return out


def fleet_bound(links: pd.DataFrame) -> pd.Series:
    """Rail links whose capacity their ``all_stock`` pools set: the pools carry less than the
    line (or the line's capacity is unknown)."""
    cap = pd.to_numeric(links["capacity_teu_year"], errors="coerce")
    if "fleets" not in links:
        return pd.Series(False, index=links.index)
    infra = pd.to_numeric(links[INFRA], errors="coerce") if INFRA in links else cap
    return links["fleets"].notna() & cap.notna() & (infra.isna() | (cap < infra))


def queue_shares(tables: dict[str, pd.DataFrame]) -> dict[str, float]:
    """Per rail link whose capacity its rolling stock sets: the share of the pool's wait a
    container bears on that link, its running time over the whole path's.

    A container waits once for a platform or a locomotive, not once per link of the path;
    spread by running time, a container that rides the whole path bears the pool's queue
    once, and one that rides part of it bears that part (the platform-hours it uses)."""
    links, fleets = tables["links"], tables.get("fleets")
    if fleets is None or fleets.empty or "fleets" not in links:
        return {}
    bound = fleet_bound(links)
    if not bound.any():
        return {}
    run = dict(zip(links["id"], _run_hours(tables, links), strict=True))
    out: dict[str, float] = {}
    active = {p for cell in links.loc[bound, "fleets"] for p in str(cell).split(";")}
    for pid, path in zip(fleets["id"], fleets["links"], strict=True):
        if pid not in active or _empty(path):
            continue
        ids = str(path).split(";")
        total = sum(run[x] for x in ids)
        for x in ids:
            out[x] = max(out.get(x, 0.0), run[x] / total if total > 0 else 1.0 / len(ids))
    limited = set(links.loc[bound, "id"])
    return {x: s for x, s in out.items() if x in limited}
