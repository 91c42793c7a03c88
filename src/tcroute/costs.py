"""How a link or transfer is priced: time, money, distance, CO2 and generalised cost."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

from .errors import ArgumentTypeError, InvalidArgumentError

__all__ = ["DEFAULT_VALUE_OF_TIME_USD_PER_TEU_H", "EASTBOUND_RAIL_FACTOR", "FEU_COST_RATIO",
           "CostModel", "Weight"]

#: Default value of time of a loaded TEU in transit, USD per TEU-hour. Derived, an estimate:
#: a cargo value of about USD 150,000 per TEU for the high-value goods that go by rail between
#: China and Europe, times a 15 %/year inventory carrying cost, divided by 8,760 h/year
#: (150,000 × 0.15 / 8,760 ≈ 2.6). See docs/methodology.md.
DEFAULT_VALUE_OF_TIME_USD_PER_TEU_H = 2.5

#: Price of a 40-foot box (FEU) over a 20-foot box (TEU), by what is paid. Sources and
#: estimates (docs/methodology.md, "Money of a route"):
#: * sea 1.5: the two indices of one lane in the same weeks of summer 2023, SCFI
#:   Shanghai-Europe USD 947/TEU (week 31, JIFFA) and Drewry WCI Shanghai-Rotterdam
#:   USD 1,272-1,620/FEU (DCN, 2023), give 1.3-1.7;
#: * rail and ferry 1.5: estimate, taken as the sea ratio (no published pair of 20' and 40'
#:   China-Europe rail or Caspian tariffs was found; forwarders' quotes are per FEU);
#: * road 2.0: the default road rate is half the USD 1.6-2.0 per truck-km of a 40' box, and a
#:   truck carries one FEU, so an FEU pays the whole truck;
#: * transfer (terminal handling) 1.5: estimate, terminal tariffs charge a 40' lift about
#:   1.3-1.6 times a 20' lift; border (fees per consignment) 1.0.
FEU_COST_RATIO: Mapping[str, float] = MappingProxyType(
    {"rail": 1.5, "road": 2.0, "ferry": 1.5, "sea": 1.5, "transfer": 1.5, "border": 1.0})

#: Eastbound over westbound China-Europe rail rate: World Bank figures for the Northern
#: Corridor, USD 2,599 per FEU eastbound and USD 3,121 westbound (EY Kazakhstan 2024 citing
#: the World Bank). The default network carries it as the rail row's
#: ``eastbound_cost_factor`` in modes.csv, applied to rail legs that run eastward (their end
#: lies east of their start); the default rates are westbound rates.
EASTBOUND_RAIL_FACTOR = 2599.0 / 3121.0

WeightName = Literal["time", "cost", "distance", "co2", "generalized"]
WEIGHT_NAMES: tuple[str, ...] = ("time", "cost", "distance", "co2", "generalized")
RailBorderDwell = Literal["block_train", "all_traffic"]
#: What a rail border crossing takes: a container block train's dwell, or the mean of all
#: rail traffic (mostly wagonload) as the ADB CAREC CPMM measures it. See ``borders.csv``.
RAIL_BORDER_DWELLS: tuple[str, ...] = ("block_train", "all_traffic")


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
    rail_border_dwell : {"block_train", "all_traffic"}, default "block_train"
        Which dwell a rail border crossing takes. ``"block_train"``: a container block train
        (a China-Europe express with its border slot), the column ``block_train_dwell_h``
        of ``borders.csv`` where a crossing has one, else ``dwell_h``. ``"all_traffic"``:
        ``dwell_h`` everywhere, the mean of all rail shipments (mostly wagonload) that the
        ADB CAREC CPMM measures; at Alashankou-Dostyk about four days instead of about one.
    unit : {"TEU", "FEU"}, default "TEU"
        What money and CO2 are counted per: a 20-foot box, or a 40-foot box, priced with
        ``feu_cost_ratio`` (not as 2 TEU) and emitting twice the CO2 of a TEU.
    feu_cost_ratio : mapping, optional
        FEU price over TEU price by ``rail``, ``road``, ``ferry``, ``sea``, ``transfer``
        (terminal handling) and ``border`` (fees); default :data:`FEU_COST_RATIO`.
    eastbound_rail_factor : float, optional
        Multiplies the money of rail legs that run eastward (1.0 ignores direction).
        Default: the network's ``modes.csv`` (``eastbound_cost_factor``; the default network
        uses :data:`EASTBOUND_RAIL_FACTOR`).

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
    unit: Literal["TEU", "FEU"] = "TEU"
    feu_cost_ratio: Mapping[str, float] = field(default_factory=lambda: dict(FEU_COST_RATIO))
    eastbound_rail_factor: float | None = None
    rail_border_dwell: RailBorderDwell = "block_train"

    def __post_init__(self) -> None:
        from . import _args as A

        object.__setattr__(self, "weight", A.choice(self.weight, "weight", WEIGHT_NAMES))
        A.number(self.value_of_time_usd_per_teu_h, "value_of_time_usd_per_teu_h", low=0,
                 unit="USD per TEU-hour")
        A.number(self.border_dwell_scale, "border_dwell_scale", low=0)
        object.__setattr__(self, "rail_border_dwell", A.choice(
            self.rail_border_dwell, "rail_border_dwell", RAIL_BORDER_DWELLS))
        object.__setattr__(self, "unit", A.choice(self.unit, "unit", ("TEU", "FEU")))
        if self.eastbound_rail_factor is not None:
            A.number(self.eastbound_rail_factor, "eastbound_rail_factor", low=0, strict=True)
        if not isinstance(self.feu_cost_ratio, Mapping):
            raise ArgumentTypeError(f"feu_cost_ratio: expected a mapping, got "
                                    f"{self.feu_cost_ratio!r}")
        ratios = {**FEU_COST_RATIO, **dict(self.feu_cost_ratio)}
        for what, value in ratios.items():
            if what not in FEU_COST_RATIO:
                raise InvalidArgumentError("feu_cost_ratio", f"expected keys among "
                                           f"{', '.join(FEU_COST_RATIO)}, got {what!r}")
            A.number(value, f"feu_cost_ratio[{what!r}]", low=0, strict=True)
        object.__setattr__(self, "feu_cost_ratio", _frozen(ratios))
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
                            self.border_dwell_scale, self.unit, dict(self.feu_cost_ratio),
                            self.eastbound_rail_factor, self.rail_border_dwell))

    def generalized(self, *, cost_usd: float, time_h: float) -> float:
        """Money plus the value of time, USD per TEU."""
        return cost_usd + self.value_of_time_usd_per_teu_h * time_h

    def _key(self) -> tuple[Any, ...]:
        return (tuple(sorted(self.speed_kmh.items())),
                tuple(sorted(self.cost_usd_per_teu_km.items())),
                tuple(sorted(self.co2_kg_per_teu_km.items())), self.border_dwell_scale,
                self.unit, tuple(sorted(self.feu_cost_ratio.items())),
                self.eastbound_rail_factor, self.rail_border_dwell)

    def money_factor(self, what: str, eastbound: bool = False,
                     eastbound_default: float | None = None) -> float:
        """Multiplier on the per-TEU money of a leg: ``what`` is a mode, ``transfer`` or
        ``border``; a leg running east takes its mode's eastbound factor
        (``eastbound_default`` from modes.csv, or :attr:`eastbound_rail_factor` for rail)."""
        f = self.feu_cost_ratio.get(what, 1.0) if self.unit == "FEU" else 1.0
        if eastbound:
            east = eastbound_default
            if what == "rail" and self.eastbound_rail_factor is not None:
                east = self.eastbound_rail_factor
            if east is not None and east == east:
                f *= east
        return f

    @property
    def co2_factor(self) -> float:
        """CO2 of one unit relative to a TEU (an FEU carries twice the cargo)."""
        return 2.0 if self.unit == "FEU" else 1.0

    def __hash__(self) -> int:
        return hash((self.weight, self.value_of_time_usd_per_teu_h, self._key()))


#: What ``weight=`` accepts: a name, a CostModel, or a callable taking a leg's metrics
#: (a dict with length_km, time_h, cost_usd, co2_kg, mode, id, ...) and returning a number,
#: or None to forbid that leg.
Weight = WeightName | CostModel | Callable[[Mapping[str, Any]], float | None]
