"""Guards on the default network data: real geography, sourced rows, connectivity."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest
from reference import reference_graph

import tcroute
from tcroute._geodesy import geodesic_km

# Approximate country extents (min lon, min lat, max lon, max lat), kept here independently
# of the data so that a place typed with swapped lon/lat or a wrong country code is caught.
BBOX = {
    "CN": (73.5, 18.1, 134.8, 53.6), "KZ": (46.4, 40.5, 87.4, 55.5), "RU": (19.6, 41.1, 180, 82),
    "BY": (23.1, 51.2, 32.8, 56.2), "PL": (14.1, 49.0, 24.2, 54.9), "DE": (5.8, 47.2, 15.1, 55.1),
    "NL": (3.3, 50.7, 7.3, 53.6), "BE": (2.5, 49.5, 6.4, 51.5), "CZ": (12.0, 48.5, 18.9, 51.1),
    "SK": (16.8, 47.7, 22.6, 49.6), "AT": (9.5, 46.3, 17.2, 49.1), "HU": (16.1, 45.7, 22.9, 48.6),
    "RO": (20.2, 43.6, 29.8, 48.3), "BG": (22.3, 41.2, 28.7, 44.3), "RS": (18.8, 42.2, 23.1, 46.2),
    "GR": (19.3, 34.8, 29.7, 41.8), "TR": (25.6, 35.8, 44.9, 42.2), "IR": (44.0, 25.0, 63.4, 39.8),
    "AZ": (44.7, 38.3, 50.7, 41.95), "GE": (40.0, 41.0, 46.8, 43.6), "AM": (43.4, 38.8, 46.7, 41.3),
    "TM": (52.4, 35.1, 66.7, 42.8), "UZ": (55.9, 37.1, 73.2, 45.6), "KG": (69.2, 39.1, 80.3, 43.3),
    "TJ": (67.3, 36.6, 75.2, 41.1), "AF": (60.5, 29.3, 74.9, 38.5), "UA": (22.1, 44.3, 40.3, 52.4),
    "MK": (20.4, 40.8, 23.1, 42.4), "MN": (87.7, 41.5, 119.9, 52.2), "LT": (20.9, 53.8, 26.9, 56.5),
    "SG": (103.6, 1.15, 104.1, 1.47), "LK": (79.6, 5.9, 81.9, 9.9), "OM": (52.0, 16.6, 59.9, 26.4),
    "YE": (42.5, 12.1, 54.0, 19.0), "EG": (24.6, 21.9, 37.0, 31.7), "ES": (-9.4, 35.9, 4.4, 43.8),
    "FR": (-5.2, 41.3, 9.6, 51.1), "ZA": (16.3, -34.9, 33.0, -22.1),
}

CHINESE_ORIGINS = ["Xi'an", "Chongqing", "Chengdu", "Zhengzhou", "Wuhan", "Yiwu", "Lanzhou",
                   "Urumqi"]
EUROPEAN_DESTINATIONS = ["Duisburg", "Hamburg", "Rotterdam", "Warsaw", "Łódź", "Poznań",
                         "Berlin", "Budapest", "Vienna", "Prague", "Constanța", "Piraeus",
                         "Istanbul"]


@pytest.fixture(scope="module")
def net():
    return tcroute.load_network()


def test_size(net):
    assert len(net.places) >= 250
    assert len(net.links) >= 400


def test_every_place_inside_its_country(net):
    bad = []
    for pid, p in net.places.iterrows():
        box = BBOX.get(p["country"])
        assert box is not None, f"add a bounding box for {p['country']} ({pid})"
        pad = 1.0 if p["kind"] == "waypoint" else 0.3
        if not (box[0] - pad <= p["lon"] <= box[2] + pad and box[1] - pad <= p["lat"] <= box[3]
                + pad):
            bad.append((pid, p["country"], p["lon"], p["lat"]))
    assert not bad


def test_every_source_non_empty(net):
    for name in ("places", "links", "terminals", "borders", "modes", "corridors"):
        df = getattr(net, name)
        assert df["source"].map(lambda s: isinstance(s, str) and s.strip() != "").all(), name


def test_links_never_shorter_than_geodesic(net):
    places = net.places
    for lid, link in net.links.iterrows():
        a, b = places.loc[link["from_id"]], places.loc[link["to_id"]]
        geo = geodesic_km(a["lon"], a["lat"], b["lon"], b["lat"])
        assert link["length_km"] >= geo - 0.1, lid


def test_land_links_are_short_enough_to_follow_the_line(net):
    links = net.links
    land = links[links["mode"].isin(["rail", "road"])]
    too_long = land[land["length_km"] > 470]  # "about 450 km"
    assert too_long.empty, too_long[["from_id", "to_id", "length_km"]]


def test_circuity_rows_name_their_factor(net):
    links = net.links
    circ = links[links["length_basis"] == "circuity"]
    assert circ["note"].fillna("").str.contains("circuity").all()


def test_gauge_meetings_have_terminals(net):
    links = net.links
    rail = links[links["mode"] == "rail"]
    terms = net.terminals
    for pid in set(rail["from_id"]) | set(rail["to_id"]):
        here = rail[(rail["from_id"] == pid) | (rail["to_id"] == pid)]
        gauges = {f"rail_{int(g)}" for g in here["gauge_mm"]}
        if len(gauges) > 1:
            t = terms[terms["place_id"] == pid]
            pairs = {frozenset((a, b)) for a, b in zip(t["from_layer"], t["to_layer"],
                                                          strict=True)}
            assert any(frozenset(p) <= gauges and len(p) == 2 for p in pairs), pid


def _sea_length_reference(a, b):
    searoute = pytest.importorskip("searoute")
    feat = searoute.searoute([a["lon"], a["lat"]], [b["lon"], b["lat"]], units="km",
                             append_orig_dest=True, restrictions=["northwest"])
    return float(feat["properties"]["length"])


CASPIAN = {"KZ", "AZ", "TM", "IR", "RU"}


def _traced_km(note):
    """Length of the waypoint trace a 'traced' ferry row lists in its note."""
    import re

    m = re.search(r"waypoints[^:]*:\s*([-0-9.; ]+)", note)
    assert m, f"a traced link lists its waypoints in note: {note!r}"
    pts = [tuple(map(float, p.split())) for p in m.group(1).split(";") if p.strip()]
    return sum(geodesic_km(*a, *b) for a, b in itertools.pairwise(pts))


def test_sea_and_ferry_lengths_match_an_independent_computation(net):
    """Sea and Black Sea legs against searoute's maritime network; Caspian and Lake Van
    legs (where searoute must not be used) against the geodesic, which a crossing of open
    water exceeds by at most 30 % (rounding the Absheron peninsula for Alat). A traced leg
    must also match the trace listed in its note. A leg whose note declares a detour (e.g. a
    wartime corridor) may be longer than the direct sea route, never shorter."""
    places = net.places
    links = net.links
    water = links[links["mode"].isin(["sea", "ferry"])]
    assert len(water) >= 20
    for lid, link in water.iterrows():
        a, b = places.loc[link["from_id"]], places.loc[link["to_id"]]
        length = link["length_km"]
        note = link["note"] or ""
        if link["length_basis"] == "traced":
            trace = _traced_km(note)
            assert abs(length - trace) <= 0.15 * trace, (lid, length, trace)
        if link["mode"] == "ferry" and ({a["country"], b["country"]} <= CASPIAN
                                        or a["country"] == b["country"] == "TR"):
            # Caspian, Lake Van: open water with at most a headland to round (Absheron)
            geo = geodesic_km(a["lon"], a["lat"], b["lon"], b["lat"])
            assert geo <= length <= 1.3 * geo, (lid, length, geo)
            continue
        if link["length_basis"] == "published":
            continue  # e.g. the Suez Canal, a published length
        else:
            ref = _sea_length_reference(a, b)
        if "detour:" in note:
            assert length >= ref, (lid, length, ref)
        else:
            assert abs(length - ref) <= 0.15 * ref, (lid, length, ref)


@pytest.mark.parametrize("avoid", [(), ("RU", "BY")])
def test_every_chinese_origin_reaches_every_european_destination(net, avoid):
    for o in CHINESE_ORIGINS:
        for d in EUROPEAN_DESTINATIONS:
            r = tcroute.shortest_route(net, o, d, avoid_countries=list(avoid))
            assert r.places[-1] == net.resolve(d)
            assert not set(avoid) & set(r.countries)


def test_every_place_reachable(net):
    """Every place can be reached from Xi'an and can reach Duisburg (planned links allowed)."""
    import networkx as nx

    rg = reference_graph(net, include_planned=True)
    g = rg.g
    start = [n for n in rg.nodes_at("cn_xian")]
    seen = set()
    for s in start:
        seen |= nx.descendants(g, s) | {s}
    reached = {p for p, _ in seen}
    assert set(net.places.index) - reached == set()


#: the main city pairs whose corridor routes must say what every asset can carry
CAPACITY_PAIRS = [("Xi'an", "Duisburg"), ("Chongqing", "Duisburg"), ("Xi'an", "Istanbul"),
                  ("Almaty", "Duisburg"), ("Xi'an", "Baku"), ("Urumqi", "Poti")]


@pytest.mark.slow
def test_corridor_assets_have_a_capacity_or_say_why_not(net):
    """Every rail or ferry link and every terminal on the shipped corridors' fastest routes
    between the main city pairs has a capacity, or its note says 'capacity unknown:' and
    why (roads and deep-sea lanes are not capacity-limited at corridor scale: excluded)."""
    links, terms = net.links, net.terminals
    silent = set()
    for o, d in CAPACITY_PAIRS:
        table = tcroute.compare_corridors(net, o, d)
        for _, row in table.iterrows():
            if row["route"] is None:
                continue
            for leg in row["route"].legs.itertuples():
                if leg.kind == "link" and leg.mode in ("rail", "ferry"):
                    rec = links.loc[leg.id]
                elif leg.kind == "transfer":
                    rec = terms.loc[leg.id]
                else:
                    continue
                if pd.isna(rec["capacity_teu_year"]) and "capacity unknown:" not in str(
                        rec["note"]):
                    silent.add(leg.id)
    assert not silent, sorted(silent)


def test_every_column_of_every_file_is_documented_in_its_readme_section():
    """data/network/README.md documents each file's columns in that file's own section."""
    import re

    from tcroute import _schema as S

    text = (tcroute.default_data_dir() / "README.md").read_text(encoding="utf-8")
    sections = dict(re.findall(r"^## (\S+\.csv) — .*?\n(.*?)(?=^## |\Z)", text, re.S | re.M))
    missing = []
    for spec in S.FILES:
        assert spec.name in sections, f"no section for {spec.name}"
        rows = "\n".join(line for line in sections[spec.name].splitlines()
                         if line.startswith("|"))
        missing += [f"{spec.name}: {c}" for c in spec.column_names if f"`{c}`" not in rows]
    assert not missing, missing
