"""Transit-time reliability as shippers meet it: P10/P50/P90 days by Monte Carlo, by month,
through disruption episodes, with deadline probabilities, and where the spread comes from.

Every source of delay on a route carries a distribution, not only a mean; running times are
taken as fixed. Sources and their distributions:

* **border dwell** — the mean and 90th percentile of the border row the route was timed
  with: ``block_train_dwell_h`` and ``block_train_dwell_p90_h`` for a container block train
  (the default, ``CostModel(rail_border_dwell="block_train")``) where the row has them, else
  ``dwell_h`` and ``dwell_p90_h``;
* **terminal handling** (gauge change, port handling, truck↔rail) — from ``transfer_h`` and
  ``transfer_p90_h``; after a transfer with ``onward_wait_h``, the wait for the onward train
  is uniform between 0 and twice that mean (a departure at a random moment);
* **waiting for a sailing** — a container arrives at a random time: for a timetabled service
  the wait is uniform between 0 and the headway ``168 / departures_per_week`` hours; for
  sailings that leave when full (``irregular_sailings``) departures are a Poisson process and
  the wait is exponential with the mean headway;
* **weather** — storms close the sailings of a sea area (``data/episodes/weather.csv``): in
  month *m* the sailing is closed on arrival with probability ``closure_days / days of m``
  and the rest of the closure is exponential with that month's mean episode length; the
  container then also waits behind the cargo that arrived during the closure (its elapsed
  part times the sailings' ``queue_utilisation``). One storm draw per area and journey, so
  every crossing of the same sea in one journey meets the same storm. The monthly table
  gives the shape; the year's totals are the link's ``closure_days_per_year`` and
  ``closure_episode_days``, which the routing mean uses too;
* **disruption episodes** — every dated episode of ``data/episodes/episodes.csv`` whose
  places the route passes (in its direction) is met with the chance that a container finds
  it under way: ``recurrence_per_year`` × its days in the month / days of the month (for an
  episode whose cause is not ``seasonal``, its days spread evenly over the year); the extra
  delay is then uniform over the range observed.

``month=None`` is a year-round mix: each simulated journey falls in a month drawn in
proportion to its days, so that seasonal storms and episodes stay correlated within a
journey. The routing model's mean (``Route.days``) counts the means of dwell, handling,
waits and storm closures but not the queue a storm leaves behind nor the episodes; with
``episodes=False`` the simulation's year-round mean equals it.

A (mean, p90) pair becomes a distribution with that mean and 90th percentile: a gamma
distribution when p90/mean ≤ 3; above that, a mixture of a "normal" and a "disrupted" gamma
(shape 4 each; the disrupted share 20 %, or down to 11 % for the rarer, longer disruptions a
higher p90 needs) whose mean and p90 match. No distribution of
non-negative times can have p90/mean above 10 (Markov's inequality); pairs the mixture cannot
reach are capped, and the result says which.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from . import _args as A
from ._parallel import map_shared
from ._services import DPW_BY_LOAD, IRR_BY_LOAD
from .engine import border_dwell_h, border_dwell_p90_h
from .errors import ArgumentTypeError, InvalidArgumentError, UnknownIdError
from .graph import HOURS_PER_WEEK
from .routing import Route, _places, shortest_route

if TYPE_CHECKING:
    from .network import Network

__all__ = ["Dist", "ReliabilityResult", "chance_within", "reliability_by_month",
           "transit_time_distribution"]

_CHUNKS = 8


def _simulate(dists_by_month: dict[int, list[Dist]],
              chunk: tuple[np.random.SeedSequence, int, int]) -> np.ndarray:
    """Draws of every element for one chunk of journeys in one month: an array
    (elements, n)."""
    seed, n, month = chunk
    dists = dists_by_month[month]
    rng = np.random.default_rng(seed)
    return np.array([d(rng, n) for d in dists]).reshape(len(dists), n)

_GAMMA_MAX_RATIO = 3.0
_MIX_SHARE = 0.2
_MIX_SHAPE = 4.0


#: Delays shorter than this (hours, about 4 ms) are taken as none: a p90 over a mean of
#: 1e-320 h would otherwise overflow the fit of the distribution.
_MIN_DELAY_H = 1e-6
_MIN_SPREAD = 5e-4


@lru_cache(maxsize=4096)
def _gamma_shape(ratio: float) -> float:
    """Shape k of a gamma distribution whose p90/mean equals ``ratio`` (1 < ratio <= 3)."""
    from scipy import optimize, stats  # imported where used: scipy.stats is slow to import

    def f(k: float) -> float:
        return float(stats.gamma.ppf(0.9, k) / k - ratio)

    return float(optimize.brentq(f, 0.2033, 1e7))


def _mix_cdf(q: float, b: float, e: float, share: float) -> float:
    from scipy import stats

    return float((1 - share) * stats.gamma.cdf(q, _MIX_SHAPE, scale=b / _MIX_SHAPE)
                 + share * stats.gamma.cdf(q, _MIX_SHAPE, scale=e / _MIX_SHAPE))


@lru_cache(maxsize=4096)
def _mixture(mean: float, p90: float) -> tuple[float, float, float, float]:
    """(b, e, share, achieved p90) of a two-gamma mixture with this mean and (as near as
    possible) this p90. The disrupted share is 20 %, or less when the p90 needs a rarer and
    longer disruption (down to 11 %)."""
    from scipy import optimize

    best: tuple[float, float, float, float] | None = None
    for share in (_MIX_SHARE, 0.16, 0.13, 0.11):
        bmax = mean / (1 - share)
        grid = np.linspace(1e-6, bmax * (1 - 1e-6), 300)

        def g(x: float, share: float = share) -> float:
            return _mix_cdf(p90, x, (mean - (1 - share) * x) / share, share) - 0.9

        vals = [(g(b), b) for b in grid]
        for (fa, a), (fb, b) in itertools.pairwise(vals):
            if fa == 0 or fa * fb < 0:
                root = float(optimize.brentq(g, a, b))
                return root, (mean - (1 - share) * root) / share, share, p90
        # unreachable with this share: remember the nearest
        near = min(vals, key=lambda v: abs(v[0]))[1]
        e = (mean - (1 - share) * near) / share
        achieved = float(optimize.brentq(lambda q, b=near, e=e, s=share: _mix_cdf(q, b, e, s)
                                         - 0.9, 0, 100 * p90 + 1))
        if best is None or achieved > best[3]:
            best = (near, e, share, achieved)
    assert best is not None
    return best


@dataclass(frozen=True)
class Dist:
    """A delay distribution (hours), callable as ``dist(rng, n)`` -> n draws; picklable, so
    that simulations can run in a process pool.

    ``family``: ``constant`` (a), ``gamma`` (shape a, scale b), ``mixture`` (normal mean a,
    disrupted mean b, disrupted share c), ``uniform`` (0 to a), ``exponential`` (mean a),
    ``closure`` (probability a of a closure, then exponential with mean b), ``storm``
    (probability a of a closure; the rest of it exponential with mean b, plus c times its
    elapsed part, also exponential with mean b: the queue it leaves), ``episode``
    (probability a, then uniform between b and c).
    """

    family: str
    a: float = 0.0
    b: float = 0.0
    c: float = 0.0

    def __call__(self, rng: np.random.Generator, n: int) -> np.ndarray:
        f = self.family
        if f == "constant":
            return np.full(n, self.a)
        if f == "gamma":
            return rng.gamma(self.a, self.b, n)
        if f == "mixture":
            disrupted = rng.random(n) < self.c
            scale = np.where(disrupted, self.b, self.a) / _MIX_SHAPE
            return rng.gamma(_MIX_SHAPE, 1.0, n) * scale
        if f == "uniform":
            return rng.uniform(0.0, self.a, n)
        if f == "exponential":
            return rng.exponential(self.a, n)
        if f == "closure":
            return (rng.random(n) < self.a) * rng.exponential(self.b, n)
        if f == "storm":
            hit = rng.random(n) < self.a
            rest = rng.exponential(self.b, n)
            elapsed = rng.exponential(self.b, n) if self.c else 0.0
            return hit * (rest + self.c * elapsed)
        if f == "episode":
            return (rng.random(n) < self.a) * rng.uniform(self.b, self.c, n)
        raise ValueError(f"unknown distribution family {f!r}")


def delay_distribution(mean: float, p90: float | None) -> tuple[Dist, float, str]:
    """A sampler of delays (hours) with this mean and p90; also the p90 it achieves and
    the family used (``constant``, ``gamma``, ``mixture``)."""
    if not mean >= _MIN_DELAY_H:  # under 4 ms (or NaN): no delay to speak of
        return Dist("constant", 0.0), 0.0, "constant"
    # a p90 within 0.05 % of the mean is no spread (a gamma would need a shape past 10^7)
    if p90 is None or p90 != p90 or p90 <= mean * (1 + _MIN_SPREAD):
        return Dist("constant", mean), mean, "constant"
    ratio = p90 / mean
    if ratio <= _GAMMA_MAX_RATIO:
        k = _gamma_shape(round(ratio, 6))
        return Dist("gamma", k, mean / k), p90, "gamma"
    b, e, share, achieved = _mixture(round(mean, 6), round(p90, 6))
    return Dist("mixture", b, e, share), achieved, "mixture"


MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")
_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
YEAR_ROUND = ("year-round mix: each simulated journey falls in a month drawn in proportion to "
              "its days (storms and episodes by month)")
SOURCES = ("border", "transfer", "wait", "weather", "episode")


@dataclass
class ReliabilityResult:
    """The result of :func:`transit_time_distribution`.

    Attributes
    ----------
    route : Route
    draws : ndarray
        Simulated door-to-door times, days.
    p10_days, p50_days, p90_days, p95_days, mean_days : float
    month : int or None
        The month simulated; None for the year-round mix (see ``basis``).
    basis : str
        What was simulated, in words (the month, or how the year-round mix is made; whether
        disruption episodes count).
    free_flow_days : float
        Running time alone: every node passed without waiting or handling.
    sources : DataFrame
        One row per kind of delay (border, transfer, wait, weather, episode): mean and
        standard deviation in hours and its share of the variance of the total (shares sum
        to 1).
    elements : DataFrame
        The same per element (each border crossing, terminal, sailing, sea area, episode),
        ranked by share; ``chance`` is the probability of meeting it (1 for node delays).
    warnings : list of str
    """

    route: Route
    draws: np.ndarray
    sources: pd.DataFrame
    elements: pd.DataFrame
    warnings: list[str] = field(default_factory=list)
    month: int | None = None
    basis: str = YEAR_ROUND
    free_flow_days: float = float("nan")

    @property
    def p10_days(self) -> float:
        return float(np.percentile(self.draws, 10))

    @property
    def p50_days(self) -> float:
        return float(np.percentile(self.draws, 50))

    @property
    def p90_days(self) -> float:
        return float(np.percentile(self.draws, 90))

    @property
    def p95_days(self) -> float:
        return float(np.percentile(self.draws, 95))

    @property
    def mean_days(self) -> float:
        return float(self.draws.mean())

    @property
    def spread_days(self) -> float:
        """P90 − P50, days."""
        return self.p90_days - self.p50_days

    @property
    def planning_time_index(self) -> float:
        """P95 over the free-flow time (running time alone): how much longer than a run with
        no waiting at all a shipper must plan to be on time 19 times in 20."""
        return self.p95_days / self.free_flow_days

    def prob_within(self, days: float) -> float:
        """The probability of arriving within ``days`` days (share of simulated journeys).

        Examples
        --------
        >>> import tcroute
        >>> rel = tcroute.transit_time_distribution(tcroute.load_network(),
        ...                                         ("Almaty", "Tbilisi"), seed=1, draws=2000)
        >>> rel.prob_within(rel.p90_days) >= 0.9
        True
        """
        return float(np.mean(self.draws <= days))

    def days_for(self, on_time: float = 0.9) -> float:
        """Days to promise for an on-time share of ``on_time`` (0.9: the P90)."""
        if not 0 < on_time < 1:
            raise InvalidArgumentError("on_time", f"a share between 0 and 1, got {on_time!r}")
        return float(np.percentile(self.draws, 100 * on_time))

    def to_frame(self) -> pd.DataFrame:
        """The answers in one row: percentiles, days for 90 % and 95 % on-time promises,
        planning-time index, free-flow days, month."""
        return pd.DataFrame([{
            "month": self.month, "mean_days": self.mean_days, "p10_days": self.p10_days,
            "p50_days": self.p50_days, "p90_days": self.p90_days, "p95_days": self.p95_days,
            "days_for_90pct": self.days_for(0.9), "days_for_95pct": self.days_for(0.95),
            "free_flow_days": self.free_flow_days,
            "planning_time_index": self.planning_time_index, "basis": self.basis}])

    def summary(self) -> str:
        top = self.elements.head(3)
        names = ", ".join(f"{r.element} ({r.share:.0%})" for r in top.itertuples())
        when = MONTH_NAMES[self.month - 1] if self.month else "year-round"
        return (f"{when}: P10 {self.p10_days:.1f}, P50 {self.p50_days:.1f}, P90 "
                f"{self.p90_days:.1f}, P95 {self.p95_days:.1f} days (mean {self.mean_days:.1f}); "
                f"the spread comes mostly from {names}")

    def __repr__(self) -> str:
        return f"<ReliabilityResult {self.summary()}>"


def _el(element: str, source: str, sample: Dist, family: str, mean_h: float,
        p90_h: float | None = None, achieved: float | None = None, chance: float = 1.0,
        key: str | None = None) -> dict[str, Any]:
    return {"element": element, "source": source, "mean_h": mean_h, "p90_h": p90_h,
            "achieved_p90_h": achieved, "family": family, "sample": sample, "chance": chance,
            "key": key or element}


def _node_elements(route: Route, network: Network) -> list[dict[str, Any]]:
    """The month-independent random parts of a route: border crossings, terminals and
    waits for sailings."""
    links = network._table("links").set_index("id")
    terms = network._table("terminals").set_index("id")
    borders = network._table("borders").set_index("id")
    modes = network._table("modes").set_index("mode")
    kinds = _places(network).kind
    dwell_class = getattr(route, "rail_border_dwell", "block_train")
    out: list[dict[str, Any]] = []
    for leg in route._legs.to_dict("records"):
        if leg["kind"] == "transfer":
            t = terms.loc[leg["id"]]
            p90 = t["transfer_p90_h"]
            p90v = None if p90 != p90 else float(p90)
            sampler, achieved, fam = delay_distribution(float(t["transfer_h"]), p90v)
            out.append(_el(leg["id"], "transfer", sampler, fam, leg["transfer_h"], p90v,
                           achieved))
            if leg["wait_h"] > 0:  # the onward train: a departure at a random moment
                out.append(_el(f"onward train {leg['id']}", "wait",
                               Dist("uniform", 2.0 * leg["wait_h"]), "uniform",
                               leg["wait_h"]))
            continue
        if leg["border_id"] is not None and leg["border_h"] > 0:
            b = borders.loc[leg["border_id"]]
            mean = border_dwell_h(b, dwell_class)
            scale = leg["border_h"] / mean if mean else 1.0
            p90 = border_dwell_p90_h(b, dwell_class)
            p90v = None if p90 is None else p90 * scale
            sampler, achieved, fam = delay_distribution(float(leg["border_h"]), p90v)
            out.append(_el(f"{leg['border_id']} ({leg['id']})", "border", sampler, fam,
                           leg["border_h"], p90v, achieved))
        if leg["wait_h"] > 0 and leg["mode"] in ("ferry", "sea"):
            link = links.loc[leg["id"]]
            dpw = link["departures_per_week"]
            # the sailings of the services that take the leg's load (services.csv)
            load = str(leg.get("from_layer") or "").partition(":")[2].partition("@")[0]
            by_load = link.get(DPW_BY_LOAD + load, float("nan")) if load else float("nan")
            irregular = bool(link["irregular_sailings"]) if link["irregular_sailings"] \
                is not None else False
            if by_load == by_load and by_load:
                dpw = by_load
                irr = link.get(IRR_BY_LOAD + load, float("nan"))
                if irr == irr:
                    irregular = bool(irr > 0.5)
            if dpw != dpw:
                dpw = modes.at[leg["mode"], "departures_per_week"]
            headway = HOURS_PER_WEEK / float(dpw) if dpw == dpw and dpw else 0.0
            if headway and kinds.get(leg["from_id"]) != "waypoint":
                wait = Dist("exponential", headway) if irregular else Dist("uniform", headway)
                out.append(_el(f"sailing {leg['id']}", "wait", wait,
                               "exponential" if irregular else "uniform",
                               headway if irregular else headway / 2))
    return out


def _weather_setup(route: Route, network: Network) -> list[dict[str, Any]]:
    """Sea areas (or single links) whose storms a route meets: one entry per area, with its
    monthly closure probability and episode length (hours) scaled to the link's year."""
    from .episodes import _items, read_weather

    links = network._table("links").set_index("id")
    weather = read_weather()
    areas = {a: rows.sort_values("month") for a, rows in weather.groupby("area")}
    area_places = {a: set(_items(rows["places"].iloc[0])) for a, rows in areas.items()}
    seen: dict[str, dict[str, Any]] = {}
    for leg in route._legs.to_dict("records"):
        if leg["kind"] != "link" or leg["id"] not in links.index:
            continue
        link = links.loc[leg["id"]]
        days, ep = link["closure_days_per_year"], link["closure_episode_days"]
        if not (days == days and days and ep == ep and ep):
            continue
        ends = {leg["from_id"], leg["to_id"]}
        area = next((a for a, pl in area_places.items() if ends & pl), None)
        key = area or leg["id"]
        if key in seen:
            continue
        if area is None:  # a link of the user's own: its year-round values every month
            p = np.full(12, float(days) / 365.0)
            mean_h = np.full(12, float(ep) * 24.0)
            rho = 0.0
            name = f"weather {leg['id']}"
        else:
            rows = areas[area]
            cd = rows["closure_days"].to_numpy(float)
            eps = rows["closure_episode_days"].to_numpy(float)
            total = cd.sum()
            if total <= 0:
                continue
            p = np.minimum(1.0, cd * float(days) / total / np.array(_DAYS))
            mean_h = eps * float(ep) * total / float((cd * eps).sum()) * 24.0
            u = rows["queue_utilisation"].iloc[0]
            rho = float(u) if u == u and u is not None else 0.0
            name = f"storms {area}"
        seen[key] = {"element": name, "p": p, "mean_h": mean_h, "rho": rho}
    return list(seen.values())


def _episode_setup(route: Route, network: Network, during: Iterable[str]
                   ) -> list[dict[str, Any]]:
    """Dated episodes a route passes, with their monthly chance of being met."""
    from .episodes import _items, read_episodes

    eps = read_episodes()
    forced = list(during)
    unknown = [e for e in forced if e not in eps.index]
    if unknown:
        raise UnknownIdError("episode", unknown, "see tcroute.list_episodes()")
    places = set(route.places)
    lonlat = network._table("places").set_index("id")["lon"]
    west = float(lonlat[route.destination]) < float(lonlat[route.origin])
    out = []
    for rec in eps.to_dict("records"):
        if not places & set(_items(rec["places"])):
            continue
        if rec["direction"] == ("eastbound" if west else "westbound"):
            continue
        if rec["id"] in forced:
            p = np.ones(12)
        else:
            rec_y = rec["recurrence_per_year"]
            if not (rec_y == rec_y and rec_y):
                continue
            p = np.minimum(1.0, float(rec_y) * np.array(rec["months"]) / np.array(_DAYS))
        out.append({"element": f"episode {rec['id']}", "p": p,
                    "lo_h": 24.0 * rec["extra_delay_min_days"],
                    "hi_h": 24.0 * rec["extra_delay_max_days"]})
    return out


def _month_elements(weather: list[dict[str, Any]], episodes: list[dict[str, Any]], m: int,
                    queue: bool) -> list[dict[str, Any]]:
    i = m - 1
    out = []
    for w in weather:
        rho = w["rho"] if queue else 0.0
        out.append(_el(w["element"], "weather", Dist("storm", float(w["p"][i]),
                                                     float(w["mean_h"][i]), rho),
                       "storm", float(w["p"][i] * w["mean_h"][i] * (1 + rho)),
                       chance=float(w["p"][i])))
    for e in episodes:
        out.append(_el(e["element"], "episode", Dist("episode", float(e["p"][i]), e["lo_h"],
                                                     e["hi_h"]),
                       "episode", float(e["p"][i] * (e["lo_h"] + e["hi_h"]) / 2),
                       chance=float(e["p"][i])))
    return out


def _with_corridor(network: Network, corridor: str | None, kwargs: dict[str, Any]
                   ) -> dict[str, Any]:
    """Routing keywords of a corridor merged with the caller's."""
    if corridor is None:
        return kwargs
    from .compare import corridor_constraints

    out = corridor_constraints(network, corridor)
    for key, value in kwargs.items():
        if value is None:
            continue
        if key == "include_planned":
            out[key] = bool(out[key] or value)
        elif key == "via":
            out["via"] = [*([value] if isinstance(value, str) else value), *out["via"]]
        elif key in ("avoid_countries", "avoid_places", "avoid_modes"):
            out[key] = list(dict.fromkeys([*out[key], *value]))
        else:
            out[key] = value
    return out


def _month_sizes(draws: int) -> list[int]:
    """Draws per month in proportion to its days (largest remainder), summing to draws."""
    exact = np.array(_DAYS) * draws / 365.0
    sizes = np.floor(exact).astype(int)
    for i in np.argsort(-(exact - sizes))[: draws - int(sizes.sum())]:
        sizes[i] += 1
    return [int(x) for x in sizes]


def transit_time_distribution(
    network: Network,
    route_or_od: Route | tuple[str, str],
    *,
    month: int | None = None,
    episodes: bool = True,
    during: Iterable[str] = (),
    corridor: str | None = None,
    draws: int = 10_000,
    seed: int | None = None,
    executor: Executor | None = None,
    **route_kwargs: Any,
) -> ReliabilityResult:
    """Door-to-door transit time as a distribution (Monte Carlo): P10/P50/P90/P95 days,
    deadline probabilities and the share of the spread each source of delay contributes.

    Parameters
    ----------
    network : Network
    route_or_od : Route or (origin, destination)
        A route, or a pair whose best route (``route_kwargs`` as in
        :func:`tcroute.shortest_route`, e.g. ``via=["Aktau"]``) is used.
    month : int, optional
        1-12: a journey through that month (storms and episodes of that month). None: a
        year-round mix, each journey in a month drawn in proportion to its days.
    episodes : bool, default True
        Count the dated disruption episodes (``tcroute.list_episodes()``) with the chance of
        meeting each, and the queue a storm leaves behind. False keeps only what the routing
        mean counts (its year-round mean is then the routing mean).
    during : iterable of str
        Episode ids assumed under way (met with certainty): "what if the 2024 Dostyk
        congestion recurs".
    corridor : str, optional
        With a pair: take the best route of this corridor (``network.corridors``); ``via``
        places given too are passed before the corridor's own, ``avoid_countries`` add up.
    draws : int
        Number of simulated journeys.
    seed : int, optional
        Makes the draws reproducible.
    executor : concurrent.futures.Executor, optional
        Run the draws in chunks on it (a process pool, Dask, Ray). The draws are split into
        the same chunks with the same seeds (``numpy.random.SeedSequence.spawn``) whether
        or not an executor is given, so the result does not depend on it.

    Returns
    -------
    ReliabilityResult

    Examples
    --------
    >>> import tcroute
    >>> net = tcroute.load_network()
    >>> rel = tcroute.transit_time_distribution(net, ("Xi'an", "Duisburg"), seed=1)
    >>> rel.p10_days <= rel.p50_days <= rel.p90_days <= rel.p95_days
    True
    >>> round(float(rel.sources["share"].sum()), 6)
    1.0
    >>> jan = tcroute.transit_time_distribution(net, ("Xi'an", "Duisburg"), month=1, seed=1,
    ...                                         corridor="middle_black_sea")
    >>> 0 <= jan.prob_within(25) <= 1
    True
    """
    A.number(draws, "draws", low=100, integer=True)
    A.executor(executor)
    A.optional_number(seed, "seed", low=0, integer=True)
    A.check_keywords("transit_time_distribution", route_kwargs,
                     (*A.ROUTE_CONSTRAINTS, "weight", "road_legs", "unit"))
    if month is not None and (isinstance(month, bool) or not isinstance(month, int | np.integer)
                              or not 1 <= int(month) <= 12):
        raise InvalidArgumentError("month", f"a whole number 1-12 or None, got {month!r}")
    if isinstance(route_or_od, Route):
        if route_kwargs:
            raise ArgumentTypeError("transit_time_distribution: routing keywords "
                                    f"({', '.join(route_kwargs)}) apply to an (origin, "
                                    "destination) pair, not to a Route")
        route = route_or_od
    else:
        pair = A.str_list(route_or_od, "route_or_od") if not isinstance(route_or_od, str) \
            else [route_or_od]
        if len(pair) != 2:
            raise InvalidArgumentError("route_or_od", "expected a Route or an (origin, "
                                       f"destination) pair, got {route_or_od!r}")
        origin, destination = pair
        route = shortest_route(network, origin, destination,
                               **_with_corridor(network, corridor, route_kwargs))
    legs = route._legs
    fixed_h = float(legs["travel_h"].sum())
    nodes = _node_elements(route, network)
    weather = _weather_setup(route, network)
    forced = list(during)
    eps = _episode_setup(route, network, forced) if (episodes or forced) else []
    if not episodes:
        eps = [e for e in eps if e["element"].removeprefix("episode ") in forced]
    months = [int(month)] if month is not None else list(range(1, 13))
    els_by_month = {m: nodes + _month_elements(weather, eps, m, episodes) for m in months}
    per_month = {m: [el["sample"] for el in els] for m, els in els_by_month.items()}
    elements = els_by_month[months[0]]
    if month is not None:
        sizes = [draws // _CHUNKS + (1 if i < draws % _CHUNKS else 0) for i in range(_CHUNKS)]
        job_months = [months[0]] * _CHUNKS
    else:
        sizes = _month_sizes(draws)
        job_months = months
    seeds = np.random.SeedSequence(seed).spawn(len(sizes))
    parts = map_shared(executor, _simulate, per_month,
                       list(zip(seeds, sizes, job_months, strict=True)))
    samples = np.concatenate(parts, axis=1) if elements else np.zeros((0, draws))
    total = np.full(draws, fixed_h) + samples.sum(axis=0)
    by_source: dict[str, np.ndarray] = {}
    rows = []
    warnings = []
    for i, (el, x) in enumerate(zip(elements, samples, strict=True)):
        by_source[el["source"]] = by_source.get(el["source"], np.zeros(draws)) + x
        chance = el["chance"] if month is not None else \
            float(sum(els_by_month[m][i]["chance"] * _DAYS[m - 1] for m in months) / 365)
        rows.append({"element": el["element"], "source": el["source"],
                     "mean_h": float(x.mean()), "std_h": float(x.std()),
                     "p90_h": float(np.percentile(x, 90)), "variance": float(x.var()),
                     "family": el["family"], "chance": chance})
        if el["p90_h"] and el["achieved_p90_h"] and \
                el["achieved_p90_h"] < el["p90_h"] * 0.97:
            warnings.append(f"{el['element']}: p90 {el['p90_h']:.0f} h cannot go with a mean of "
                            f"{el['mean_h']:.1f} h; used {el['achieved_p90_h']:.0f} h")
    var_total = float(total.var()) or 1.0
    el_df = pd.DataFrame(rows, columns=["element", "source", "mean_h", "std_h", "p90_h",
                                        "variance", "family", "chance"])
    el_df["share"] = el_df["variance"] / var_total
    el_df = el_df.drop(columns="variance").sort_values("share", ascending=False).reset_index(
        drop=True)
    src_rows = []
    for name in SOURCES:
        x = by_source.get(name)
        if x is None:
            src_rows.append({"source": name, "mean_h": 0.0, "std_h": 0.0, "share": 0.0})
            continue
        src_rows.append({"source": name, "mean_h": float(x.mean()), "std_h": float(x.std()),
                         "share": float(x.var()) / var_total})
    sources = pd.DataFrame(src_rows)
    # the sources are nearly independent (storms and episodes share only the month), so
    # their variances add up to about the total's; normalise the shares to sum to 1
    if sources["share"].sum() > 0:
        sources["share"] = sources["share"] / sources["share"].sum()
    basis = (f"{MONTH_NAMES[int(month) - 1]} only" if month is not None else YEAR_ROUND)
    basis += ("; disruption episodes counted with the chance of meeting each" if episodes
              else "; no disruption episodes (the routing model's delays only)")
    if forced:
        basis += "; assumed under way: " + ", ".join(forced)
    if getattr(route, "rail_border_dwell", "block_train") == "all_traffic":
        basis += "; rail borders at the CPMM all-traffic means"
    return ReliabilityResult(route, total / 24.0, sources, el_df, warnings,
                             month=int(month) if month is not None else None, basis=basis,
                             free_flow_days=fixed_h / 24.0)


def chance_within(network: Network, origin: str, destination: str, days: float, *,
                  month: int | None = None, corridor: str | None = None,
                  episodes: bool = True, draws: int = 10_000, seed: int | None = 0,
                  **route_kwargs: Any) -> float:
    """The probability of arriving within ``days`` days, in one call: "what is my chance of
    25 days in January via Aktau?".

    ``corridor`` and ``route_kwargs`` choose the route as in
    :func:`transit_time_distribution` (a corridor id; ``via``, ``avoid_countries``,
    ``avoid_places``, ``modes`` ...); ``month`` and ``episodes`` as there.

    Examples
    --------
    >>> import tcroute
    >>> net = tcroute.load_network()
    >>> p = tcroute.chance_within(net, "Xi'an", "Duisburg", 25, month=1,
    ...                           corridor="middle_black_sea", via=["kz_aktau_port"],
    ...                           avoid_places=["kz_kuryk_port"], avoid_countries=["TM"])
    >>> 0.0 <= p <= 1.0
    True
    """
    rel = transit_time_distribution(network, (origin, destination), month=month,
                                    corridor=corridor, episodes=episodes, draws=draws,
                                    seed=seed, **route_kwargs)
    return rel.prob_within(days)


def reliability_by_month(
    network: Network,
    origin: str,
    destination: str,
    *,
    corridors: Iterable[str] | None = None,
    months: Iterable[int] = range(1, 13),
    within_days: float | None = None,
    episodes: bool = True,
    draws: int = 5_000,
    seed: int | None = 0,
) -> pd.DataFrame:
    """Per corridor and month: P50/P90/P95 days, days for 90 % and 95 % on-time promises,
    planning-time index and (with ``within_days``) the chance of arriving in time.

    Each corridor's fastest route (see :func:`tcroute.compare_corridors`) is simulated for
    each month; infeasible corridors are left out.

    Returns
    -------
    pandas.DataFrame
        Long form: corridor, month, mean_days, p10_days, p50_days, p90_days, p95_days,
        days_for_90pct, days_for_95pct, free_flow_days, planning_time_index, basis, and
        p_within when asked.

    Examples
    --------
    >>> import tcroute
    >>> t = tcroute.reliability_by_month(tcroute.load_network(), "Xi'an", "Duisburg",
    ...     corridors=["middle_black_sea"], months=[1, 7], draws=1000)
    >>> bool(t.set_index("month").loc[1, "p90_days"] >= t.set_index("month").loc[7, "p90_days"])
    True
    """
    from .compare import compare_corridors

    table = compare_corridors(network, origin, destination, corridors=corridors)
    frames = []
    for r in table.itertuples():
        if not r.feasible or r.corridor == "best":
            continue
        for m in months:
            rel = transit_time_distribution(network, r.route, month=m, episodes=episodes,
                                            draws=draws, seed=seed)
            row = rel.to_frame()
            row.insert(0, "corridor", r.corridor)
            if within_days is not None:
                row["p_within"] = rel.prob_within(within_days)
            frames.append(row)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
