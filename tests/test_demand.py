"""Demand: the shipped base-year matrix, its fit to the observed volumes, growth scenarios."""

from __future__ import annotations

import pandas as pd
import pytest

import tcroute
from tcroute.demand import DEMAND_MODES, count_value, demand_dir

TOLERANCE = 0.15  # docs/demand.md: fitted counts within 15 %


def test_base_matrix_is_clean(default_net):
    dem = tcroute.load_demand()
    assert list(dem.columns) == ["origin", "destination", "teu_year", "segment", "direction",
                                 "avoid_countries"]
    assert (dem["teu_year"] > 0).all() and not dem.duplicated(["origin", "destination",
                                                               "segment"]).any()
    places = set(default_net._table("places")["id"])
    assert set(dem["origin"]) <= places and set(dem["destination"]) <= places
    segs = pd.read_csv(demand_dir() / "segments.csv", keep_default_na=False)
    assert set(dem["segment"]) == set(segs["segment"])
    # westbound share as the segment says
    for s in segs.itertuples():
        part = dem[dem["segment"] == s.segment]
        west = part.loc[part["direction"] == "westbound", "teu_year"].sum()
        assert west / part["teu_year"].sum() == pytest.approx(s.westbound_share, abs=0.01)


def test_shipped_fit_is_within_the_stated_tolerance():
    fit = pd.read_csv(demand_dir() / "fit_2024.csv")
    used = fit[fit["use"] == "fit"]
    assert len(used) >= 4
    err = (used["modelled_teu"] - used["observed_teu"]).abs() / used["observed_teu"]
    assert (err <= TOLERANCE).all(), used
    volumes = tcroute.observed_volumes()
    assert (volumes.loc[fit["volume_id"], "value_teu"].round().to_numpy()
            == fit["observed_teu"].to_numpy()).all()


def test_docs_fit_table_shows_the_shipped_fit():
    """docs/demand.md's fit table and its stated tolerance are those of fit_2024.csv and
    of this module (rerun tools/make_demand.py, then update the page)."""
    import re
    from pathlib import Path

    page = (Path(__file__).parents[1] / "docs" / "demand.md").read_text(encoding="utf-8")
    fit = pd.read_csv(demand_dir() / "fit_2024.csv")
    rows = re.findall(r"^\| [^|]+ \| ([\d,]+) \| ([\d,]+) \| ([+−-][\d.]+) % \| (fit|check) \|$",
                      page, flags=re.M)
    assert len(rows) == len(fit)
    for (obs, mod, err, use), r in zip(rows, fit.itertuples(), strict=True):
        assert int(obs.replace(",", "")) == r.observed_teu
        assert int(mod.replace(",", "")) == r.modelled_teu
        assert float(err.replace("−", "-")) == pytest.approx(r.error_pct, abs=0.05)
        assert use == r.use
    assert f"within ±{TOLERANCE:.0%}".replace("%", " %") in page


def test_assigned_base_year_reproduces_the_observed_volumes(default_net):
    """The shipped matrix assigned on the default network as it is now (the network moves
    on; the fit must hold, not the digits of fit_2024.csv)."""
    res = tcroute.assign(default_net, tcroute.load_demand(), modes=list(DEMAND_MODES))
    counts = pd.read_csv(demand_dir() / "counts.csv", keep_default_na=False)
    volumes = tcroute.observed_volumes()
    for c in counts[counts["use"] == "fit"].itertuples():
        model = count_value(res, c.measure)
        observed = volumes.loc[c.volume_id, "value_teu"]
        assert abs(model - observed) <= TOLERANCE * observed, (c.count, model, observed)
    assert res.unserved_teu_year == pytest.approx(0, abs=1)


def test_growth_scenarios_scale_and_shift():
    base = tcroute.load_demand()
    seg = base.groupby("segment")["teu_year"].sum()
    wb = tcroute.load_demand(2030, scenario="world_bank_2030").groupby("segment")[
        "teu_year"].sum()
    for s in ("cn_eu_middle", "cn_caucasus_turkey", "ca_west"):
        assert wb[s] == pytest.approx(3 * seg[s])
    assert wb["cn_eu_northern"] == pytest.approx(seg["cn_eu_northern"])
    both = tcroute.load_demand(2030, scenario=["world_bank_2030", "northern_shift_2030"])
    tot = both.groupby("segment")["teu_year"].sum()
    assert tot["cn_eu_northern"] == pytest.approx(0.84 * seg["cn_eu_northern"])
    assert tot["cn_eu_middle"] == pytest.approx(3 * seg["cn_eu_middle"]
                                                + 0.16 * seg["cn_eu_northern"])
    assert both["teu_year"].sum() == pytest.approx(wb.sum())  # a shift moves, never adds
    kz = tcroute.load_demand(2029, scenario="kazakh_2029")
    assert kz["teu_year"].sum() > wb.sum()


def test_demand_errors_list_what_exists():
    with pytest.raises(tcroute.TcrouteError, match="world_bank_2030"):
        tcroute.load_demand(2030)
    with pytest.raises(tcroute.TcrouteError, match="known: "):
        tcroute.load_demand(2030, scenario="triple")
    with pytest.raises(tcroute.TcrouteError, match="2029"):
        tcroute.load_demand(2030, scenario="kazakh_2029")
    with pytest.raises(tcroute.DataFileError):
        tcroute.load_demand(path="/nonexistent")


def test_unknown_count_measure_is_a_typed_error(default_net):
    res = tcroute.assign(default_net, [("Almaty", "Tbilisi", 100)], modes=["rail", "ferry"])
    assert count_value(res, "link:none_such") == 0
    with pytest.raises(tcroute.InvalidArgumentError, match="kz_transit"):
        count_value(res, "kz-transit")
