"""Link geometries and GIS export (GeoJSON always; GeoPackage when geopandas is installed).

A rail or road link is drawn as a straight line between its places (the places are the real
stations and junctions, no more than about 450 km apart). A sea link follows its path on the
``searoute`` maritime network when that package is installed; a ferry link traced by hand
follows the waypoints listed in its ``note``. Coordinates are WGS84 lon/lat (RFC 7946).
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from shapely.geometry import LineString, Point, mapping

if TYPE_CHECKING:
    from .network import Network

__all__ = ["link_geometry", "network_geojson", "write_geopackage"]

_WAYPOINTS = re.compile(r"waypoints[^:]*:\s*([-0-9.; ]+)")


@lru_cache(maxsize=4096)
def _sea_path(a: tuple[float, float], b: tuple[float, float]) -> tuple[tuple[float, float], ...]:
    try:
        import searoute
    except ImportError:
        return (a, b)
    feat = searoute.searoute(list(a), list(b), units="km", append_orig_dest=True,
                             restrictions=["northwest"])
    coords = tuple((float(x), float(y)) for x, y in feat["geometry"]["coordinates"])
    return coords if len(coords) >= 2 else (a, b)


def link_geometry(mode: str, a: tuple[float, float], b: tuple[float, float],
                  note: str | None = None) -> LineString:
    """The drawn geometry of a link (see the module docstring).

    Examples
    --------
    >>> link_geometry("rail", (60.0, 40.0), (61.0, 40.0)).length
    1.0
    """
    if mode == "ferry" and note:
        m = _WAYPOINTS.search(note)
        if m:
            pts = [tuple(map(float, p.split())) for p in m.group(1).split(";") if p.strip()]
            if len(pts) >= 2:
                return LineString(pts)
    if mode == "sea":
        return LineString(_sea_path(a, b))
    return LineString([a, b])


def _clean(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def network_geojson(network: Network, path: str | Path | None = None) -> dict[str, Any]:
    """The network as one GeoJSON FeatureCollection: places (Points, ``layer=places``) and
    links (LineStrings, ``layer=links``, sea links along their sea path) with every
    attribute. Written to ``path`` when given.

    Examples
    --------
    >>> import tcroute
    >>> gj = tcroute.load_network().to_geojson()
    >>> gj["type"], {f["properties"]["layer"] for f in gj["features"]} == {"places", "links"}
    ('FeatureCollection', True)
    """
    places = network.places
    coords = {pid: (float(r["lon"]), float(r["lat"])) for pid, r in places.iterrows()}
    feats = []
    for pid, r in places.iterrows():
        props = {"layer": "places", **{k: _clean(v) for k, v in r.items()}}
        feats.append({"type": "Feature", "geometry": mapping(Point(coords[pid])),
                      "properties": props})
    for _lid, r in network.links.iterrows():
        geom = link_geometry(r["mode"], coords[r["from_id"]], coords[r["to_id"]], r["note"])
        props = {"layer": "links", **{k: _clean(v) for k, v in r.items()}}
        feats.append({"type": "Feature", "geometry": mapping(geom), "properties": props})
    gj = {"type": "FeatureCollection", "features": feats}
    gj = json.loads(json.dumps(gj))  # plain lists, no tuples
    if path is not None:
        Path(path).write_text(json.dumps(gj, ensure_ascii=False), encoding="utf-8")
    return gj


def write_geopackage(network: Network, path: str | Path) -> Path:
    """Write the network as a GeoPackage with layers ``places``, ``links`` and ``terminals``
    (WGS84, EPSG:4326). Needs geopandas (``pip install '.[gis]'`` in a tcroute checkout)."""
    from .errors import require

    gpd: Any = require("geopandas", "gis", "GeoPackage export")
    places = network.places.reset_index(drop=True)
    coords = {r.id: (float(r.lon), float(r.lat)) for r in places.itertuples()}
    pg = gpd.GeoDataFrame(places, geometry=[Point(coords[i]) for i in places["id"]],
                          crs="EPSG:4326")
    links = network.links.reset_index(drop=True)
    lg = gpd.GeoDataFrame(links, geometry=[
        link_geometry(r.mode, coords[r.from_id], coords[r.to_id], r.note)
        for r in links.itertuples()], crs="EPSG:4326")
    terms = network.terminals.reset_index(drop=True)
    tg = gpd.GeoDataFrame(terms, geometry=[Point(coords[p]) for p in terms["place_id"]],
                          crs="EPSG:4326")
    path = Path(path)
    if path.exists():
        path.unlink()
    for name, gdf in (("places", pg), ("links", lg), ("terminals", tg)):
        gdf.to_file(path, layer=name, driver="GPKG")
    return path
