"""Investment appraisal: what corridor projects buy, alone and together.

A *project* is a row of ``data/projects/projects.csv`` (lever, capital cost, opening year,
status, sources) whose effect on the network is a scenario file (``data/projects/effects/``,
the format of :mod:`tcroute.scenarios`). :func:`appraise` compares the network with and without
projects for a container demand and returns, per project and for the programme, the change in
generalised cost for shippers (consumer surplus, rule of a half for induced traffic), the
capacity unlocked for that demand, CO2, optionally the change in P90 transit time, and NPV,
benefit-cost ratio and first-year return. :meth:`AppraisalResult.interactions` and
:meth:`AppraisalResult.best_portfolio` answer which projects need each other and which set is
best for a budget.

Method (see docs/methodology.md, "Appraisal"):

* For a network state, each origin-destination pair's demand ``T`` is assigned with
  :func:`tcroute.assign` (at equilibrium, queues included, by default; optionally
  incrementally, with capacity as a wall). The served part pays
  its routes' generalised cost per TEU ``c_r`` (money + value of time x hours); the part the
  network cannot carry pays the shipper's *outside option* ``c_o`` (by default the sea route,
  door to door, on the network without projects, and never less than what the pair's served
  TEU pay there); a served TEU never pays more than ``c_o`` (if its route's queue makes it
  dearer, it would take the outside option). The pair's average cost is
  ``C = (served * c_r + unserved * c_o) / T``.
* The user benefit of a project state over the base state is
  ``(C0 - C1) * (T0 + T1) / 2`` summed over pairs, where ``T1 = T0 * (C1 / C0) ** elasticity``
  (``elasticity=0``, the default, keeps demand fixed). CO2 is valued at
  ``co2_price_usd_per_t`` on the change in total emissions.
* Benefits start in the opening year, are interpolated linearly between the years for which
  demand is given and held flat after the last; capital cost is spread evenly over the
  construction years; both are discounted to the first year of the period.
"""

from __future__ import annotations

import csv
import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ._data import shipped_folder
from .costs import CostModel
from .errors import AppraisalError, DataFileError, Problem, ScenarioError

if TYPE_CHECKING:
    from .network import Network

__all__ = ["AppraisalError", "AppraisalResult", "appraise", "load_projects", "project_dir"]

#: The levers of the EU-Central Asia transport connectivity programme (Investors Forum,
#: January 2024) a project can pull.
LEVERS = ("rail_road", "rolling_stock", "port_capacity", "border_crossing", "multimodal_hub")
STATUSES = ("planned", "under_construction", "completed")
PROGRAMMES = ("global_gateway", "world_bank_2030", "adb_carec", "national")
COLUMNS = ["id", "name", "lever", "countries", "programme", "status", "capex", "currency",
           "capex_usd", "start_year", "opening_year", "effects", "source", "note"]
REQUIRED = ["id", "name", "lever", "status", "capex_usd", "opening_year", "source"]

#: Default social discount rate: between the EU CBA guide's 3-5 % and the 9 % ADB uses for
#: transport projects in the region; set it to your institution's rate.
DEFAULT_DISCOUNT_RATE = 0.06
#: Default carbon price, USD per tonne CO2e: about the EU ETS price of 2024-2025 (EUR 65-90/t).
DEFAULT_CO2_PRICE_USD_PER_T = 80.0


def project_dir() -> Path:
    """Folder of the project programme shipped with tcroute.

    Examples
    --------
    >>> (project_dir() / "projects.csv").is_file()
    True
    """
    return shipped_folder("tcroute.project_data", "projects.csv", "projects")


def _year(text: str) -> int | None:
    try:
        y = int(text)
    except ValueError:
        return None
    return y if 1990 <= y <= 2100 else None


def load_projects(folder: str | Path | None = None) -> pd.DataFrame:
    """The investment projects of a programme, one row per project.

    Parameters
    ----------
    folder : path, optional
        A folder with ``projects.csv`` and ``effects/<name>.csv`` (the shipped programme by
        default). An ``effects`` cell names a scenario file in ``effects/`` or a shipped
        scenario; completed projects may leave it empty.

    Returns
    -------
    DataFrame
        Indexed by ``id``: name, lever, countries, programme, status, capex (in ``currency``),
        capex_usd, start_year, opening_year, effects, effects_path, source, note.

    Raises
    ------
    DataFileError
        A malformed row: file, line, column and what was expected.

    Examples
    --------
    >>> import tcroute
    >>> p = tcroute.load_projects()
    >>> bool((p["capex_usd"] > 0).all()), "aktau_container_hub" in p.index
    (True, True)
    """
    from .scenarios import _resolve_path

    base = Path(folder) if folder is not None else project_dir()
    path = base / "projects.csv"
    if not path.is_file():
        raise DataFileError([Problem(str(path), None, None, "no such file",
                                     "a projects.csv in the folder")], folder=str(base))
    fname = path.name
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        rows = [(reader.line_num, r) for r in reader]
    if not rows:
        raise DataFileError([Problem(fname, None, None, "an empty file",
                                     "a header line and rows")], folder=str(base))
    header = [h.strip() for h in rows[0][1]]
    problems = [Problem(fname, 1, c, "no such column", f"a column named {c!r}")
                for c in REQUIRED if c not in header]
    unknown = [c for c in header if c not in COLUMNS and not c.startswith("x_")]
    problems += [Problem(fname, 1, c, "an unknown column",
                         "one of " + ", ".join(COLUMNS) + " (or a user column named x_...)")
                 for c in unknown]
    if problems:
        raise DataFileError(problems, folder=str(base))
    records = []
    seen: set[str] = set()
    for line, raw in rows[1:]:
        if not any(x.strip() for x in raw):
            continue
        rec = dict(zip(header, [x.strip() for x in raw], strict=False))
        rec = {c: rec.get(c, "") for c in COLUMNS}

        def bad(col: str, got: str, expected: str, line: int = line) -> None:
            problems.append(Problem(fname, line, col, repr(got) if got else "an empty cell",
                                    expected))

        for col in REQUIRED:
            if not rec[col]:
                bad(col, "", "a value")
        if rec["id"] in seen:
            bad("id", rec["id"], "an id not used by an earlier row")
        seen.add(rec["id"])
        if rec["lever"] and rec["lever"] not in LEVERS:
            bad("lever", rec["lever"], "one of " + ", ".join(LEVERS))
        if rec["status"] and rec["status"] not in STATUSES:
            bad("status", rec["status"], "one of " + ", ".join(STATUSES))
        progs = [p for p in rec["programme"].split(";") if p]
        if any(p not in PROGRAMMES for p in progs):
            bad("programme", rec["programme"], "a ;-list of " + ", ".join(PROGRAMMES))
        try:
            capex_usd = float(rec["capex_usd"])
            if not (math.isfinite(capex_usd) and capex_usd > 0):
                raise ValueError
        except ValueError:
            capex_usd = math.nan
            if rec["capex_usd"]:
                bad("capex_usd", rec["capex_usd"], "a positive number of US dollars")
        opening = _year(rec["opening_year"])
        if rec["opening_year"] and opening is None:
            bad("opening_year", rec["opening_year"], "a year between 1990 and 2100")
        start = _year(rec["start_year"]) if rec["start_year"] else None
        if rec["start_year"] and start is None:
            bad("start_year", rec["start_year"], "a year between 1990 and 2100")
        if start is not None and opening is not None and start > opening:
            bad("start_year", rec["start_year"], f"a year not after the opening year {opening}")
        effects_path = None
        if rec["effects"]:
            local = base / "effects" / f"{rec['effects']}.csv"
            try:
                effects_path = str(local if local.is_file() else _resolve_path(rec["effects"]))
            except ScenarioError:
                bad("effects", rec["effects"],
                    "the name of a file in effects/ (without .csv) or of a shipped scenario")
        elif rec["status"] != "completed":
            bad("effects", "", "the scenario that expresses the project's effect "
                               "(only completed projects may leave it empty)")
        records.append({**rec, "countries": tuple(c for c in rec["countries"].split(";") if c),
                        "programme": tuple(progs), "capex_usd": capex_usd,
                        "capex": float(rec["capex"]) if _is_number(rec["capex"]) else math.nan,
                        "start_year": start, "opening_year": opening,
                        "effects_path": effects_path})
    if problems:
        raise DataFileError(problems, folder=str(base))
    df = pd.DataFrame(records, columns=[*COLUMNS, "effects_path"]).set_index("id")
    return df


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


# --------------------------------------------------------------------------- evaluation
def _demand_frame(network: Network, demand: Any) -> pd.DataFrame:
    from .assignment import _demand_frame as frame

    df = frame(network, demand)
    return df.groupby(["origin", "destination"], as_index=False, sort=True)["teu_year"].sum()


def _one_class(by_year: Mapping[int, Any], constraints: dict[str, Any]
               ) -> tuple[dict[int, Any], dict[str, Any]]:
    """Demand tables with a per-row ``avoid_countries`` (shipper classes, as
    :func:`tcroute.load_demand` gives): one set for every row becomes a routing constraint;
    several sets are refused with what to do instead."""
    from .assignment import _country_list

    sets: set[tuple[str, ...]] = set()
    clean: dict[int, Any] = {}
    for year, d in by_year.items():
        if isinstance(d, pd.DataFrame) and "avoid_countries" in d.columns:
            sets |= {_country_list(v) for v in d["avoid_countries"]}
            d = d.drop(columns="avoid_countries")
        clean[year] = d
    if len(sets) > 1:
        shown = ", ".join(";".join(s) or "none" for s in sorted(sets))
        raise AppraisalError(
            f"the demand's shipper classes avoid different countries ({shown}): appraise one "
            "class at a time, e.g. demand[demand['avoid_countries'] == 'RU;BY;IR'] (a project's "
            "benefit to each class is then its own row of results)")
    if sets:
        given = [c.upper() for c in constraints.get("avoid_countries") or []]
        constraints = {**constraints,
                       "avoid_countries": sorted(set(given) | set(next(iter(sets))))}
    return clean, constraints


@dataclass
class _State:
    """Per pair: demand, served, and what a TEU pays on its route and outside the network."""

    od: pd.DataFrame  # origin, destination, teu_year, served, gen, time_h, cost_usd, co2_kg, ...
    saturated: list[str]

    def average(self, col: str, outside: pd.DataFrame) -> np.ndarray:
        """A pair's ``col`` per TEU over its whole demand: served TEU at their route's value,
        the rest at the outside option's. A served TEU whose route costs more than the
        outside option (a long queue at equilibrium) would take the outside option instead,
        so it counts at the outside option's value."""
        served = self.od["served"].to_numpy()
        t = self.od["teu_year"].to_numpy()
        unserved = t - served
        out = outside[col].to_numpy()
        dearer = self.od["gen"].to_numpy() > outside["gen"].to_numpy()
        route = np.where(dearer, out, self.od[col].to_numpy())
        route = np.where(served > 0, route, 0.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(t > 0, (served * route + unserved * out) / t, 0.0)


class _Appraiser:
    """Evaluates network states (sets of projects) for a demand, with a cache."""

    def __init__(self, network: Network, projects: pd.DataFrame,
                 demand: Mapping[int, pd.DataFrame], *, model: CostModel,
                 elasticity: float, reliability: bool, reliability_draws: int,
                 outside: Mapping[int, pd.DataFrame], constraints: Mapping[str, Any],
                 co2_price_usd_per_t: float, executor: Executor | None,
                 method: str) -> None:
        self.network = network
        self.projects = projects
        self.demand = demand
        self.model = model
        self.elasticity = elasticity
        self.reliability = reliability
        self.draws = reliability_draws
        self.outside = outside
        self.constraints = dict(constraints)
        self.co2_price = co2_price_usd_per_t
        self.method = method
        self.executor = executor
        #: each year's outside options, given to the equilibrium (elastic demand) once known
        self.assign_outside: dict[int, pd.DataFrame] = {}
        self._states: dict[tuple[frozenset[str], int], _State] = {}
        self._annual: dict[tuple[frozenset[str], int], dict[str, float]] = {}
        self._nets: dict[frozenset[str], Network] = {}

    # -- network states
    def net(self, active: frozenset[str]) -> Network:
        if active not in self._nets:
            from .scenarios import apply_scenario, read_scenario

            net = self.network
            for pid in sorted(active, key=lambda p: (self.projects.loc[p, "opening_year"], p)):
                net = apply_scenario(net, read_scenario(self.projects.loc[pid, "effects_path"]))
            self._nets[active] = net
        return self._nets[active]

    def state(self, active: frozenset[str], year: int,
              demand: pd.DataFrame | None = None) -> _State:
        key = (active, year)
        if demand is None and key in self._states:
            return self._states[key]
        st = _evaluate(self.net(active), self.demand[year] if demand is None else demand,
                       self.model, self.constraints, self.reliability, self.draws, self.method,
                       self.assign_outside.get(year))
        if demand is None:
            self._states[key] = st
        return st

    def prefetch(self, keys: Iterable[tuple[frozenset[str], int]]) -> None:
        todo = [k for k in dict.fromkeys(keys) if k not in self._states]
        if not todo:
            return
        if self.executor is None:
            for a, y in todo:
                self.state(a, y)
            return
        futures = [self.executor.submit(_evaluate, self.net(a), self.demand[y], self.model,
                                        self.constraints, self.reliability, self.draws,
                                        self.method, self.assign_outside.get(y))
                   for a, y in todo]
        for k, f in zip(todo, futures, strict=True):
            self._states[k] = f.result()

    # -- benefits
    def annual(self, active: frozenset[str], year: int) -> dict[str, float]:
        """Benefits in one modelled year of the state ``active`` over the base state."""
        if (active, year) not in self._annual:
            self._annual[(active, year)] = self._benefits(active, year)
        return dict(self._annual[(active, year)])

    def _benefits(self, active: frozenset[str], year: int) -> dict[str, float]:
        base = self.state(frozenset(), year)
        if not active:
            return dict.fromkeys((*_BENEFIT_KEYS, "co2_value_usd"), 0.0)
        proj = self.state(active, year)
        out = self.outside[year]
        c0 = base.average("gen", out)
        c1 = proj.average("gen", out)
        t0 = base.od["teu_year"].to_numpy()
        if self.elasticity != 0.0:
            with np.errstate(invalid="ignore", divide="ignore"):
                ratio = np.where((c0 > 0) & (c1 > 0), c1 / c0, 1.0)
            t1 = t0 * ratio ** self.elasticity
            dem = base.od[["origin", "destination"]].assign(teu_year=t1)
            proj = self.state(active, year, demand=dem)
            c1 = proj.average("gen", out)
        else:
            t1 = t0
        half = (t0 + t1) / 2
        m0, m1 = base.average("cost_usd", out), proj.average("cost_usd", out)
        h0, h1 = base.average("time_h", out), proj.average("time_h", out)
        e0, e1 = base.average("co2_kg", out), proj.average("co2_kg", out)
        co2_saved_t = float(np.sum(t0 * e0 - t1 * e1)) / 1000.0
        changed = (base.od["routes"].to_numpy() != proj.od["routes"].to_numpy())
        res = {
            "user_benefit_usd": float(np.sum((c0 - c1) * half)),
            "money_saved_usd": float(np.sum((m0 - m1) * half)),
            "time_saved_teu_h": float(np.sum((h0 - h1) * half)),
            "co2_saved_t": co2_saved_t,
            "capacity_unlocked_teu_year": float(proj.od["served"].sum() - base.od["served"].sum()),
            "diverted_teu_year": float(proj.od["served"].to_numpy()[changed].sum()),
            "p90_days_saved": math.nan,
            "co2_value_usd": co2_saved_t * self.co2_price,
        }
        if self.reliability:
            w = base.od["served"].to_numpy()
            if w.sum() > 0:
                res["p90_days_saved"] = float(
                    np.nansum((base.od["p90_days"].to_numpy() - proj.od["p90_days"].to_numpy())
                              * w) / w.sum())
        return res


_BENEFIT_KEYS = ("user_benefit_usd", "money_saved_usd", "time_saved_teu_h", "co2_saved_t",
                 "capacity_unlocked_teu_year", "diverted_teu_year", "p90_days_saved")


def _evaluate(network: Network, demand: pd.DataFrame, model: CostModel,
              constraints: Mapping[str, Any], reliability: bool, draws: int,
              method: str, outside: pd.DataFrame | None = None) -> _State:
    """Assign ``demand`` on ``network`` and price what each pair's served TEU pay.

    With the equilibrium, a pair pays its routes' time and money at equilibrium (queueing
    delay included, so congestion relief counts), and its TEU take their outside option
    (``outside``: generalised USD per TEU by pair) once the network costs them more; with the
    incremental loading (capacity as a wall), its best route's.
    """
    from .assignment import assign

    dem = demand[demand["teu_year"] > 0]
    if method == "equilibrium" and outside is not None:
        alt = outside.set_index(["origin", "destination"])["gen"]
        dem = dem.assign(outside_usd_per_teu=[
            float(alt.get((o, d), math.nan))
            for o, d in zip(dem["origin"], dem["destination"], strict=True)])
    res = assign(network, dem, method=method, weight="generalized", cost_model=model,
                 **constraints)
    served = res.od.groupby(["origin", "destination"])["served_teu_year"].sum()
    routes = res.od.groupby(["origin", "destination"])["routes"].agg(
        lambda s: " | ".join(sorted(set(" | ".join(s).split(" | ")) - {""})))
    od = demand[["origin", "destination", "teu_year"]].reset_index(drop=True).copy()
    keys = list(zip(od["origin"], od["destination"], strict=True))
    od["served"] = [float(served.get(k, 0.0)) for k in keys]
    od["routes"] = [routes.get(k, "") for k in keys]
    priced = _price(network, od, model, constraints)
    od = od.merge(priced, on=["origin", "destination"], how="left")
    if method == "equilibrium":
        eq = res.od[res.od["served_teu_year"] > 0].copy()
        eq["w_time"] = eq["time_h"] * eq["served_teu_year"]
        eq["w_cost"] = eq["cost_usd"] * eq["served_teu_year"]
        g = eq.groupby(["origin", "destination"])[["w_time", "w_cost", "served_teu_year"]].sum()
        for i, k in enumerate(keys):
            if k in g.index and g.loc[k, "served_teu_year"] > 0:
                t = g.loc[k, "w_time"] / g.loc[k, "served_teu_year"]
                c = g.loc[k, "w_cost"] / g.loc[k, "served_teu_year"]
                od.loc[i, ["time_h", "cost_usd", "gen"]] = [
                    t, c, c + model.value_of_time_usd_per_teu_h * t]
    if reliability:
        from .reliability import transit_time_distribution

        p90 = []
        for o, d, s in zip(od["origin"], od["destination"], od["served"], strict=True):
            if s <= 0:
                p90.append(math.nan)
                continue
            r = transit_time_distribution(network, (o, d), draws=draws, seed=20240101,
                                          weight="generalized", cost_model=model,
                                          **constraints)
            p90.append(float(r.p90_days))
        od["p90_days"] = p90
    return _State(od, list(res.saturation_order))


def _price(network: Network, od: pd.DataFrame, model: CostModel,
           constraints: Mapping[str, Any]) -> pd.DataFrame:
    """Generalised cost, time, money and CO2 per TEU of each pair's best route."""
    from .engine import od_matrix

    origins = sorted(set(od["origin"]))
    dests = sorted(set(od["destination"]))
    m = od_matrix(network, origins, dests, weight="generalized", cost_model=model,
                  **constraints)
    m = m.rename(columns={"weight": "gen"})
    m.loc[m["status"] != "ok", ["gen", "time_h", "cost_usd", "co2_kg"]] = math.nan
    return m[["origin", "destination", "gen", "time_h", "cost_usd", "co2_kg"]]


def _outside_option(network: Network, od: pd.DataFrame, model: CostModel,
                    given: float | None, floor: pd.DataFrame) -> pd.DataFrame:
    """What a TEU pays when the network (with its corridor constraints) cannot carry it.

    ``floor`` is what each pair's served TEU pay in the base state: the demand is demand for
    the corridor, so its shippers' outside option costs them at least that much.
    """
    out = od[["origin", "destination"]].copy()
    if given is not None:
        out["gen"] = float(given)
        out["cost_usd"] = float(given)
        out["time_h"] = 0.0
        out["co2_kg"] = 0.0
        return out
    by_sea = _price(network, out, model, {"modes": ["sea", "road"]})
    anyhow = _price(network, out, model, {})
    own = floor[["origin", "destination", "gen", "time_h", "cost_usd", "co2_kg"]]
    merged = out.merge(by_sea, on=["origin", "destination"], how="left").merge(
        anyhow, on=["origin", "destination"], how="left", suffixes=("", "_any")).merge(
        own, on=["origin", "destination"], how="left", suffixes=("", "_own"))
    for col in ("gen", "time_h", "cost_usd", "co2_kg"):
        merged[col] = merged[col].fillna(merged[f"{col}_any"])
    dearer = merged["gen_own"] > merged["gen"]
    for col in ("gen", "time_h", "cost_usd", "co2_kg"):
        merged.loc[dearer, col] = merged.loc[dearer, f"{col}_own"]
    missing = merged[merged["gen"].isna()]
    if len(missing):
        pairs = ", ".join(f"{o}->{d}" for o, d in
                          zip(missing["origin"], missing["destination"], strict=True))
        raise AppraisalError(f"no outside option for {pairs}: these pairs have no route at all; "
                             "give outside_cost_usd_per_teu")
    return merged[["origin", "destination", "gen", "time_h", "cost_usd", "co2_kg"]]


# --------------------------------------------------------------------------- money over time
@dataclass(frozen=True)
class _Period:
    first: int
    last: int
    rate: float

    @property
    def years(self) -> range:
        return range(self.first, self.last + 1)

    def factor(self, year: int) -> float:
        return 1.0 / (1.0 + self.rate) ** (year - self.first)


def _capex_schedule(row: pd.Series, period: _Period) -> dict[int, float]:
    """Capital cost by year: spread evenly over the construction years inside the period."""
    opening = int(row["opening_year"])
    start = int(row["start_year"]) if pd.notna(row["start_year"]) else opening - 1
    first = max(start, period.first)
    last = max(opening - 1, first)
    years = list(range(first, last + 1))
    return {y: float(row["capex_usd"]) / len(years) for y in years}


@dataclass
class AppraisalResult:
    """The result of :func:`appraise`.

    Attributes
    ----------
    projects : DataFrame
        One row per project appraised alone against the base: capex_usd, opening_year, the
        first full year's benefits (user_benefit_usd, money_saved_usd, time_saved_teu_h,
        co2_saved_t, capacity_unlocked_teu_year, diverted_teu_year, p90_days_saved),
        pv_benefit_usd, pv_cost_usd, npv_usd, bcr, fyrr (first-year benefit / capex), and
        marginal_npv_usd (the programme's NPV with the project minus without it).
    programme : DataFrame
        One row: all the projects together.
    settings : dict
        The period, discount rate, value of time, CO2 price, elasticity and outside option.
    """

    projects: pd.DataFrame
    programme: pd.DataFrame
    settings: dict[str, Any]
    _appraiser: _Appraiser = field(repr=False)
    _period: _Period = field(repr=False)

    def to_frame(self) -> pd.DataFrame:
        """Projects and the programme in one table (the programme as the last row)."""
        return pd.concat([self.projects, self.programme])

    # -- sets of projects
    def _pv(self, chosen: frozenset[str]) -> tuple[float, float, dict[str, float]]:
        return _present_values(self._appraiser, chosen, self._period)

    def interactions(self) -> pd.DataFrame:
        """Pairs of projects that pay more (or less) together than apart.

        Returns
        -------
        DataFrame
            One row per pair: pv_benefit_usd of each alone, of both together, and
            ``interaction_usd`` = together - alone - alone (positive: they need each other;
            negative: they compete for the same traffic), sorted by its size.
        """
        ids = list(self.projects.index)
        pairs = list(itertools.combinations(ids, 2))
        _prefetch_sets(self._appraiser, [frozenset(p) for p in pairs], self._period)
        rows = []
        for a, b in pairs:
            pa = self.projects.loc[a, "pv_benefit_usd"]
            pb = self.projects.loc[b, "pv_benefit_usd"]
            both = self._pv(frozenset((a, b)))[0]
            rows.append({"project_a": a, "project_b": b, "pv_benefit_a_usd": pa,
                         "pv_benefit_b_usd": pb, "pv_benefit_both_usd": both,
                         "interaction_usd": both - pa - pb})
        df = pd.DataFrame(rows, columns=["project_a", "project_b", "pv_benefit_a_usd",
                                         "pv_benefit_b_usd", "pv_benefit_both_usd",
                                         "interaction_usd"])
        order = df["interaction_usd"].abs().sort_values(ascending=False, kind="stable").index
        return df.loc[order].reset_index(drop=True)

    def best_portfolio(self, budget_usd: float, *, method: str = "greedy",
                       max_exhaustive: int = 12) -> pd.DataFrame:
        """The set of projects with the highest NPV whose capital cost fits a budget.

        Parameters
        ----------
        budget_usd : float
            Total capital cost allowed (undiscounted USD).
        method : {"greedy", "exhaustive"}
            ``greedy`` adds, one at a time, the project with the highest NPV gained per dollar
            given those already chosen, while it fits and gains; ``exhaustive`` tries every
            subset (at most ``max_exhaustive`` projects).

        Returns
        -------
        DataFrame
            The chosen projects in the order chosen (greedy) or by opening year, with
            capex_usd, the cumulative capex and the portfolio's NPV after each.
        """
        if not (isinstance(budget_usd, int | float) and budget_usd >= 0):
            raise AppraisalError(f"budget_usd must be a number >= 0, got {budget_usd!r}")
        ids = list(self.projects.index)
        capex = self.projects["capex_usd"].to_dict()

        def npv(s: frozenset[str]) -> float:
            return _npv(self._appraiser, s, self._period)

        if method == "exhaustive":
            if len(ids) > max_exhaustive:
                raise AppraisalError(f"exhaustive search over {len(ids)} projects is "
                                     f"{2 ** len(ids):,} subsets; use method='greedy' or "
                                     f"appraise at most {max_exhaustive} projects")
            subsets = [frozenset(c) for k in range(1, len(ids) + 1)
                       for c in itertools.combinations(ids, k)
                       if sum(capex[i] for i in c) <= budget_usd + 1e-6]
            _prefetch_sets(self._appraiser, subsets, self._period)
            best: frozenset[str] = frozenset()
            best_npv = 0.0
            for s in subsets:
                v = npv(s)
                if v > best_npv + 1e-6 or (abs(v - best_npv) <= 1e-6 and len(s) < len(best)):
                    best, best_npv = s, v
            order = sorted(best, key=lambda i: (self.projects.loc[i, "opening_year"], i))
        elif method == "greedy":
            chosen: frozenset[str] = frozenset()
            order = []
            while True:
                room = budget_usd - sum(capex[i] for i in chosen)
                cands = [i for i in ids if i not in chosen and capex[i] <= room + 1e-6]
                if not cands:
                    break
                _prefetch_sets(self._appraiser, [chosen | {i} for i in cands], self._period)
                here = npv(chosen)
                gains = {i: (npv(chosen | {i}) - here) / capex[i] for i in cands}
                top = max(cands, key=lambda i: (gains[i], -ids.index(i)))
                if gains[top] <= 0:
                    break
                chosen = chosen | {top}
                order.append(top)
        else:
            raise AppraisalError(f"method must be 'greedy' or 'exhaustive', got {method!r}")
        rows = []
        acc: frozenset[str] = frozenset()
        for i in order:
            acc = acc | {i}
            rows.append({"project": i, "capex_usd": capex[i],
                         "cumulative_capex_usd": sum(capex[j] for j in acc),
                         "portfolio_npv_usd": npv(acc)})
        return pd.DataFrame(rows, columns=["project", "capex_usd", "cumulative_capex_usd",
                                           "portfolio_npv_usd"])


def _active_sets(app: _Appraiser, chosen: frozenset[str], period: _Period
                 ) -> dict[int, frozenset[str]]:
    """For each year of the period, the chosen projects open by then."""
    opening = app.projects["opening_year"]
    return {y: frozenset(p for p in chosen if int(opening[p]) <= y) for y in period.years}


def _prefetch_sets(app: _Appraiser, sets: Iterable[frozenset[str]], period: _Period) -> None:
    keys = []
    for s in sets:
        for a in set(_active_sets(app, s, period).values()):
            if a:
                keys += [(a, y) for y in app.demand]
    keys += [(frozenset(), y) for y in app.demand]
    app.prefetch(keys)


def _benefit_in(app: _Appraiser, active: frozenset[str], year: int) -> dict[str, float]:
    """Benefits of ``active`` in ``year``: interpolated between the modelled years."""
    years = sorted(app.demand)
    if year <= years[0]:
        return app.annual(active, years[0])
    if year >= years[-1]:
        return app.annual(active, years[-1])
    hi = next(y for y in years if y >= year)
    lo = max(y for y in years if y <= year)
    if hi == lo:
        return app.annual(active, lo)
    a, b = app.annual(active, lo), app.annual(active, hi)
    w = (year - lo) / (hi - lo)
    return {k: (1 - w) * a[k] + w * b[k] for k in a}


def _present_values(app: _Appraiser, chosen: frozenset[str], period: _Period
                    ) -> tuple[float, float, dict[str, float]]:
    """PV of benefits, PV of capital cost, and the benefits of the first year all are open."""
    pv_b = 0.0
    for y, active in _active_sets(app, chosen, period).items():
        if active:
            b = _benefit_in(app, active, y)
            pv_b += (b["user_benefit_usd"] + b["co2_value_usd"]) * period.factor(y)
    pv_k = 0.0
    for p in chosen:
        for y, k in _capex_schedule(app.projects.loc[p], period).items():
            pv_k += k * period.factor(y)
    full = max([int(app.projects.loc[p, "opening_year"]) for p in chosen] or [period.first])
    first = _benefit_in(app, chosen, max(full, period.first)) if chosen else \
        dict.fromkeys((*_BENEFIT_KEYS, "co2_value_usd"), 0.0)
    return pv_b, pv_k, first


def appraise(
    network: Network,
    projects: Iterable[str] | pd.DataFrame | None = None,
    demand: Any = None,
    *,
    years: tuple[int, int] = (2026, 2055),
    discount_rate: float = DEFAULT_DISCOUNT_RATE,
    value_of_time_usd_per_teu_h: float | None = None,
    co2_price_usd_per_t: float = DEFAULT_CO2_PRICE_USD_PER_T,
    elasticity: float = 0.0,
    outside_cost_usd_per_teu: float | None = None,
    reliability: bool = False,
    reliability_draws: int = 2_000,
    assignment: str = "equilibrium",
    executor: Executor | None = None,
    **constraints: Any,
) -> AppraisalResult:
    """Appraise corridor projects for a container demand: benefits, NPV, BCR, FYRR.

    Parameters
    ----------
    network : Network
        The base network (without the projects).
    projects : ids, DataFrame from :func:`load_projects`, or None
        Which projects: ids of the shipped programme, rows of a programme (e.g.
        ``load_projects("my_programme/")``), or None for every shipped project not yet
        completed. Completed projects are already in the default network and are refused.
    demand : DataFrame, list of (origin, destination, teu_year), or {year: demand}
        Container demand, TEU/year (e.g. :func:`tcroute.load_demand`). With a mapping,
        benefits are computed for each year given, interpolated between them and held flat
        after the last (e.g. ``{2024: base, 2030: growth}``). A column ``avoid_countries``
        (one class of shippers) becomes a routing constraint; rows of several classes are
        appraised one class at a time.
    years : (first, last)
        Appraisal period, inclusive; money is discounted to the first year.
    discount_rate : float
        Real social discount rate (default 6 %).
    value_of_time_usd_per_teu_h : float, optional
        Value of time of a TEU in transit (default
        :data:`tcroute.DEFAULT_VALUE_OF_TIME_USD_PER_TEU_H`).
    co2_price_usd_per_t : float
        Value of a tonne of CO2e avoided (default USD 80).
    elasticity : float
        Demand elasticity with respect to the pair's generalised cost (<= 0; 0 keeps demand
        fixed). Induced traffic counts by the rule of a half.
    outside_cost_usd_per_teu : float, optional
        What a TEU the network cannot carry pays instead (generalised USD). By default each
        pair's sea route door to door (``modes=["sea", "road"]``) on the base network (its
        best route on any mode where there is no sea route), but never less than what the
        pair's served TEU pay on the base network (at equilibrium, queues included): the
        demand is demand for the corridor, so its shippers prefer it to their outside option.
        With a given outside cost the outside option's time and CO2 are unknown and count as
        zero.
    reliability : bool
        Also report the change in the demand-weighted P90 transit time (Monte Carlo; slower;
        the queueing delay of the equilibrium is not part of the draws).
    assignment : {"equilibrium", "incremental"}
        How the demand is loaded (:func:`tcroute.assign`). ``equilibrium`` (the default): waits
        grow as ferries, terminals, borders and lines fill, so a project that relieves a queue
        is credited for the TEU already served, and each pair's outside option is its elastic
        demand (a TEU takes it once the corridor costs more). Capacity added upstream of a
        bottleneck admits TEU into its queue, which the users already there pay for: such a
        project can show a loss. ``incremental``: capacity is a wall, a project either unlocks
        capacity for the demand or does not (more capacity never hurts).
    executor : concurrent.futures.Executor, optional
        Evaluate network states in parallel on it.
    **constraints
        Routing constraints for the demand (``avoid_countries``, ``modes``, ...), as in
        :func:`tcroute.assign`.

    Returns
    -------
    AppraisalResult
        ``projects`` (one row each, alone), ``programme`` (all together), and methods
        ``interactions()`` and ``best_portfolio(budget_usd)``.

    Raises
    ------
    AppraisalError
        No demand, an unknown or completed project, a bad period or rate.

    Examples
    --------
    >>> import tcroute
    >>> net = tcroute.load_network()
    >>> res = tcroute.appraise(net, ["aktau_container_hub"], [("Almaty", "Baku", 20_000)],
    ...                        years=(2026, 2035), avoid_countries=["RU", "IR"])
    >>> float(res.projects.loc["aktau_container_hub", "capex_usd"])
    96400000.0
    """
    from . import _args as A
    from .costs import DEFAULT_VALUE_OF_TIME_USD_PER_TEU_H

    A.executor(executor, needs="submit")

    constraints = A.route_constraints("appraise", constraints)
    table = _select(projects)
    first, last = _check_period(years)
    if not (isinstance(discount_rate, int | float) and 0 <= discount_rate < 1):
        raise AppraisalError(f"discount_rate must be a fraction in [0, 1), got {discount_rate!r}")
    if not (isinstance(elasticity, int | float) and elasticity <= 0):
        raise AppraisalError(f"elasticity must be a number <= 0, got {elasticity!r}")
    if not (isinstance(co2_price_usd_per_t, int | float) and co2_price_usd_per_t >= 0):
        raise AppraisalError("co2_price_usd_per_t must be a number >= 0, got "
                             f"{co2_price_usd_per_t!r}")
    if assignment not in ("equilibrium", "incremental"):
        raise AppraisalError("assignment must be 'equilibrium' or 'incremental', got "
                             f"{assignment!r}")
    if demand is None:
        raise AppraisalError("appraise needs a demand: a DataFrame with origin, destination and "
                             "teu_year, a list of such tuples, or {year: demand}")
    by_year = demand if isinstance(demand, Mapping) else {first: demand}
    if not by_year:
        raise AppraisalError("demand is an empty mapping: give {year: demand}")
    by_year, constraints = _one_class(by_year, constraints)
    dem = {int(y): _demand_frame(network, d) for y, d in sorted(by_year.items())}
    vot = DEFAULT_VALUE_OF_TIME_USD_PER_TEU_H if value_of_time_usd_per_teu_h is None \
        else value_of_time_usd_per_teu_h
    model = CostModel(value_of_time_usd_per_teu_h=vot)
    app = _Appraiser(network, table, dem, model=model, elasticity=float(elasticity),
                     reliability=reliability, reliability_draws=reliability_draws,
                     outside={}, constraints=constraints,
                     co2_price_usd_per_t=float(co2_price_usd_per_t), executor=executor,
                     method=assignment)
    app.prefetch([(frozenset(), y) for y in dem])
    app.outside = {y: _outside_option(network, d, model, outside_cost_usd_per_teu,
                                      app.state(frozenset(), y).od)
                   for y, d in dem.items()}
    if assignment == "equilibrium":
        # the equilibrium now knows each pair's alternative: TEU the network would carry only
        # at a higher cost take it (elastic demand), so added capacity never shows as a loss
        app.assign_outside = {y: o[["origin", "destination", "gen"]]
                              for y, o in app.outside.items()}
        app._states.clear()
        app.prefetch([(frozenset(), y) for y in dem])
    period = _Period(first, last, float(discount_rate))
    ids = list(table.index)
    everything = frozenset(ids)
    _prefetch_sets(app, [frozenset([i]) for i in ids] + [everything]
                   + [everything - {i} for i in ids], period)
    rows = [_row(app, frozenset([i]), period, table.loc[i]) for i in ids]
    proj = pd.DataFrame(rows, index=pd.Index(ids, name="id"))
    proj["marginal_npv_usd"] = [_npv(app, everything, period) - _npv(app, everything - {i}, period)
                                for i in ids]
    programme = pd.DataFrame([_row(app, everything, period, None)],
                             index=pd.Index(["programme"], name="id"))
    settings = {"years": (first, last), "discount_rate": float(discount_rate),
                "value_of_time_usd_per_teu_h": vot,
                "co2_price_usd_per_t": float(co2_price_usd_per_t),
                "elasticity": float(elasticity), "demand_years": list(dem),
                "assignment": assignment,
                "outside_option": "given" if outside_cost_usd_per_teu is not None
                else "sea route door to door on the base network"}
    return AppraisalResult(proj, programme, settings, app, period)


def _npv(app: _Appraiser, chosen: frozenset[str], period: _Period) -> float:
    if not chosen:
        return 0.0
    pv_b, pv_k, _ = _present_values(app, chosen, period)
    return pv_b - pv_k


def _row(app: _Appraiser, chosen: frozenset[str], period: _Period,
         meta: pd.Series | None) -> dict[str, Any]:
    pv_b, pv_k, first = _present_values(app, chosen, period)
    capex = float(app.projects.loc[list(chosen), "capex_usd"].sum())
    opening = max(int(app.projects.loc[p, "opening_year"]) for p in chosen)
    row: dict[str, Any] = {}
    if meta is not None:
        row.update(name=meta["name"], lever=meta["lever"], status=meta["status"])
    else:
        row.update(name=f"{len(chosen)} projects together", lever="", status="")
    row.update(capex_usd=capex, opening_year=opening)
    row.update({k: first[k] for k in _BENEFIT_KEYS})
    row["co2_value_usd"] = first["co2_value_usd"]
    row["pv_benefit_usd"] = pv_b
    row["pv_cost_usd"] = pv_k
    row["npv_usd"] = pv_b - pv_k
    row["bcr"] = pv_b / pv_k if pv_k > 0 else math.nan
    row["fyrr"] = (first["user_benefit_usd"] + first["co2_value_usd"]) / capex \
        if capex > 0 else math.nan
    return row


def _check_period(years: Sequence[int]) -> tuple[int, int]:
    try:
        first, last = (int(y) for y in years)
    except (TypeError, ValueError):
        raise AppraisalError(f"years must be (first, last), got {years!r}") from None
    if not (1990 <= first <= last <= 2150):
        raise AppraisalError(f"years must be (first, last) with first <= last, got {years!r}")
    return first, last


def _select(projects: Iterable[str] | pd.DataFrame | None) -> pd.DataFrame:
    if isinstance(projects, pd.DataFrame):
        table = projects
    else:
        shipped = load_projects()
        if projects is None:
            table = shipped[shipped["status"] != "completed"]
        else:
            if isinstance(projects, str):
                projects = [p.strip() for p in projects.split(",") if p.strip()]
            ids = list(projects)
            missing = [p for p in ids if p not in shipped.index]
            if missing:
                import difflib

                hints = {m: difflib.get_close_matches(m, list(shipped.index), n=3)
                         for m in missing}
                raise AppraisalError("unknown project(s): " + "; ".join(
                    f"{m!r}" + (f" (did you mean {', '.join(h)}?)" if h else "")
                    for m, h in hints.items()) + ". tcroute.load_projects() lists them")
            table = shipped.loc[ids]
    done = table[table["status"] == "completed"]
    if len(done):
        raise AppraisalError(f"{', '.join(done.index)}: completed projects are already in the "
                             "default network and cannot be appraised against it")
    if table.empty:
        raise AppraisalError("no projects to appraise")
    if table.index.duplicated().any():
        twice = sorted(set(table.index[table.index.duplicated()]))
        raise AppraisalError(f"project ids repeated: {twice}")
    return table
