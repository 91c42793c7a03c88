"""Transit-time reliability: P10/P50/P90 days by Monte Carlo, and where the spread comes from.

Every source of delay on a route carries a distribution, not only a mean; running times are
taken as fixed. Sources and their distributions:

* **border dwell** — from ``dwell_h`` (mean) and ``dwell_p90_h`` of the border row;
* **terminal handling** (gauge change, port handling, truck↔rail) — from ``transfer_h`` and
  ``transfer_p90_h``;
* **waiting for a sailing** — a container arrives at a random time: for a timetabled service
  the wait is uniform between 0 and the headway ``168 / departures_per_week`` hours; for
  sailings that leave when full (``irregular_sailings``) departures are a Poisson process and
  the wait is exponential with the mean headway;
* **weather closures** — with probability ``closure_days_per_year / 365`` the sailing is
  closed when the container arrives, and it waits an exponential time with mean
  ``closure_episode_days`` (the remaining part of an exponential episode is exponential).

A (mean, p90) pair becomes a distribution with that mean and 90th percentile: a gamma
distribution when p90/mean ≤ 3; above that, a mixture of a "normal" and a "disrupted" gamma
(shape 4 each; the disrupted share 20 %, or down to 11 % for the rarer, longer disruptions a
higher p90 needs) whose mean and p90 match. No distribution of
non-negative times can have p90/mean above 10 (Markov's inequality); pairs the mixture cannot
reach are capped, and the result says which.
"""

from __future__ import annotations

import itertools
from concurrent.futures import Executor
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from . import _args as A
from ._parallel import map_shared
from .errors import ArgumentTypeError, InvalidArgumentError
from .graph import HOURS_PER_WEEK
from .routing import Route, _places, shortest_route

if TYPE_CHECKING:
    from .network import Network

__all__ = ["Dist", "ReliabilityResult", "transit_time_distribution"]

_CHUNKS = 8


def _simulate(dists: list[Dist], chunk: tuple[np.random.SeedSequence, int]) -> np.ndarray:
    """Draws of every element for one chunk: an array (elements, n)."""
    seed, n = chunk
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
    ``closure`` (probability a of a closure, then exponential with mean b).
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


@dataclass
class ReliabilityResult:
    """The result of :func:`transit_time_distribution`.

    Attributes
    ----------
    route : Route
    draws : ndarray
        Simulated door-to-door times, days.
    p10_days, p50_days, p90_days, mean_days : float
    sources : DataFrame
        One row per kind of delay (border, transfer, wait, weather): mean and standard
        deviation in hours and its share of the variance of the total (shares sum to 1; the
        sources are independent and running times fixed).
    elements : DataFrame
        The same per element (each border crossing, terminal, sailing), ranked by share.
    warnings : list of str
    """

    route: Route
    draws: np.ndarray
    sources: pd.DataFrame
    elements: pd.DataFrame
    warnings: list[str] = field(default_factory=list)

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
    def mean_days(self) -> float:
        return float(self.draws.mean())

    @property
    def spread_days(self) -> float:
        """P90 − P50, days."""
        return self.p90_days - self.p50_days

    def summary(self) -> str:
        top = self.elements.head(3)
        names = ", ".join(f"{r.element} ({r.share:.0%})" for r in top.itertuples())
        return (f"P10 {self.p10_days:.1f}, P50 {self.p50_days:.1f}, P90 {self.p90_days:.1f} "
                f"days (mean {self.mean_days:.1f}); the spread comes mostly from {names}")

    def __repr__(self) -> str:
        return f"<ReliabilityResult {self.summary()}>"


def _stochastic_elements(route: Route, network: Network) -> list[dict[str, Any]]:
    """The random parts of a route: one dict per border crossing, terminal, sailing and
    weather exposure, with its sampler."""
    links = network._table("links").set_index("id")
    terms = network._table("terminals").set_index("id")
    borders = network._table("borders").set_index("id")
    modes = network._table("modes").set_index("mode")
    out: list[dict[str, Any]] = []
    for leg in route._legs.to_dict("records"):
        if leg["kind"] == "transfer":
            t = terms.loc[leg["id"]]
            p90 = t["transfer_p90_h"]
            sampler, achieved, fam = delay_distribution(float(t["transfer_h"]),
                                                        None if p90 != p90 else float(p90))
            out.append({"element": leg["id"], "source": "transfer", "mean_h": leg["transfer_h"],
                        "p90_h": None if p90 != p90 else float(p90), "achieved_p90_h": achieved,
                        "family": fam, "sample": sampler})
            continue
        if leg["border_id"] is not None and leg["border_h"] > 0:
            b = borders.loc[leg["border_id"]]
            scale = leg["border_h"] / float(b["dwell_h"]) if b["dwell_h"] else 1.0
            p90 = b["dwell_p90_h"]
            p90v = None if p90 != p90 else float(p90) * scale
            sampler, achieved, fam = delay_distribution(float(leg["border_h"]), p90v)
            out.append({"element": f"{leg['border_id']} ({leg['id']})", "source": "border",
                        "mean_h": leg["border_h"], "p90_h": p90v, "achieved_p90_h": achieved,
                        "family": fam, "sample": sampler})
        if leg["wait_h"] > 0:
            link = links.loc[leg["id"]]
            dpw = link["departures_per_week"]
            if dpw != dpw:
                dpw = modes.at[leg["mode"], "departures_per_week"]
            headway = HOURS_PER_WEEK / float(dpw) if dpw == dpw and dpw else 0.0
            irregular = bool(link["irregular_sailings"]) if link["irregular_sailings"] \
                is not None else False
            from_port = _places(network).kind.get(leg["from_id"]) != "waypoint"
            if headway and from_port:
                if irregular:
                    wait = Dist("exponential", headway)
                    mean_w = headway
                else:
                    wait = Dist("uniform", headway)
                    mean_w = headway / 2
                out.append({"element": f"sailing {leg['id']}", "source": "wait",
                            "mean_h": mean_w, "p90_h": None, "achieved_p90_h": None,
                            "family": "exponential" if irregular else "uniform",
                            "sample": wait})
            days = link["closure_days_per_year"]
            episode = link["closure_episode_days"]
            if days == days and days and episode == episode and episode:
                p_hit = float(days) / 365.0
                mean_ep = float(episode) * 24.0
                weather = Dist("closure", p_hit, mean_ep)
                out.append({"element": f"weather {leg['id']}", "source": "weather",
                            "mean_h": p_hit * mean_ep, "p90_h": None, "achieved_p90_h": None,
                            "family": "closure", "sample": weather})
    return out


def transit_time_distribution(
    network: Network,
    route_or_od: Route | tuple[str, str],
    *,
    draws: int = 10_000,
    seed: int | None = None,
    executor: Executor | None = None,
    **route_kwargs: Any,
) -> ReliabilityResult:
    """Door-to-door transit time as a distribution (Monte Carlo): P10/P50/P90 days and the
    share of the spread each source of delay contributes.

    Parameters
    ----------
    network : Network
    route_or_od : Route or (origin, destination)
        A route, or a pair whose best route (``route_kwargs`` as in
        :func:`tcroute.shortest_route`) is used.
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
    >>> rel.p10_days <= rel.p50_days <= rel.p90_days
    True
    >>> round(float(rel.sources["share"].sum()), 6)
    1.0
    """
    A.number(draws, "draws", low=100, integer=True)
    A.optional_number(seed, "seed", low=0, integer=True)
    A.check_keywords("transit_time_distribution", route_kwargs, (*A.ROUTE_CONSTRAINTS, "weight"))
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
        route = shortest_route(network, origin, destination, **route_kwargs)
    legs = route._legs
    fixed_h = float(legs["travel_h"].sum())
    elements = _stochastic_elements(route, network)
    dists = [el["sample"] for el in elements]
    sizes = [draws // _CHUNKS + (1 if i < draws % _CHUNKS else 0) for i in range(_CHUNKS)]
    seeds = np.random.SeedSequence(seed).spawn(_CHUNKS)
    parts = map_shared(executor, _simulate, dists, list(zip(seeds, sizes, strict=True)))
    samples = np.concatenate(parts, axis=1) if dists else np.zeros((0, draws))
    total = np.full(draws, fixed_h) + samples.sum(axis=0)
    by_source: dict[str, np.ndarray] = {}
    rows = []
    warnings = []
    for el, x in zip(elements, samples, strict=True):
        by_source[el["source"]] = by_source.get(el["source"], np.zeros(draws)) + x
        rows.append({"element": el["element"], "source": el["source"],
                     "mean_h": float(x.mean()), "std_h": float(x.std()),
                     "p90_h": float(np.percentile(x, 90)), "variance": float(x.var()),
                     "family": el["family"]})
        if el["p90_h"] and el["achieved_p90_h"] and \
                el["achieved_p90_h"] < el["p90_h"] * 0.97:
            warnings.append(f"{el['element']}: p90 {el['p90_h']:.0f} h cannot go with a mean of "
                            f"{el['mean_h']:.1f} h; used {el['achieved_p90_h']:.0f} h")
    var_total = float(total.var()) or 1.0
    el_df = pd.DataFrame(rows, columns=["element", "source", "mean_h", "std_h", "p90_h",
                                        "variance", "family"])
    el_df["share"] = el_df["variance"] / var_total
    el_df = el_df.drop(columns="variance").sort_values("share", ascending=False).reset_index(
        drop=True)
    src_rows = []
    for name in ("border", "transfer", "wait", "weather"):
        x = by_source.get(name)
        if x is None:
            src_rows.append({"source": name, "mean_h": 0.0, "std_h": 0.0, "share": 0.0})
            continue
        src_rows.append({"source": name, "mean_h": float(x.mean()), "std_h": float(x.std()),
                         "share": float(x.var()) / var_total})
    sources = pd.DataFrame(src_rows)
    # the sources are independent, so their variances add up to the total's (up to sampling
    # noise); normalise the shares to sum to 1
    if sources["share"].sum() > 0:
        sources["share"] = sources["share"] / sources["share"].sum()
    return ReliabilityResult(route, total / 24.0, sources, el_df, warnings)

