"""How a link or transfer is priced: time, money, distance, CO2 and generalised cost."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

from .errors import ArgumentTypeError

__all__ = ["DEFAULT_VALUE_OF_TIME_USD_PER_TEU_H", "CostModel", "Weight"]

#: Default value of time of a loaded TEU in transit, USD per TEU-hour. Derived, an estimate:
#: a cargo value of about USD 150,000 per TEU for the high-value goods that go by rail between
#: China and Europe, times a 15 %/year inventory carrying cost, divided by 8,760 h/year
#: (150,000 × 0.15 / 8,760 ≈ 2.6). See docs/methodology.md.
DEFAULT_VALUE_OF_TIME_USD_PER_TEU_H = 2.5

WeightName = Literal["time", "cost", "distance", "co2", "generalized"]
WEIGHT_NAMES: tuple[str, ...] = ("time", "cost", "distance", "co2", "generalized")


def _frozen(m: Mapping[str, float] | None) -> Mapping[str, float]:
    return MappingProxyType(dict(m or {}))


@dataclass(frozen=True)
class CostModel:
    """Prices that turn a leg into a routing weight.

    Parameters
    ----------
    weight : {"time", "cost", "distance", "co2", "generalized"}, default "generalized"
        What a route minimises when this model is passed as ``weight``.
    value_of_time_usd_per_teu_h : float
        USD per TEU-hour added to money for the ``generalized`` weight.
    speed_kmh, cost_usd_per_teu_km, co2_kg_per_teu_km : mapping of mode -> float, optional
        Replace the per-mode defaults of ``modes.csv`` (a link's own value still wins).
    border_dwell_scale : float, default 1.0
        Multiplies every border dwell time (e.g. 0.5 for a facilitation scenario).

    Examples
    --------
    >>> m = CostModel(value_of_time_usd_per_teu_h=5.0)
    >>> m.generalized(cost_usd=1000.0, time_h=100.0)
    1500.0
    """

    weight: WeightName = "generalized"
    value_of_time_usd_per_teu_h: float = DEFAULT_VALUE_OF_TIME_USD_PER_TEU_H
    speed_kmh: Mapping[str, float] = field(default_factory=dict)
    cost_usd_per_teu_km: Mapping[str, float] = field(default_factory=dict)
    co2_kg_per_teu_km: Mapping[str, float] = field(default_factory=dict)
    border_dwell_scale: float = 1.0

    def __post_init__(self) -> None:
        from . import _args as A

        object.__setattr__(self, "weight", A.choice(self.weight, "weight", WEIGHT_NAMES))
        A.number(self.value_of_time_usd_per_teu_h, "value_of_time_usd_per_teu_h", low=0,
                 unit="USD per TEU-hour")
        A.number(self.border_dwell_scale, "border_dwell_scale", low=0)
        for name in ("speed_kmh", "cost_usd_per_teu_km", "co2_kg_per_teu_km"):
            mapping = getattr(self, name)
            if not isinstance(mapping, Mapping):
                raise ArgumentTypeError(f"{name}: expected a mapping of mode -> number, got "
                                        f"{mapping!r}")
            clean = {}
            for mode, value in mapping.items():
                m = A.modes([mode], name)[0]
                # a speed of 0 would make every leg of the mode infinitely long
                clean[m] = A.number(value, f"{name}[{mode!r}]", low=0,
                                    strict=name == "speed_kmh")
            object.__setattr__(self, name, _frozen(clean))

    def __reduce__(self) -> tuple[Any, ...]:  # picklable for process pools
        return (CostModel, (self.weight, self.value_of_time_usd_per_teu_h, dict(self.speed_kmh),
                            dict(self.cost_usd_per_teu_km), dict(self.co2_kg_per_teu_km),
                            self.border_dwell_scale))

    def generalized(self, *, cost_usd: float, time_h: float) -> float:
        """Money plus the value of time, USD per TEU."""
        return cost_usd + self.value_of_time_usd_per_teu_h * time_h

    def _key(self) -> tuple[Any, ...]:
        return (tuple(sorted(self.speed_kmh.items())),
                tuple(sorted(self.cost_usd_per_teu_km.items())),
                tuple(sorted(self.co2_kg_per_teu_km.items())), self.border_dwell_scale)

    def __hash__(self) -> int:
        return hash((self.weight, self.value_of_time_usd_per_teu_h, self._key()))


#: What ``weight=`` accepts: a name, a CostModel, or a callable taking a leg's metrics
#: (a dict with length_km, time_h, cost_usd, co2_kg, mode, id, ...) and returning a number,
#: or None to forbid that leg.
Weight = WeightName | CostModel | Callable[[Mapping[str, Any]], float | None]
