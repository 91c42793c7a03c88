"""Ferry and sea services (services.csv) and the link columns derived from them."""

from __future__ import annotations

import pandas as pd
import pytest

import tcroute
from tcroute.errors import DataFileError

AKTAU = "ferry_kz_aktau_port__az_alat_port"


@pytest.fixture(scope="module")
def net():
    return tcroute.load_network()


def _scenario(tmp_path, rows: list[str]) -> str:
    path = tmp_path / "svc.csv"
    path.write_text("table,id,action,column,value,source,note\n" + "\n".join(rows) + "\n",
                    encoding="utf-8")
    return str(path)


def test_aktau_feeders_give_frequency_and_capacity(net) -> None:
    svc = net.services
    feeders = svc[svc["link_id"] == AKTAU]
    assert set(feeders.index) == {"kmtf_aktau_alat_feeder", "asco_aktau_alat_feeder"}
    link = net.links.loc[AKTAU]
    # by hand: they leave when loaded, one every 2.77 and 7.6 days each way (observed)...
    assert link["departures_per_week"] == pytest.approx(7 / 2.77 + 7 / 7.6)
    # ... while the fleet (4 ships of 225 TEU, 2 of 210, a rotation in 5.5 days) sets capacity
    assert link["capacity_teu_year"] == round((4 * 225 + 2 * 210) * 365 / 5.5)
    assert link["irregular_sailings"] is True
    assert link["time_h"] == pytest.approx(22)
    assert link["accepts"] == "containers"
    assert set(link["services"].split(";")) == set(feeders.index)


def test_derived_columns_match_an_independent_groupby(net) -> None:
    svc = net.services
    svc = svc[svc["status"] == "open"]
    by_fleet = svc["vessels"] * 7 / svc["round_trip_days"]
    per_service = (7 / svc["mean_interval_days"]).fillna(by_fleet).dropna()
    dep = per_service.groupby(svc.loc[per_service.index, "link_id"]).sum()
    assert len(dep) >= 10
    links = net.links
    for lid, value in dep.items():
        assert links.loc[lid, "departures_per_week"] == pytest.approx(value), lid


def test_weighted_sea_time_and_tariff(net) -> None:
    kuryk = net.links.loc["ferry_kz_kuryk_port__az_alat_port"]
    # rail ferries at 18 h every 0.68 days, Ro-Pax at 21 h every 2.03 days
    w_rail, w_ropax = 1 / 0.68, 1 / 2.03
    assert kuryk["time_h"] == pytest.approx((18 * w_rail + 21 * w_ropax) / (w_rail + w_ropax))
    assert kuryk["accepts"] == "wagons;trucks"
    # a service's price of a TEU: its TEU tariff, else half the FEU, else the wagon tariff, else
    # the truck tariff, per TEU (2 a wagon, 2 a truck); the link's is their departure-weighted
    # mean: Turkmenbashi's rail ferries (USD 1,155 a wagon), Ro-Ro (USD 1,000 a truck) and the
    # weekly container feeder (USD 500 a TEU)
    tm = net.links.loc["ferry_tm_turkmenbashi_port__az_alat_port"]
    w_ferry, w_roro, w_feeder = 7 / 1.1, 7 / 1.13, 1.0
    assert tm["cost_usd_per_teu"] == pytest.approx(
        (1155 / 2 * w_ferry + 1000 / 2 * w_roro + 500 * w_feeder)
        / (w_ferry + w_roro + w_feeder), abs=0.01)
    ukr = net.links.loc["ferry_ge_batumi_port__ua_chornomorsk_port"]
    assert ukr["cost_usd_per_teu"] == pytest.approx(2400 / 2)  # the wagon tariff comes first
    aktau = net.links.loc[AKTAU]
    assert aktau["cost_usd_per_teu"] == pytest.approx(600)


def test_capacity_unknown_when_a_service_does_not_publish_it(net) -> None:
    link = net.links.loc["ferry_ru_astrakhan_port__ir_anzali_port"]
    assert pd.isna(link["capacity_teu_year"])
    assert link["departures_per_week"] == pytest.approx(2 * 7 / 20)


def test_every_open_ferry_link_has_an_open_service(net) -> None:
    links = net.links
    ferries = links[(links["mode"] == "ferry") & (links["status"] == "open")]
    svc = net.services
    served = set(svc[svc["status"] == "open"]["link_id"])
    # every Caspian and Black Sea ferry but the Ambarlı hub feeders (which say what they take)
    assert set(ferries.index) - served <= set(ferries[ferries["accepts"].notna()].index)
    assert len(set(ferries.index) & served) >= 12


def test_a_scenario_adds_a_vessel(tmp_path, net) -> None:
    before = net.links.loc[AKTAU]
    more = net.with_scenario(_scenario(tmp_path, [
        "services,kmtf_aktau_alat_feeder,set,vessels,5,test,"]))
    after = more.links.loc[AKTAU]
    # a feeder that leaves when loaded: one more ship adds capacity, not sailings
    assert after["capacity_teu_year"] == pytest.approx(before["capacity_teu_year"]
                                                       + 225 * 365 / 5.5, abs=1)
    assert after["departures_per_week"] == pytest.approx(before["departures_per_week"])
    assert net.links.loc[AKTAU, "capacity_teu_year"] == before["capacity_teu_year"]
    # a scheduled ferry: a second ship doubles the sailings; scenarios compose
    ukr = "ferry_ge_batumi_port__ua_chornomorsk_port"
    again = more.with_scenario(_scenario(tmp_path, [
        "services,ukrferry_chornomorsk_batumi,set,vessels,2,test,"]))
    assert again.links.loc[ukr, "departures_per_week"] == pytest.approx(2.0)
    assert again.links.loc[ukr, "capacity_teu_year"] == round(2 * 198 * 365 / 7)
    assert again.links.loc[AKTAU, "capacity_teu_year"] == after["capacity_teu_year"]


def test_a_value_a_scenario_sets_on_a_served_link_is_kept(tmp_path, net) -> None:
    # the shipped storm sets the Caspian crossings' sailing time; services must not undo it
    storm = net.with_scenario("caspian_storm")
    assert storm.links.loc[AKTAU, "time_h"] == pytest.approx(116.8)
    assert net.links.loc[AKTAU, "time_h"] == pytest.approx(22.0)
    # ... and it stays through a later change of the same link's services
    more = storm.with_scenario(_scenario(tmp_path, [
        "services,kmtf_aktau_alat_feeder,set,vessels,5,test,"]))
    assert more.links.loc[AKTAU, "time_h"] == pytest.approx(116.8)
    assert more.links.loc[AKTAU, "capacity_teu_year"] > net.links.loc[AKTAU,
                                                                      "capacity_teu_year"]
    # a capacity set directly wins over the fleet's
    capped = net.with_scenario(_scenario(tmp_path, [
        f"links,{AKTAU},set,capacity_teu_year,1000,test,"]))
    assert capped.links.loc[AKTAU, "capacity_teu_year"] == 1000
    assert capped.links.loc[AKTAU, "departures_per_week"] == pytest.approx(
        net.links.loc[AKTAU, "departures_per_week"])


def test_closing_the_services_restores_the_link_row(tmp_path, net) -> None:
    closed = net.with_scenario(_scenario(tmp_path, [
        "services,kmtf_aktau_alat_feeder,close,,,test,",
        "services,asco_aktau_alat_feeder,close,,,test,"]))
    link = closed.links.loc[AKTAU]
    assert pd.isna(link["departures_per_week"])  # the mode default applies again
    assert pd.isna(link["capacity_teu_year"])
    assert pd.isna(link["services"])
    assert link["accepts"] == "containers"  # the link row's own value


def test_more_sailings_shorten_the_wait(tmp_path, net) -> None:
    r0 = tcroute.shortest_route(net, "Aktau", "Port of Baku", modes=["ferry"])
    busier = net.with_scenario(_scenario(tmp_path, [
        "services,kmtf_aktau_alat_feeder,set,mean_interval_days,1,test,"]))
    r1 = tcroute.shortest_route(busier, "Aktau", "Port of Baku", modes=["ferry"])
    assert r1.time_h < r0.time_h


def _folder(tmp_path, rows: list[str]):
    header = tcroute.default_data_dir().joinpath("services.csv").read_text(
        encoding="utf-8").splitlines()[0]
    (tmp_path / "services.csv").write_text("\n".join([header, *rows]) + "\n",
                                           encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("cells, column, expected", [
    ("x,Op,ferry_nowhere,kz_aktau_port,az_alat_port,ro_ro,trucks,,,,,when_full,,,,,,,open,s,",
     "link_id", "a link"),
    ("x,Op,ferry_kz_aktau_port__az_alat_port,kz_kuryk_port,az_alat_port,ro_ro,trucks,,,,"
     ",when_full,,,,,,,open,s,", "to_id", "the ends of link"),
    ("x,Op,ferry_kz_aktau_port__az_alat_port,kz_aktau_port,az_alat_port,ro_ro,boxes,,,,"
     ",when_full,,,,,,,open,s,", "accepts", "containers"),
    ("x,Op,ferry_kz_aktau_port__az_alat_port,kz_aktau_port,az_alat_port,rail_ferry,trucks,,,,"
     ",when_full,,,,,,,open,s,", "accepts", "wagons"),
    ("x,Op,ferry_kz_aktau_port__az_alat_port,kz_aktau_port,az_alat_port,ro_ro,trucks,2,,,"
     ",when_full,,,,,,,open,s,", "round_trip_days", "together"),
    ("x,Op,ferry_kz_aktau_port__az_alat_port,kz_aktau_port,az_alat_port,ro_ro,trucks,,,,"
     ",when_full,,,,,900,,open,s,", "tariff_year", "year"),
    ("x,Op,ferry_kz_aktau_port__az_alat_port,kz_aktau_port,az_alat_port,ro_ro,trucks,,,,"
     ",daily,,,,,,,open,s,", "schedule", "when_full"),
])
def test_malformed_service_rows_are_named(tmp_path, cells, column, expected) -> None:
    folder = _folder(tmp_path, [cells])
    with pytest.raises(DataFileError) as err:
        tcroute.read_network(folder, extend=True)
    problems = [p for p in err.value.problems if p.file == "services.csv"]
    assert {(p.line, p.column) for p in problems} == {(2, column)}
    assert expected in problems[0].expected


def test_each_load_waits_for_and_pays_the_services_that_take_it(tmp_path, net) -> None:
    """Turkmenbashi-Alat: rail ferries take wagons and trucks, Ro-Ro ships trucks only, the
    'Balkan' feeder lifted containers, the Turkmen Ro-Pax trucks. A container on a flat
    wagon waits for a rail ferry and pays the wagon tariff; a truck boards whichever ship
    that takes trucks leaves first and pays the truck tariff; a lifted box waits for the
    weekly feeder."""
    import tcroute.engine as E

    tm = "ferry_tm_turkmenbashi_port__az_alat_port"
    svc = net.services.set_index("id", drop=False)
    rail, roro = svc.loc["asco_turkmenbashi_alat_rail_ferry"], svc.loc[
        "asco_turkmenbashi_alat_roro"]
    rail_dpw = 7 / rail["mean_interval_days"]
    ropax = svc.loc["tmf_turkmenbashi_alat_ropax"]
    truck_dpw = rail_dpw + 7 / roro["mean_interval_days"] + 7 / ropax["mean_interval_days"]
    feeder = svc.loc["tmf_balkan_turkmenbashi_alat_feeder"]
    box_dpw = feeder["vessels"] * 7 / feeder["round_trip_days"]
    assert net.links.loc[tm, "departures_per_week"] == pytest.approx(truck_dpw + box_dpw)
    link = net.links.loc[tm]
    weather = link["closure_days_per_year"] / 365 * link["closure_episode_days"] * 24
    edges = E._edge_table(net, False, tcroute.CostModel())
    legs = edges[(edges["id"] == tm) & (edges["tail"] == "tm_turkmenbashi_port")]
    by_state = legs.set_index("from_layer")
    # leaves when full: the whole headway (see routing), of the sailings that take the load
    assert by_state.loc["ferry:wagons", "wait_h"] == pytest.approx(168 / rail_dpw + weather)
    assert by_state.loc["ferry:trucks", "wait_h"] == pytest.approx(168 / truck_dpw + weather)
    # a timetabled feeder: half the headway
    assert by_state.loc["ferry:containers", "wait_h"] == pytest.approx(
        0.5 * 168 / box_dpw + weather)
    assert by_state.loc["ferry:containers", "cost_usd"] == pytest.approx(500)
    assert by_state.loc["ferry:wagons", "cost_usd"] == pytest.approx(
        rail["tariff_usd_per_wagon"] / 2)
    assert by_state.loc["ferry:trucks", "cost_usd"] == pytest.approx(
        rail["tariff_usd_per_truck"] / 2)
    # a scenario's frequency set on the link holds for every load
    fast = net.with_scenario(_scenario(tmp_path, [f"links,{tm},set,departures_per_week,70,t,"]))
    e2 = E._edge_table(fast, False, tcroute.CostModel())
    w = e2[(e2["id"] == tm) & (e2["tail"] == "tm_turkmenbashi_port")].set_index("from_layer")
    assert w.loc["ferry:wagons", "wait_h"] == pytest.approx(168 / 70 + weather)

