"""Queueing delay at an asset as its utilisation grows: the delay function of the equilibrium
assignment, kept apart from the algorithm (as AequilibraE keeps its volume-delay functions).

A capacitated asset (a ferry crossing, a port or transfer terminal, a border crossing on its
link, a single- or double-track line) is treated as one server. Kingman's heavy-traffic
approximation of the G/G/1 queue gives the mean wait in front of it

    W(rho) = k * s * rho / (1 - rho),     k = (ca^2 + cs^2) / 2,

with ``s`` the service time of one unit (a sailing, a train) and ``k`` the variability of
arrivals and service (Kingman 1961; k = 1/2 for Poisson arrivals and deterministic service,
M/D/1; k = 1 for exponential service, M/M/1). It is Davidson's travel-time function with the
capacity as the asymptote (Davidson 1966). Beyond a utilisation ``threshold`` the curve is
continued by its tangent (Tisato 1991's modified Davidson function), so that the delay stays
finite and convex for any flow and the equilibrium program is well posed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["QueueModel", "queue_delay_h", "queue_delay_slope_h"]

#: TEU per train: the conversion the data use for capacities given in trains per day (a 41-43
#: FEU China-Europe block train; docs/methodology.md, Capacity), so that a line's service time
#: is one train's share of its capacity. China Railway's own averages run higher (16,145
#: trains and 1.749 M TEU in Jan-Nov 2023: 108 TEU/train), because its trains carry more
#: boxes inside China.
TRAIN_TEU = 80.0

HOURS_PER_YEAR = 8760.0


@dataclass(frozen=True)
class QueueModel:
    """Parameters of the queueing delay used by the equilibrium assignment.

    Parameters
    ----------
    variability : float, default 0.5
        Kingman's factor k = (ca² + cs²)/2 for scheduled services, terminals, borders and
        lines: 0.5 is Poisson arrivals and deterministic service (M/D/1).
    irregular_variability : float, default 1.0
        k for sailings that leave when full (``irregular_sailings``): exponential service
        (M/M/1).
    threshold : float, default 0.95
        Utilisation beyond which the delay continues along its tangent (Tisato 1991).
    train_teu : float, default 80
        TEU per train: the service unit of every asset, ferries included (its service time is
        one train's share of its capacity: containers arrive a train at a time, and a sailing
        takes several trains' loads).
    max_delay_h : float, default 720
        Queueing delay (hours, on a whole route) beyond which a shipper sends the container
        another way: demand that would wait longer is reported unserved (30 days by default,
        the longest waits reported in the 2021 Belarus border congestion; UTLC press review
        2021-12-14).
    saturated_at : float, default 0.9
        Utilisation from which an asset counts as saturated in ``saturation_order``.

    Examples
    --------
    >>> from tcroute.assignment import QueueModel
    >>> QueueModel(threshold=0.9).threshold
    0.9
    """

    variability: float = 0.5
    irregular_variability: float = 1.0
    threshold: float = 0.95
    train_teu: float = TRAIN_TEU
    max_delay_h: float = 720.0
    saturated_at: float = 0.9

    def __post_init__(self) -> None:
        from . import _args as A
        from .errors import InvalidArgumentError

        for name in ("variability", "irregular_variability", "train_teu", "max_delay_h"):
            A.number(getattr(self, name), f"QueueModel.{name}", low=0, strict=True)
        for name in ("threshold", "saturated_at"):
            value = A.number(getattr(self, name), f"QueueModel.{name}", low=0, high=1,
                             strict=True)
            if value >= 1:
                raise InvalidArgumentError(f"QueueModel.{name}", "expected a number > 0 and "
                                           f"< 1, got {value!r}")


def queue_delay_h(rho: np.ndarray, scale_h: np.ndarray, threshold: float) -> np.ndarray:
    """Mean queueing delay (hours) at utilisation ``rho``: ``scale_h * rho / (1 - rho)`` up to
    ``threshold``, then its tangent.

    ``scale_h`` is Kingman's factor times the service time of one unit.

    Examples
    --------
    >>> import numpy as np
    >>> queue_delay_h(np.array([0.0, 0.5, 0.95, 1.0]), np.array([2.0] * 4), 0.95).round(1)
    array([ 0.,  2., 38., 78.])
    """
    rho = np.maximum(np.asarray(rho, dtype=float), 0.0)
    low = np.minimum(rho, threshold)
    base = low / (1.0 - low)
    extra = np.maximum(rho - threshold, 0.0) / (1.0 - threshold) ** 2
    return scale_h * (base + extra)


def queue_delay_slope_h(rho: np.ndarray, scale_h: np.ndarray, threshold: float) -> np.ndarray:
    """Derivative of :func:`queue_delay_h` with respect to ``rho`` (hours per unit of
    utilisation).

    Examples
    --------
    >>> import numpy as np
    >>> queue_delay_slope_h(np.array([0.0, 0.5, 2.0]), np.array([1.0] * 3), 0.95).round(1)
    array([  1.,   4., 400.])
    """
    rho = np.maximum(np.asarray(rho, dtype=float), 0.0)
    low = np.minimum(rho, threshold)
    return scale_h / (1.0 - low) ** 2
