"""Disruption episodes and storm seasons as data: the shipped files validate and refer to the
default network, malformed files name file, line and column, and an episode applied as a
scenario does what it says."""

from __future__ import annotations

import shutil

import pytest

import tcroute
from tcroute.episodes import (
    check_references,
    episode_dir,
    read_episodes,
    read_weather,
    with_episode,
)


def test_shipped_files_valid_and_refer_to_the_default_network(default_net):
    eps = read_episodes()
    assert len(eps) >= 10
    assert check_references(default_net) == []
    # every row dated and sourced; delays are ranges
    assert eps["source"].str.len().min() > 30
    assert (eps["duration_days"] > 0).all()
    assert (eps["extra_delay_max_days"] >= eps["extra_delay_min_days"]).all()
    # the episodes the reliability model counts say how often they recur
    counted = eps[eps["recurrence_per_year"].notna()]
    assert {"kz_cn_border_congestion_2024_spring", "dostyk_eastbound_ban_2024",
            "poland_belarus_closure_2025_09", "red_sea_diversion_2023"} <= set(counted.index)
    for rec in eps.to_dict("records"):
        assert sum(rec["months"]) == pytest.approx(rec["duration_days"])


def test_weather_table_matches_the_links_year(default_net):
    w = read_weather()
    links = default_net.links
    for area, rows in w.groupby("area"):
        ports = set(rows["places"].iloc[0].split(";"))
        ferry = links[links["mode"].isin(["ferry", "sea"])
                      & (links["from_id"].isin(ports) | links["to_id"].isin(ports))
                      & links["closure_days_per_year"].notna()]
        assert len(ferry), area
        days = rows["closure_days"].sum()
        mean_ep = (rows["closure_days"] * rows["closure_episode_days"]).sum() / days
        # the year's totals of the table are the links' (which the routing mean uses)
        assert list(ferry["closure_days_per_year"]) == pytest.approx([days] * len(ferry))
        assert list(ferry["closure_episode_days"]) == pytest.approx([mean_ep] * len(ferry))
    caspian = w[w["area"] == "caspian"].set_index("month")["closure_days"]
    assert caspian.idxmax() == 1  # January the worst month
    assert caspian[[12, 1, 2]].sum() > caspian[[6, 7, 8]].sum()


def _copy(tmp_path, name):
    dst = tmp_path / name
    shutil.copy(episode_dir() / name, dst)
    return dst


def test_malformed_episodes_name_file_line_and_column(tmp_path):
    path = _copy(tmp_path, "episodes.csv")
    lines = path.read_text(encoding="utf-8").splitlines()
    cells = lines[2].split(",")
    # line 3: a bad date
    lines[2] = lines[2].replace("2021-08-25", "25/08/2021", 1)
    # line 4: a bad kind
    lines[3] = lines[3].replace(",border_congestion,", ",jam,", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert cells[0] == "alashankou_queue_2021_08"
    with pytest.raises(tcroute.DataFileError) as err:
        read_episodes(path)
    text = str(err.value)
    assert "episodes.csv:3: start_date: got '25/08/2021', expected a date as YYYY-MM-DD" in text
    assert "episodes.csv:4: kind:" in text and "border_congestion" in text


def test_malformed_weather_names_what_is_missing(tmp_path):
    path = _copy(tmp_path, "weather.csv")
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")  # drop December
    with pytest.raises(tcroute.DataFileError, match="one row for each month 1-12"):
        read_weather(path)
    lines[1] = lines[1].replace(",1,3.5,", ",1,35,", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(tcroute.DataFileError, match=r"weather.csv:2: closure_days: got 35"):
        read_weather(path)


def test_unknown_references_are_reported(default_net, tmp_path):
    path = _copy(tmp_path, "episodes.csv")
    text = path.read_text(encoding="utf-8").replace("kz_altynkol;cn_khorgos",
                                                    "kz_altynkol;cn_nowhere", 1)
    path.write_text(text, encoding="utf-8")
    problems = check_references(default_net, read_episodes(path), read_weather())
    assert [str(p) for p in problems] == [
        "episodes.csv:4: places: got 'cn_nowhere', expected an id of nodes.csv of this network"]


def test_with_episode_congestion_adds_its_delay_at_the_crossing(default_net):
    hit = with_episode(default_net, "kz_cn_border_congestion_2024_spring")
    assert hit.scenarios == ["episode:kz_cn_border_congestion_2024_spring"]
    assert default_net.scenarios == []
    before = default_net.terminals.loc["kz_altynkol_gauge", "transfer_h"]
    assert hit.terminals.loc["kz_altynkol_gauge", "transfer_h"] == pytest.approx(
        before + 11 * 24)
    kw = {"modes": ["rail"], "via": ["cn_khorgos", "kz_altynkol"],
          "avoid_countries": ["MN", "RU"]}
    r0 = tcroute.shortest_route(default_net, "Urumqi", "Almaty", **kw)
    r1 = tcroute.shortest_route(hit, "Urumqi", "Almaty", **kw)
    assert r1.days - r0.days == pytest.approx(11, abs=0.01)
    # left free, the fastest route goes round by Mongolia or Russia instead
    r2 = tcroute.shortest_route(hit, "Urumqi", "Almaty", modes=["rail"])
    assert set(r2.countries) & {"MN", "RU"} and r0.days < r2.days < r1.days
    # a route that does not cross into China is untouched
    a0 = tcroute.shortest_route(default_net, "Almaty", "Tbilisi")
    a1 = tcroute.shortest_route(hit, "Almaty", "Tbilisi")
    assert a1.time_h == pytest.approx(a0.time_h)


def test_with_episode_closure_closes_its_links(default_net):
    hit = with_episode(default_net, "poland_belarus_closure_2025_09")
    assert hit.links.loc["rail_by_brest__pl_malaszewicze", "status"] == "closed"
    with pytest.raises(tcroute.NoRouteError):
        tcroute.shortest_route(hit, "Minsk", "Warsaw",
                               avoid_countries=["LT", "UA", "LV", "RU"])
    tcroute.shortest_route(default_net, "Minsk", "Warsaw",
                           avoid_countries=["LT", "UA", "LV", "RU"])
    with pytest.raises(LookupError, match="unknown episode id: 'nope'"):
        with_episode(default_net, "nope")
