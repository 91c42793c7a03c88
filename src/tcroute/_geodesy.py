"""Distances on the WGS84 ellipsoid (pyproj.Geod)."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike
from pyproj import Geod

GEOD = Geod(ellps="WGS84")


def geodesic_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Geodesic distance in km between two lon/lat points.

    Examples
    --------
    >>> round(geodesic_km(0.0, 0.0, 1.0, 0.0), 1)
    111.3
    """
    return float(GEOD.inv(lon1, lat1, lon2, lat2)[2]) / 1000.0


def geodesic_km_many(
    lon1: ArrayLike, lat1: ArrayLike, lon2: ArrayLike, lat2: ArrayLike
) -> np.ndarray:
    """Element-wise geodesic distances in km.

    Examples
    --------
    >>> [round(float(x), 1) for x in geodesic_km_many([0.0], [0.0], [1.0], [0.0])]
    [111.3]
    """
    a = [np.asarray(x, dtype=float).ravel() for x in (lon1, lat1, lon2, lat2)]
    if a[0].size == 0:
        return np.zeros(0)
    if a[0].size == 1:  # pyproj takes a 1-element array down its scalar path, deprecated
        return np.array([geodesic_km(*(float(x[0]) for x in a))])
    return np.asarray(GEOD.inv(*a)[2], dtype=float) / 1000.0


def path_length_km(coords: list[tuple[float, float]]) -> float:
    """Length in km of a polyline given as (lon, lat) pairs."""
    if len(coords) < 2:
        return 0.0
    lons, lats = zip(*coords, strict=True)
    return float(GEOD.line_length(lons, lats)) / 1000.0
