"""Transport chains: road only before and after the main haul, loads that vessels accept and
terminals handle (tcroute._chains), checked against brute force on a hand-made network and
on the default network."""

from __future__ import annotations

import itertools
import math
import re
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

import tcroute
from tcroute._chains import customs_frontier, link_pairs, transfer_pairs

# The chain network, all in one country::
#
#        +------------- rail 1435, 420 km --------- E --------- rail 1435, 420 km ---+
#        |                                                                             |
#        A ==rail 120== B --road 60-- C ==rail 120== D                                 |
#        A --road 130-- B             C --road 130-- D <-------------------------------+
#
# Road<->rail terminals (containers, 1 h) at A, B, C and D; road 20 km/h, rail 50 km/h.
# Rail A-B, truck B-C, rail C-D is the fastest path but not a chain anyone sells.
NODES = [("a", 0.0, 0.0), ("b", 1.0, 0.0), ("c", 1.5, 0.0), ("d", 2.5, 0.0), ("e", 1.25, 3.0)]
LINKS = [("ab_rail", "a", "b", "rail", 120), ("cd_rail", "c", "d", "rail", 120),
         ("ae_rail", "a", "e", "rail", 420), ("ed_rail", "e", "d", "rail", 420),
         ("ab_road", "a", "b", "road", 130), ("bc_road", "b", "c", "road", 60),
         ("cd_road", "c", "d", "road", 130)]
SPEED = {"rail": 50.0, "road": 20.0}
TRANSFER_H = 1.0


def _write(folder: Path) -> Path:
    folder.mkdir()
    (folder / "nodes.csv").write_text(
        "id,name,country,lon,lat,kind,source\n"
        + "".join(f"{p},{p.upper()},KZ,{x},{y},rail_station,test\n" for p, x, y in NODES))
    (folder / "links.csv").write_text(
        "id,from_id,to_id,mode,length_km,length_basis,gauge_mm,status,source\n"
        + "".join(f"{i},{a},{b},{m},{km},published,{1435 if m == 'rail' else ''},open,test\n"
                  for i, a, b, m, km in LINKS))
    (folder / "terminals.csv").write_text(
        "id,place_id,from_layer,to_layer,transfer_h,transfer_usd_per_teu,status,handles,source\n"
        + "".join(f"{p}_rr,{p},road,rail_1435,{TRANSFER_H},50,open,containers,test\n"
                  for p in "abcd"))
    (folder / "borders.csv").write_text(
        "id,from_country,to_country,mode,link_id,dwell_h,cost_usd_per_teu,source\n")
    (folder / "modes.csv").write_text(
        "mode,speed_kmh,cost_usd_per_teu_km,co2_kg_per_teu_km,co2_scope,source\n"
        "rail,50,0.5,0.3,TTW,test\nroad,20,1.0,0.9,TTW,test\n"
        "ferry,20,2.0,0.5,TTW,test\nsea,30,0.1,0.15,TTW,test\n")
    return folder


@pytest.fixture(scope="module")
def chain_net(tmp_path_factory: pytest.TempPathFactory) -> tcroute.Network:
    return tcroute.read_network(_write(tmp_path_factory.mktemp("chains") / "net"))


def _brute_force_best(origin: str, destination: str, sold_only: bool) -> float:
    """Fastest path by enumerating every simple path of the plain (place, mode) graph and
    keeping those whose sequence of modes is a sold chain: road*, main haul, road*."""
    g = nx.DiGraph()
    for _i, a, b, m, km in LINKS:
        g.add_edge((a, m), (b, m), h=km / SPEED[m], mode=m)
        g.add_edge((b, m), (a, m), h=km / SPEED[m], mode=m)
    for p in "abcd":
        g.add_edge((p, "road"), (p, "rail"), h=TRANSFER_H, mode=None)
        g.add_edge((p, "rail"), (p, "road"), h=TRANSFER_H, mode=None)
    best = math.inf
    for s, t in itertools.product([(origin, "rail"), (origin, "road")],
                                  [(destination, "rail"), (destination, "road")]):
        if s not in g or t not in g:
            continue
        for path in nx.all_simple_paths(g, s, t):
            edges = [g.edges[u, v] for u, v in itertools.pairwise(path)]
            modes = "".join("R" if e["mode"] == "rail" else "T" for e in edges if e["mode"])
            if sold_only and not re.fullmatch(r"T*R*T*", modes):
                continue
            best = min(best, sum(e["h"] for e in edges))
    return best


@pytest.mark.parametrize(("origin", "destination"),
                         [("a", "d"), ("d", "a"), ("a", "c"), ("b", "d"), ("b", "c"),
                          ("e", "c"), ("c", "a")])
def test_chain_rule_equals_brute_force(chain_net, origin, destination):
    for road_legs, sold_only in (("ends", True), ("anywhere", False)):
        r = tcroute.shortest_route(chain_net, origin, destination, road_legs=road_legs)
        assert r.time_h == pytest.approx(_brute_force_best(origin, destination, sold_only))
        m = tcroute.od_matrix(chain_net, [origin], [destination], road_legs=road_legs)
        assert m.loc[0, "time_h"] == pytest.approx(r.time_h)


def test_no_road_hop_between_rail_legs_unless_allowed(chain_net):
    sold = tcroute.shortest_route(chain_net, "a", "d")
    modes = "".join(sold.legs.loc[sold.legs["kind"] == "link", "mode"].str[0])
    assert not re.search(r"r+o+r", modes.replace("d", "o"))  # no rail, road, rail
    hop = tcroute.shortest_route(chain_net, "a", "d", road_legs="anywhere")
    assert list(hop.legs.loc[hop.legs["kind"] == "link", "id"]) == ["ab_rail", "bc_road",
                                                                   "cd_rail"]
    # both lifts and the drayage are paid
    assert len(hop.transfers) == 2
    assert hop.time_h == pytest.approx(120 / 50 + 60 / 20 + 120 / 50 + 2 * TRANSFER_H)
    assert hop.time_h < sold.time_h
    assert hop.constraints["road_legs"] == "anywhere"
    with pytest.raises(ValueError, match="road_legs"):
        tcroute.shortest_route(chain_net, "a", "d", road_legs="sometimes")


def test_state_rules():
    assert transfer_pairs("road", "ferry", {"containers"}) == [("road", "ferry:containers")]
    # a truck ferry takes no rail container and a train ferry no truck
    assert transfer_pairs("rail_1520", "ferry", {"trucks"}) == []
    assert transfer_pairs("road", "ferry", {"wagons"}) == []
    # a lifted box leaves the main haul for on-carriage, never back
    assert ("road@post", "rail_1435") not in transfer_pairs("road", "rail_1435", set())
    assert link_pairs("sea", set()) == [("sea:containers", "sea:containers")]
    assert customs_frontier("TR", "BG") and not customs_frontier("KZ", "RU")


NET = tcroute.load_network()


def _link_modes(route: tcroute.Route) -> str:
    legs = route.legs
    return "".join(legs.loc[legs["kind"] == "link", "mode"].map(
        {"rail": "R", "road": "T", "ferry": "F", "sea": "S"}))


def test_default_comparison_sells_every_chain():
    """Every corridor's route from Xi'an to Duisburg is road*, main haul, road*: no truck
    between two rail, ferry or sea legs; and no rail box on a truck-only ferry."""
    df = tcroute.compare_corridors(NET, "Xi'an", "Duisburg")
    accepts = NET.links["accepts"]
    for key, r in df["route"].items():
        if r is None:
            continue
        modes = _link_modes(r)
        if set(modes) <= {"T", "F"}:  # a truck all the way, Ro-Ro ferries included
            continue
        assert re.fullmatch(r"T*[RFS]+T*", modes), (key, modes)
        for lid in r.legs.loc[r.legs["mode"] == "ferry", "id"]:
            assert accepts.get(lid) != "trucks", (key, lid)


def test_rail_box_does_not_board_the_batumi_burgas_ro_pax():
    r = tcroute.shortest_route(NET, "Tbilisi", "Burgas", modes=["rail", "ferry"])
    assert "ferry_ge_batumi_port__bg_burgas_port" not in set(r.legs["id"])
    truck = tcroute.shortest_route(NET, "Batumi", "Burgas", modes=["road", "ferry"],
                                   avoid_countries=["TR"])
    assert "ferry_ge_batumi_port__bg_burgas_port" in set(truck.legs["id"])


def test_xian_duisburg_default_has_no_brest_truck_but_anywhere_may():
    for kwargs in ({}, {"avoid_countries": ["RU", "BY"]}, {"modes": ["rail", "road"]}):
        r = tcroute.shortest_route(NET, "Xi'an", "Duisburg", **kwargs)
        assert re.fullmatch(r"T+|T*[RFS]+T*", _link_modes(r)), kwargs
        hop = tcroute.shortest_route(NET, "Xi'an", "Duisburg", road_legs="anywhere", **kwargs)
        assert hop.time_h <= r.time_h + 1e-9


# ----------------------------------------------------------------- ports and the sea
def test_deep_sea_ships_call_only_at_ports_that_take_them():
    """A sea link ends at a waypoint or at a port with a terminal to or from the deep-sea
    layer; the Georgian ports (feeder ports) have none."""
    places, links, terms = NET.places, NET.links, NET.terminals
    sea_ports = set(terms.loc[(terms["from_layer"] == "sea") | (terms["to_layer"] == "sea"),
                              "place_id"])
    sea = links[links["mode"] == "sea"]
    for end in pd.concat([sea["from_id"], sea["to_id"]]):
        assert places.loc[end, "kind"] == "waypoint" or end in sea_ports, end
    assert not {"ge_poti_port", "ge_batumi_port"} & sea_ports


def test_shanghai_poti_by_sea_transships_at_a_hub():
    r = tcroute.shortest_route(NET, "Shanghai", "Poti", modes=["sea", "ferry"])
    legs = r.legs
    hub = legs[(legs["kind"] == "transfer") & legs["from_layer"].str.startswith("sea")
               & legs["to_layer"].str.startswith("ferry")]
    assert len(hub) == 1 and hub.iloc[0]["from_id"] in {"tr_ambarli_port", "gr_piraeus_port",
                                                          "ro_constanta_port", "bg_varna_port",
                                                          "bg_burgas_port"}
    assert hub.iloc[0]["transfer_h"] > 0 and hub.iloc[0]["cost_usd"] > 0
    last_sea = legs[legs["mode"] == "sea"].iloc[-1]
    assert last_sea["to_id"] != "ge_poti_port"
    # without the feeder layer the deep-sea ship cannot reach Poti at all
    with pytest.raises(tcroute.NoRouteError):
        tcroute.shortest_route(NET, "Shanghai", "Poti", modes=["sea"])


def test_sea_corridors_land_where_ruhr_boxes_are_landed():
    df = tcroute.compare_corridors(NET, "Xi'an", "Duisburg", corridors=["sea_suez", "sea_cape"])
    gateways = {"nl_rotterdam_port", "be_antwerp_port", "de_hamburg_port", "gr_piraeus_port"}
    for r in df.loc[["sea_suez", "sea_cape"], "route"]:
        sea = r.legs[r.legs["mode"] == "sea"]
        assert sea.iloc[-1]["to_id"] in gateways
        assert len(r.border_crossings.query("mode == 'sea'")) == 0
