"""Maps and GIS export: files are written, read back by a real GIS reader (GDAL via pyogrio),
and the interactive map renders in headless Chromium when it is installed."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

import tcroute

pyogrio = pytest.importorskip("pyogrio")


@pytest.fixture(scope="module")
def routes(default_net):
    return {
        "fastest": tcroute.shortest_route(default_net, "Xi'an", "Duisburg"),
        "avoid RU/BY/IR": tcroute.shortest_route(default_net, "Xi'an", "Duisburg",
                                                 avoid_countries=["RU", "BY", "IR"]),
        "sea": tcroute.shortest_route(default_net, "Shanghai", "Rotterdam", modes=["sea"]),
    }


def test_network_geojson_read_back(default_net, tmp_path):
    path = tmp_path / "network.geojson"
    default_net.to_geojson(path)
    df = pyogrio.read_dataframe(path)
    assert df.crs.to_epsg() == 4326
    links = df[df["layer"] == "links"]
    places = df[df["layer"] == "places"]
    assert len(links) == len(default_net.links) and len(places) == len(default_net.places)
    assert set(links.geom_type) == {"LineString"} and set(places.geom_type) == {"Point"}
    row = links.set_index("id").loc["ferry_kz_kuryk_port__az_alat_port"]
    assert row["length_km"] == pytest.approx(default_net.links.loc[
        "ferry_kz_kuryk_port__az_alat_port", "length_km"])
    assert row["source"]  # attributes kept


def test_sea_links_follow_the_sea(default_net):
    from tcroute.geometry import link_geometry

    p = default_net.places
    a = tuple(p.loc["eg_port_said", ["lon", "lat"]])
    b = tuple(p.loc["es_gibraltar_strait", ["lon", "lat"]])
    g = link_geometry("sea", a, b)
    assert len(g.coords) > 5  # a path through the Mediterranean, not one straight segment
    caspian = default_net.links.loc["ferry_kz_aktau_port__az_alat_port"]
    traced = link_geometry("ferry", (0, 0), (1, 1), caspian["note"])
    assert len(traced.coords) >= 3  # the hand-traced waypoints round Absheron


def test_geopackage_read_back(default_net, tmp_path):
    pytest.importorskip("geopandas")
    path = default_net.to_geopackage(tmp_path / "network.gpkg")
    layers = dict(pyogrio.list_layers(path))
    assert layers == {"places": "Point", "links": "LineString", "terminals": "Point"}
    links = pyogrio.read_dataframe(path, layer="links")
    assert links.crs.to_epsg() == 4326 and len(links) == len(default_net.links)
    assert set(default_net.links.columns) <= set(links.columns)


def test_route_geojson_read_back(routes, tmp_path):
    path = tmp_path / "route.geojson"
    path.write_text(json.dumps(routes["avoid RU/BY/IR"].to_geojson()), encoding="utf-8")
    df = pyogrio.read_dataframe(path)
    assert len(df) == (routes["avoid RU/BY/IR"].legs["kind"] == "link").sum()
    assert {"length_km", "border_h", "wait_h", "cost_usd"} <= set(df.columns)


def test_static_map(default_net, routes, tmp_path):
    pytest.importorskip("matplotlib")
    from tcroute.maps import static_map

    fig = static_map(default_net, routes, tmp_path / "routes.png")
    assert (tmp_path / "routes.png").stat().st_size > 80_000
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert any(lbl.startswith("avoid RU/BY/IR") for lbl in labels)
    assert "network: ferry" in labels
    static_map(default_net, None, tmp_path / "network.svg", bbox=(20, 30, 90, 56))
    assert (tmp_path / "network.svg").read_text(encoding="utf-8").startswith("<?xml")


def test_interactive_map_is_self_contained(default_net, routes, tmp_path):
    from tcroute.maps import interactive_map

    page = interactive_map(default_net, {"avoid RU/BY/IR": routes["avoid RU/BY/IR"]},
                           tmp_path / "map.html")
    assert "L.map(" in page and "tcroute-route" in page
    assert "<script src=\"http" not in page and "<link rel=\"stylesheet\" href=\"http" not in page
    assert "Kuryk" in page and "source" in page  # popups carry attributes and sources


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
def test_interactive_map_renders_in_headless_chromium(default_net, routes, tmp_path):
    from tcroute.maps import interactive_map

    path = tmp_path / "map.html"
    interactive_map(default_net, {"avoid RU/BY/IR": routes["avoid RU/BY/IR"]}, path)
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run",
             f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=5000"]
    dom = subprocess.run([CHROMIUM, *flags, "--dump-dom", path.as_uri()],
                         capture_output=True, text=True, timeout=120, check=False).stdout
    assert "leaflet-container" in dom  # Leaflet ran and built the map
    assert dom.count("tcroute-route") > 10  # the route's segments are drawn
