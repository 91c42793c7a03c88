"""Prices: TEU and FEU, direction-specific rail rates, sea rates by period (tcroute.costs)."""

from __future__ import annotations

import pytest

import tcroute
from tcroute import CostModel
from tcroute.costs import EASTBOUND_RAIL_FACTOR, FEU_COST_RATIO
from tcroute.engine import compile_network

NET = tcroute.load_network()


def test_feu_is_not_two_teu():
    teu = tcroute.shortest_route(NET, "Xi'an", "Duisburg")
    feu = tcroute.shortest_route(NET, "Xi'an", "Duisburg", unit="FEU")
    assert feu.unit == "FEU" and teu.unit == "TEU"
    assert list(feu.legs["id"]) == list(teu.legs["id"])  # same route by time
    assert feu.cost_usd != pytest.approx(2 * teu.cost_usd)
    assert teu.cost_usd < feu.cost_usd < 2 * teu.cost_usd
    assert feu.co2_kg == pytest.approx(2 * teu.co2_kg)
    # leg by leg: each leg's FEU money is its TEU money times the ratio of what it pays
    for t, f in zip(teu.legs.itertuples(), feu.legs.itertuples(), strict=True):
        if t.kind == "transfer":
            assert f.cost_usd == pytest.approx(t.cost_usd * FEU_COST_RATIO["transfer"])
        elif not t.border_id:
            assert f.cost_usd == pytest.approx(t.cost_usd * FEU_COST_RATIO[t.mode])
    assert "USD" in feu.summary() and "/FEU" in feu.summary()


def test_unit_in_cli_and_comparison(capsys):
    df = tcroute.compare_corridors(NET, "Xi'an", "Duisburg", unit="FEU",
                                   corridors=["northern"])
    assert set(df["unit"]) == {"FEU"}
    from tcroute.cli import main

    assert main(["route", "Xi'an", "Duisburg", "--unit", "FEU"]) == 0
    assert "/FEU" in capsys.readouterr().out


def test_eastbound_rail_is_cheaper_by_the_published_ratio():
    west = tcroute.shortest_route(NET, "Dostyk", "Petropavl", modes=["rail"])
    east = tcroute.shortest_route(NET, "Petropavl", "Dostyk", modes=["rail"])
    assert set(west.legs["id"]) == set(east.legs["id"])
    assert east.cost_usd < west.cost_usd
    flat = CostModel(eastbound_rail_factor=1.0)
    e_flat = tcroute.shortest_route(NET, "Petropavl", "Dostyk", modes=["rail"],
                                    cost_model=flat)
    # only rail link money changes, by the factor, on the legs that run east
    links = east.legs[(east.legs["kind"] == "link") & east.legs["border_id"].isna()]
    base = e_flat.legs.set_index("id").loc[links["id"], "cost_usd"].to_numpy()
    ratio = links["cost_usd"].to_numpy() / base
    factor = float(NET.modes.loc["rail", "eastbound_cost_factor"])
    assert set(ratio.round(4)) <= {1.0, round(factor, 4)} and factor in set(ratio.round(4))
    assert factor == pytest.approx(EASTBOUND_RAIL_FACTOR, abs=1e-4)
    assert abs(EASTBOUND_RAIL_FACTOR - 2599 / 3121) < 1e-12


def test_engine_prices_like_the_reference_per_feu():
    model = CostModel(unit="FEU")
    c = compile_network(NET, cost_model=model)
    m = tcroute.od_matrix(NET, ["Xi'an", "Duisburg"], ["Istanbul", "Almaty"], weight="cost",
                          cost_model=model)
    for row in m.itertuples():
        r = tcroute.shortest_route(NET, row.origin, row.destination, weight="cost",
                                   cost_model=model)
        assert row.cost_usd == pytest.approx(r.cost_usd)
    assert c.n_nodes > 0


def test_red_sea_diversion_moves_distance_and_price():
    base = tcroute.shortest_route(NET, "Shanghai", "Rotterdam", modes=["sea"], unit="FEU")
    red = tcroute.shortest_route(NET.with_scenario("red_sea_diversion"), "Shanghai",
                                 "Rotterdam", modes=["sea"], unit="FEU")
    closed = tcroute.shortest_route(NET.with_scenario("suez_closed"), "Shanghai",
                                    "Rotterdam", modes=["sea"], unit="FEU")
    assert red.distance_km > base.distance_km + 5000
    assert "Cape of Good Hope" in red.passages
    # the 2024 rate: Drewry WCI Shanghai-Rotterdam about USD 4,000-4,200 per FEU
    assert 3500 < red.cost_usd < 4500
    assert red.distance_km == pytest.approx(closed.distance_km)
    assert red.cost_usd > 1.9 * closed.cost_usd  # price moves, not only distance
    assert 1300 < base.cost_usd < 2100  # base period: USD 1,500-2,000 per FEU (World Bank)


def test_cost_model_rejects_bad_units():
    with pytest.raises(ValueError, match="unit"):
        CostModel(unit="TONNE")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="feu_cost_ratio"):
        CostModel(feu_cost_ratio={"sea": 0})


def _with_block_dwell(folder, mean: str, p90: str = "") -> tcroute.Network:
    from conftest import set_cells

    set_cells(folder / "borders.csv", {"id": "cn_kz_rail"}, block_train_dwell_h=mean,
              block_train_dwell_p90_h=p90)
    return tcroute.read_network(folder)


def test_rail_border_dwell_picks_the_block_train_or_all_traffic_column(tiny_copy):
    # tiny: CN->KZ rail dwell 10 h (all traffic); a block train is given 3 h
    folder = tiny_copy()
    net = _with_block_dwell(folder, "3", "6")
    block = tcroute.shortest_route(net, "Alpha", "Charlie", modes=["rail"])
    every = tcroute.shortest_route(net, "Alpha", "Charlie", modes=["rail"],
                                   cost_model=CostModel(rail_border_dwell="all_traffic"))
    assert block.rail_border_dwell == "block_train" and every.rail_border_dwell == "all_traffic"
    assert block.legs["border_h"].sum() == pytest.approx(3.0)
    assert every.legs["border_h"].sum() == pytest.approx(10.0)
    assert every.time_h - block.time_h == pytest.approx(7.0)
    assert every.cost_usd == pytest.approx(block.cost_usd)  # the fee is the row's either way
    # the scale applies to whichever dwell is chosen
    half = tcroute.shortest_route(net, "Alpha", "Charlie", modes=["rail"],
                                  cost_model=CostModel(border_dwell_scale=0.5))
    assert half.legs["border_h"].sum() == pytest.approx(1.5)
    # a row without a block-train dwell keeps its all-traffic dwell for both
    plain = _with_block_dwell(folder, "")
    r = tcroute.shortest_route(plain, "Alpha", "Charlie", modes=["rail"])
    assert r.legs["border_h"].sum() == pytest.approx(10.0)


def test_engine_equals_reference_for_both_rail_border_dwells(default_net):
    from reference import reference_graph

    rg = reference_graph(default_net)
    has_block = default_net.borders["block_train_dwell_h"].notna()
    assert has_block.any(), "the default network gives no block-train dwell"
    for model in (CostModel(), CostModel(rail_border_dwell="all_traffic")):
        c = compile_network(default_net, cost_model=model)
        e = c.edges.assign(tail_place=c.nodes["place"].to_numpy()[c.edges["tail"]],
                           head_place=c.nodes["place"].to_numpy()[c.edges["head"]])
        e = e[e["border_id"].notna()].set_index(
            ["id", "tail_place", "head_place", "from_layer", "to_layer"])
        n = 0
        for u, v, data in rg.g.edges(data=True):
            for leg in data["legs"]:
                if leg.get("border") is None:
                    continue
                m = rg.metrics(leg, model)
                row = e.loc[(leg["id"], u[0], v[0], u[1], v[1])]
                assert float(row["time_h"]) == pytest.approx(m["time_h"], abs=1e-9)
                assert float(row["border_h"]) == pytest.approx(m["border_h"], abs=1e-9)
                n += 1
        assert n == len(e)


def test_rail_border_dwell_is_checked_and_survives_pickling():
    import pickle

    with pytest.raises(ValueError, match=r"rail_border_dwell.*'block_train', 'all_traffic'"):
        CostModel(rail_border_dwell="wagonload")  # type: ignore[arg-type]
    m = CostModel(rail_border_dwell="All_Traffic")  # type: ignore[arg-type]
    assert m.rail_border_dwell == "all_traffic"
    assert pickle.loads(pickle.dumps(m)) == m
    assert m._key() != CostModel()._key()
