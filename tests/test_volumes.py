"""Observed volumes (data/volumes/): loading, validation, unit conversion."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

import tcroute
from tcroute.errors import DataFileError
from tcroute.volumes import volumes_dir


@pytest.fixture(scope="module")
def vol() -> pd.DataFrame:
    return tcroute.observed_volumes()


def test_every_row_is_sourced_and_graded(vol: pd.DataFrame) -> None:
    assert len(vol) >= 60
    assert vol["source"].str.len().min() > 10
    assert set(vol["grade"]) <= {"A", "B", "C", "D"}
    assert vol.index.is_unique


def test_derived_figures_say_so(vol: pd.DataFrame) -> None:
    derived = vol[vol["source"].str.startswith("derived")]
    assert len(derived) >= 1
    assert (derived["grade"] == "C").all()


def test_filters(vol: pd.DataFrame) -> None:
    alat = tcroute.observed_volumes(asset="az_alat_port", unit="TEU", full_years=True)
    assert set(alat["asset"]) == {"az_alat_port"}
    assert (alat["months"] == 12).all()
    assert alat.set_index("year")["value"].to_dict()[2024] == 76775
    assert len(tcroute.observed_volumes(year=2024)) == int((vol["year"] == 2024).sum())


def test_value_teu_hand_computed(vol: pd.DataFrame) -> None:
    conv = tcroute.volume_conversions()
    t_per_teu = float(conv.loc["tonnes_per_teu", "value"])
    row = vol.loc["titr_tonnes_2024"]
    assert row["value_teu"] == pytest.approx(4_484_000 / t_per_teu)
    wagons = vol.loc["az_alat_port_wagons_2024"]
    assert wagons["value_teu"] == pytest.approx(37515 * float(conv.loc["teu_per_wagon", "value"]))
    teu = vol.loc["az_alat_port_teu_2024"]
    assert teu["value_teu"] == teu["value"]


def test_tonnes_per_teu_is_sourced_and_above_ten(vol: pd.DataFrame) -> None:
    conv = tcroute.volume_conversions()
    row = conv.loc["tonnes_per_teu"]
    assert row["low"] <= row["value"] <= row["high"]
    assert row["value"] > 10
    # the operator figure it rests on: KTZ 2023, containers in TEU and the tonnes they carried
    ktz = vol.loc["kz_rail_containers_all_2023_tonnes", "value"] / vol.loc[
        "kz_rail_containers_all_2023", "value"]
    assert row["low"] <= ktz <= row["high"]


def test_partial_years_are_below_the_full_year(vol: pd.DataFrame) -> None:
    """A January-November figure cannot exceed the same asset's whole-year figure."""
    full = vol[vol["months"] == 12].groupby(["asset", "year", "unit", "direction"])["value"].max()
    part = vol[vol["months"] < 12]
    checked = 0
    for _, r in part.iterrows():
        key = (r["asset"], r["year"], r["unit"], r["direction"])
        if key in full.index:
            assert r["value"] <= full[key], r["id"]
            checked += 1
    assert checked >= 2


def _copy(tmp_path):
    for name in ("volumes.csv", "conversions.csv"):
        shutil.copy(volumes_dir() / name, tmp_path / name)
    return tmp_path / "volumes.csv"


def test_malformed_row_names_file_line_column(tmp_path) -> None:
    path = _copy(tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",tonnes,", ",kilotonnes,", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        tcroute.observed_volumes(path=path)
    (p,) = err.value.problems
    assert (p.file, p.line, p.column) == ("volumes.csv", 4, "unit")
    assert "TEU" in p.expected


def test_unknown_asset_is_reported(tmp_path) -> None:
    path = _copy(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",place,az_alat_port,", ",place,az_nowhere_port,", 1),
                    encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        tcroute.observed_volumes(path=path)
    assert err.value.problems[0].column == "asset"
    assert "az_nowhere_port" in err.value.problems[0].got


def test_conversion_range_is_checked(tmp_path) -> None:
    _copy(tmp_path)
    conv = tmp_path / "conversions.csv"
    conv.write_text(conv.read_text(encoding="utf-8").replace(",20,t/TEU,17.7,", ",20,t/TEU,27.7,"),
                    encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        tcroute.volume_conversions(conv)
    assert err.value.problems[0].column == "low"


COUNT_UNITS = {"TEU", "containers", "wagons", "trucks"}


def _capacities(net) -> dict[tuple[str, str], tuple[float, bool]]:
    """(asset_type, asset) -> (capacity TEU/year, per_direction), NaN when unknown."""
    caps: dict[tuple[str, str], tuple[float, bool]] = {}
    links = net.links
    for lid, cap in links["capacity_teu_year"].items():
        caps[("link", lid)] = (float(cap), True)
    terms = net.terminals[net.terminals["status"] != "closed"]
    for tid, cap in terms["capacity_teu_year"].items():
        caps[("terminal", tid)] = (float(cap), False)
    # a port handles at most what its largest terminal can (they share quays and yards)
    for pid, grp in terms.groupby("place_id"):
        caps[("place", pid)] = (float(grp["capacity_teu_year"].max()), False)
    svc = net.services
    for sid, s in svc.iterrows():
        caps[("service", sid)] = (float(s["vessels"] * s["capacity_teu_per_sailing"] * 365.0
                                        / s["round_trip_days"]), True)
    return caps


def observed_against_capacity(net, vol: pd.DataFrame) -> pd.DataFrame:
    """Whole-year counts (TEU, containers, wagons, trucks in TEU) per asset, year and
    direction, next to the asset's capacity: on a link or service wagons and trucks add up
    (they are different loads) and a TEU count is compared on its own; at a port or terminal
    only container counts are compared (wagons and trucks roll on at ramps, not over the
    container quay whose capacity the terminals give)."""
    full = vol[(vol["months"] == 12) & vol["unit"].isin(COUNT_UNITS)
               & vol["asset_type"].isin(["link", "terminal", "place", "service"])]
    caps = _capacities(net)
    rows = []
    for (atype, asset, year, direction), grp in full.groupby(
            ["asset_type", "asset", "year", "direction"]):
        units = grp.groupby("unit")["value_teu"].max()
        rolled = 0.0 if atype in ("place", "terminal") else (
            units.get("wagons", 0.0) + units.get("trucks", 0.0))
        observed = max(rolled,
                       units.get("TEU", 0.0), units.get("containers", 0.0))
        cap, per_direction = caps.get((atype, asset), (float("nan"), True))
        if per_direction and direction == "both":
            cap *= 2  # a link's or service's capacity is per direction
        rows.append({"asset_type": atype, "asset": asset, "year": year,
                     "direction": direction, "observed_teu": observed, "capacity_teu": cap,
                     "ids": ";".join(grp["id"])})
    return pd.DataFrame(rows)


def test_no_capacity_below_its_observed_volume(vol: pd.DataFrame) -> None:
    """Every asset with a known capacity has carried no more than it can carry."""
    net = tcroute.load_network()
    table = observed_against_capacity(net, vol)
    known = table[table["capacity_teu"].notna()]
    assert len(known) >= 15
    below = known[known["observed_teu"] > known["capacity_teu"]]
    assert below.empty, below.to_string()


def test_capacity_check_catches_a_low_capacity(vol: pd.DataFrame) -> None:
    """The check above fails when a capacity is set below what was observed."""
    net = tcroute.load_network()
    low = net.with_scenario(_low_capacity_scenario())
    table = observed_against_capacity(low, vol)
    row = table[(table["asset"] == "az_alat_port") & (table["year"] == 2024)].iloc[0]
    assert row["observed_teu"] == 76775
    assert row["observed_teu"] > row["capacity_teu"]


def _low_capacity_scenario():
    import tempfile
    from pathlib import Path

    path = Path(tempfile.mkdtemp()) / "low.csv"
    terms = tcroute.load_network().terminals
    ids = terms[terms["place_id"] == "az_alat_port"].index
    lines = ["table,id,action,column,value,source,note"]
    lines += [f"terminals,{tid},set,capacity_teu_year,50000,test,"
              for tid in ids]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
