"""Checking and normalising the arguments of public functions, in one place.

Every public function takes forgiving input at its edge and turns it into one form at once:
a list may be given as a list, a tuple, a set or one string (``"RU,BY"`` or ``"RU"``, never
iterated character by character); modes and country codes in any case. Anything else is
rejected with an :class:`~tcroute.errors.InvalidArgumentError` (a ``ValueError``) or an
:class:`~tcroute.errors.ArgumentTypeError` (a ``TypeError``) that names the parameter and
says what it expects.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from . import _schema as S
from ._countries import ISO_ALPHA2
from .errors import ArgumentTypeError, InvalidArgumentError

#: The routing constraints every route-finding function understands (shortest_route's).
ROUTE_CONSTRAINTS: tuple[str, ...] = (
    "avoid_countries", "avoid_places", "avoid_modes", "modes", "via", "include_planned",
    "cost_model", "segment_modes",
)


def check_keywords(function: str, given: Mapping[str, Any], allowed: Iterable[str]) -> None:
    """Reject keyword arguments that ``function`` does not take, as Python does for a fixed
    signature, suggesting the nearest allowed name (``avoid_country`` ->
    ``avoid_countries``).

    Examples
    --------
    >>> check_keywords("widest_route", {"modes": ["rail"]}, ROUTE_CONSTRAINTS)
    >>> try:
    ...     check_keywords("widest_route", {"avoid_country": ["RU"]}, ROUTE_CONSTRAINTS)
    ... except TypeError as exc:
    ...     print(type(exc).__name__, "did you mean 'avoid_countries'?" in str(exc))
    ArgumentTypeError True
    """
    names = list(allowed)
    for key in given:
        if key in names:
            continue
        close = difflib.get_close_matches(key, names, n=1, cutoff=0.6)
        hint = (f"; did you mean {close[0]!r}?" if close else
                f"; it takes {', '.join(names)}")
        raise ArgumentTypeError(f"{function}() got an unexpected keyword argument {key!r}{hint}")


def str_list(value: Any, name: str, *, sep: str = ",") -> list[str]:
    """A list of strings from None, one string (split at ``sep``) or an iterable of strings.

    Examples
    --------
    >>> str_list("RU, BY", "avoid_countries"), str_list(("RU",), "avoid_countries")
    (['RU', 'BY'], ['RU'])
    """
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(sep) if v.strip()]
    if isinstance(value, Mapping) or not isinstance(value, Iterable):
        raise ArgumentTypeError(f"{name}: expected a list of strings or one string such as "
                                f"'a,b', got {type(value).__name__} {value!r}")
    out = []
    for item in value:
        item = getattr(item, "value", item)  # enums
        if not isinstance(item, str):
            raise ArgumentTypeError(f"{name}: expected strings, got {type(item).__name__} "
                                    f"{item!r} in {value!r}")
        out.append(item.strip())
    return out


def countries(value: Any, name: str = "avoid_countries") -> list[str]:
    """ISO 3166-1 alpha-2 codes, upper case, checked.

    Examples
    --------
    >>> countries("ru,by")
    ['RU', 'BY']
    """
    out = []
    for v in str_list(value, name):
        cc = v.upper()
        if cc not in ISO_ALPHA2:
            raise InvalidArgumentError(name, f"{v!r} is not an ISO 3166-1 alpha-2 country code; "
                                       "expected codes such as 'RU', 'BY', 'IR'")
        out.append(cc)
    return out


def modes(value: Any, name: str) -> list[str]:
    """Modes, lower case, checked against ``rail, road, ferry, sea``.

    Examples
    --------
    >>> modes("Rail, FERRY", "modes")
    ['rail', 'ferry']
    """
    out = []
    for v in str_list(value, name):
        m = v.lower()
        if m not in S.MODES:
            raise InvalidArgumentError(name, f"unknown mode {v!r}; expected one of "
                                       f"{', '.join(S.MODES)}")
        out.append(m)
    return out


def choice(value: Any, name: str, choices: Iterable[str]) -> str:
    """One of ``choices`` (exact, case-insensitive)."""
    options = list(choices)
    if isinstance(value, str):
        for c in options:
            if value.strip().lower() == c.lower():
                return c
    raise InvalidArgumentError(name, f"expected one of {', '.join(map(repr, options))}, got "
                               f"{value!r}")


def number(value: Any, name: str, *, low: float | None = None, high: float | None = None,
           strict: bool = False, integer: bool = False, unit: str = "") -> float:
    """A finite real number in range (``> low`` when ``strict``, else ``>= low``).

    Examples
    --------
    >>> number(3, "k", low=1, integer=True)
    3
    >>> number(float("inf"), "unknown_capacity", low=0, strict=True)
    Traceback (most recent call last):
    ...
    tcroute.errors.InvalidArgumentError: unknown_capacity: expected a finite number > 0, got inf
    """
    what = "a whole number" if integer else "a finite number"
    if low is not None:
        what += f" {'>' if strict else '>='} {low:g}"
    if high is not None:
        what += f"{' and' if low is not None else ''} <= {high:g}"
    if unit:
        what += f" {unit}"
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ArgumentTypeError(f"{name}: expected {what}, got {type(value).__name__} "
                                f"{value!r}")
    if not math.isfinite(value) or (integer and value != int(value)):
        raise InvalidArgumentError(name, f"expected {what}, got {value!r}")
    if low is not None and (value <= low if strict else value < low):
        raise InvalidArgumentError(name, f"expected {what}, got {value!r}")
    if high is not None and value > high:
        raise InvalidArgumentError(name, f"expected {what}, got {value!r}")
    return int(value) if integer else value


def optional_number(value: Any, name: str, **kw: Any) -> float | None:
    """None, or :func:`number`."""
    return None if value is None else number(value, name, **kw)


def flag(value: Any, name: str) -> bool:
    """A bool (numpy bools too); strings like ``"false"`` are rejected rather than taken as
    true."""
    if isinstance(value, bool | np.bool_):
        return bool(value)
    raise ArgumentTypeError(f"{name}: expected True or False, got {type(value).__name__} "
                            f"{value!r}")


def cost_model(value: Any, name: str = "cost_model") -> Any:
    """None or a :class:`~tcroute.costs.CostModel`."""
    from .costs import CostModel

    if value is None or isinstance(value, CostModel):
        return value
    raise ArgumentTypeError(f"{name}: expected a tcroute.CostModel or None, got "
                            f"{type(value).__name__} {value!r}")


def od_pairs(pairs: Any, name: str = "demand_or_od_pairs") -> list[tuple[Any, Any, float]]:
    """(origin, destination, teu_year) triples from 2- or 3-tuples; TEU default 1."""
    if isinstance(pairs, str | bytes) or not isinstance(pairs, Iterable):
        raise ArgumentTypeError(f"{name}: expected a DataFrame or a list of (origin, "
                                f"destination[, teu_year]) tuples, got {pairs!r}")
    out = []
    for p in pairs:
        if isinstance(p, str | bytes) or not isinstance(p, Iterable):
            raise ArgumentTypeError(f"{name}: expected (origin, destination[, teu_year]) "
                                    f"tuples, got {p!r}")
        items = list(p)
        if len(items) not in (2, 3):
            raise InvalidArgumentError(name, f"expected (origin, destination[, teu_year]) "
                                       f"tuples of 2 or 3 items, got {p!r}")
        teu = number(items[2], f"{name} teu_year", low=0) if len(items) == 3 else 1.0
        out.append((items[0], items[1], teu))
    return out


def route_constraints(function: str, given: Mapping[str, Any],
                      allowed: Iterable[str] = ROUTE_CONSTRAINTS[:-1]) -> dict[str, Any]:
    """Check the ``**constraints`` of ``function`` and normalise them: country codes upper
    case and checked, modes lower case and checked, one string split at commas, places as a
    list of strings (resolved later), ``cost_model`` a CostModel.

    Examples
    --------
    >>> route_constraints("criticality", {"avoid_countries": "ru,by", "modes": "Rail"})
    {'avoid_countries': ['RU', 'BY'], 'modes': ['rail']}
    """
    check_keywords(function, given, allowed)
    out = dict(given)
    if "avoid_countries" in out:
        out["avoid_countries"] = countries(out["avoid_countries"], "avoid_countries")
    for key in ("modes", "avoid_modes"):
        if key in out and not (key == "modes" and out[key] is None):
            out[key] = modes(out[key], key)
    if "avoid_places" in out:
        out["avoid_places"] = str_list(out["avoid_places"], "avoid_places")
    if "include_planned" in out:
        out["include_planned"] = flag(out["include_planned"], "include_planned")
    if "cost_model" in out:
        out["cost_model"] = cost_model(out["cost_model"])
    return out


def path(value: Any, name: str) -> Any:
    """A str or an os.PathLike (returned unchanged)."""
    import os

    if isinstance(value, str | os.PathLike):
        return value
    raise ArgumentTypeError(f"{name}: expected a path (str or pathlib.Path), got "
                            f"{type(value).__name__} {value!r}")


def executor(value: Any, name: str = "executor", *, needs: str = "map") -> Any:
    """``None`` or a ``concurrent.futures``-style executor (an object with ``map`` and
    ``submit``); anything else is an :class:`~tcroute.errors.ArgumentTypeError`.

    Examples
    --------
    >>> executor(None) is None
    True
    >>> try:
    ...     executor(4)
    ... except TypeError as e:
    ...     print(str(e).split("; ")[-1])
    for 4 worker processes pass concurrent.futures.ProcessPoolExecutor(4)
    """
    if value is None:
        return None
    if not callable(getattr(value, needs, None)):
        hint = ""
        if isinstance(value, int) and not isinstance(value, bool):
            hint = (f"; for {value} worker processes pass "
                    f"concurrent.futures.ProcessPoolExecutor({value})")
        raise ArgumentTypeError(
            f"{name}: expected a concurrent.futures-style executor (ThreadPoolExecutor, "
            f"ProcessPoolExecutor, a Dask client's get_executor()), got "
            f"{type(value).__name__} {value!r}{hint}")
    return value
