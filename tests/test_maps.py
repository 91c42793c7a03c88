"""Maps and GIS export: files are written, read back by a real GIS reader (GDAL via pyogrio),
and the interactive map renders in headless Chromium when it is installed."""

from __future__ import annotations

import json
import shutil
import subprocess

import numpy as np
import pytest
from images import assert_image_matches

import tcroute
from tcroute import palette

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
    assert any("Source: tcroute" in t.get_text() for t in fig.axes[0].texts)
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


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
def test_interactive_map_renders_in_headless_chromium(default_net, routes, tmp_path):
    from tcroute.maps import interactive_map

    path = tmp_path / "map.html"
    interactive_map(default_net, {"avoid RU/BY/IR": routes["avoid RU/BY/IR"]}, path,
                    title="Xi'an to Duisburg")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run",
             f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=5000"]
    dom = subprocess.run([CHROMIUM, *flags, "--dump-dom", path.as_uri()],
                         capture_output=True, text=True, timeout=120, check=False).stdout
    assert "leaflet-container" in dom  # Leaflet ran and built the map
    assert dom.count("tcroute-route") > 10  # the route's segments are drawn
    assert dom.count("tcroute-land") > 20  # land is filled, apart from the sea
    assert 'class="tcroute-key"' in dom and "avoid RU/BY/IR: " in dom  # the colour key
    assert "network: ferry" in dom


# ------------------------------------------------------------------ publication figures
def _route_lines(ax, color):
    from matplotlib.colors import to_hex

    return [ln for ln in ax.get_lines()
            if ln.get_xydata().size and to_hex(ln.get_color()) == to_hex(color)
            and ln.get_linewidth() > 2 and ln.get_zorder() == 4]


def test_static_map_matches_reference(tiny, tmp_path):
    pytest.importorskip("matplotlib")
    from tcroute.maps import static_map

    routes = {"best": tcroute.shortest_route(tiny, "Alpha", "Delta"),
              "rail_ferry": tcroute.shortest_route(tiny, "Alpha", "Delta", weight="cost")}
    fig = static_map(tiny, routes, title="Tiny network: two routes",
                     source="Source: the tiny test network.")
    assert_image_matches(fig, "static_map_tiny", tmp_path)
    fig = static_map(tiny, None, title="Tiny network", source="Source: the tiny test network.")
    assert_image_matches(fig, "network_map_tiny", tmp_path)


def test_routes_sharing_a_link_are_drawn_side_by_side(tiny):
    pytest.importorskip("matplotlib")
    import numpy as np

    from tcroute.maps import static_map

    r = tcroute.shortest_route(tiny, "Alpha", "Delta")
    fig = static_map(tiny, {"best": r, "northern": r}, source="")
    ax = fig.axes[0]
    a = _route_lines(ax, palette.corridor_color("best"))
    b = _route_lines(ax, palette.corridor_color("northern"))
    assert a and len(a) == len(b)
    for la, lb in zip(a, b, strict=True):  # the same legs, moved apart, not on top
        gap = np.abs(la.get_xydata()[:, 1].mean() - lb.get_xydata()[:, 1].mean())
        assert gap > 0.005
    # in the corridors' own colours
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[0].startswith("best: ") and labels[1].startswith("northern: ")


def test_frame_fits_every_route(default_net):
    pytest.importorskip("matplotlib")
    from tcroute.maps import static_map

    net = default_net.with_scenario("suez_closed")
    cape = tcroute.shortest_route(net, "Shanghai", "Rotterdam", modes=["sea"])
    assert "za_cape_of_good_hope" in cape.places
    fig = static_map(net, {"sea_cape": cape}, show_network=False, source="")
    ax = fig.axes[0]
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    pts = np.concatenate([ln.get_xydata() for ln in _route_lines(
        ax, palette.corridor_color("sea_cape"))])
    assert (pts[:, 0] >= x0).all() and (pts[:, 0] <= x1).all()
    assert (pts[:, 1] >= y0).all() and (pts[:, 1] <= y1).all()
    assert pts[:, 1].min() < -33  # the Cape of Good Hope is in the frame


@pytest.mark.parametrize("bbox", [(2.5, 49.8, 8.5, 53.0), (40.5, 41.2, 43.0, 42.8)],
                         ids=["Rotterdam-Antwerp-Duisburg", "Poti-Anaklia-Batumi"])
def test_place_labels_do_not_overlap(default_net, bbox):
    pytest.importorskip("matplotlib")
    from tcroute.maps import static_map

    fig = static_map(default_net, None, bbox=bbox, source="")
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in ax.texts
             if t.get_text() and "km" not in t.get_text()]
    assert len(boxes) >= 3
    for i, (na, a) in enumerate(boxes):
        for nb, b in boxes[i + 1:]:
            assert not a.overlaps(b), f"labels {na!r} and {nb!r} overlap"
