"""Network object: place lookup, read-only tables, summary, extending a network."""

from __future__ import annotations

import pytest
from conftest import read_rows, write_rows

import tcroute
from tcroute.errors import AmbiguousPlaceError, UnknownPlaceError


@pytest.mark.parametrize("query", ["cn_a", "Alpha", "alpha", "ALPHA", "Alfa City", "a-town",
                                   "A Town", "  alpha "])
def test_place_by_id_name_alias_any_case(tiny, query):
    assert tiny.resolve(query) == "cn_a"


@pytest.mark.parametrize("query", ["Delta", "Déltà", "deltà", "DELTA"])
def test_place_ignores_accents(tiny, query):
    assert tiny.place(query)["id"] == "az_d"


def test_unknown_place_suggests_close_matches(tiny):
    with pytest.raises(UnknownPlaceError) as info:
        tiny.place("Charly")
    err = info.value
    assert isinstance(err, LookupError) and not isinstance(err, KeyError)
    assert err.suggestions == ["Charlie (kz_c)"]
    assert "did you mean Charlie (kz_c)?" in str(err)


def test_unknown_place_without_matches(tiny):
    with pytest.raises(UnknownPlaceError) as info:
        tiny.place("Zanzibar")
    assert info.value.suggestions == []
    assert "tcroute places" in str(info.value)


def test_suggestions_at_most_five(default_net):
    with pytest.raises(UnknownPlaceError) as info:
        default_net.place("port")
    assert 1 <= len(info.value.suggestions) <= 5


def test_ambiguous_name(tiny_copy):
    folder = tiny_copy()
    header, rows = read_rows(folder / "nodes.csv")
    rows[1]["name"] = "Alpha"
    write_rows(folder / "nodes.csv", header, rows)
    net = tcroute.read_network(folder)
    with pytest.raises(AmbiguousPlaceError) as info:
        net.resolve("alpha")
    assert set(info.value.suggestions) == {"Alpha (cn_a)", "Alpha (cn_b)"}
    assert net.resolve("cn_b") == "cn_b"


def test_resolve_rejects_non_strings(tiny):
    with pytest.raises(TypeError, match="as a str"):
        tiny.resolve(42)  # type: ignore[arg-type]


def test_tables_are_copies(tiny):
    places = tiny.places
    places.loc["cn_a", "lon"] = 0.0
    places.iloc[5, 1] = "changed"
    links = tiny.links
    links["length_km"] = 1.0
    assert tiny.places.loc["cn_a", "lon"] == 60.0
    assert tiny.places.loc["az_d", "name"] == "Delta"
    assert tiny.links["length_km"].min() == 100.0


def test_summary_counts(tiny):
    s = tiny.summary()
    assert s.loc["total", "places"] == 6
    assert s.loc["total", "rail_links"] == 4
    assert s.loc["total", "road_links"] == 2
    assert s.loc["total", "ferry_links"] == 1
    # a cross-border link counts for both countries; its km split half and half
    assert s.loc["CN", "rail_links"] == 2 and s.loc["KZ", "rail_links"] == 2
    assert s.loc["KZ", "ferry_km"] == 200 and s.loc["AZ", "ferry_km"] == 200
    assert s.loc["total", "rail_km"] == 700
    assert s.loc["total", "terminals"] == 7


def test_repr(tiny, default_net):
    assert repr(tiny).startswith("<Network") and "6 places in 3 countries" in repr(tiny)
    # the rolling stock is counted where the network has it, and not mentioned where not
    assert repr(tiny).endswith("terminals, 1 rail rolling-stock pool>")
    n_svc, n_pool = len(default_net.services), len(default_net.fleets)
    assert f"{n_svc} ferry or sea services, {n_pool} rail rolling-stock pools>" in repr(
        default_net)


def test_network_cannot_be_built_directly():
    with pytest.raises(TypeError, match="load_network"):
        tcroute.Network()


def test_extend_default_replaces_and_adds(tmp_path, default_net):
    """A user folder with only some rows: same id replaces, new id adds, status=closed removes
    a link from routing."""
    some_link = default_net.links.index[0]
    lk = default_net.links.loc[some_link]
    a = default_net.places.loc[lk["from_id"]]
    (tmp_path / "nodes.csv").write_text(
        "id,name,aliases,country,lon,lat,kind,source,note\n"
        f"{a['country'].lower()}_my_dry_port,My Dry Port,,{a['country']},{a['lon'] + 0.01},"
        f"{a['lat']},dry_port,user,\n", encoding="utf-8")
    header = list(tcroute.read_network(tcroute.default_data_dir()).links.columns)
    row = {k: ("" if v is None or v != v else str(v)) for k, v in lk.items()}
    row["status"] = "closed"
    new = dict(row, id="road_my_dry_port", from_id=f"{a['country'].lower()}_my_dry_port",
               to_id=lk["from_id"], mode="road", gauge_mm="", electrified="", tracks="",
               length_km="5", length_basis="circuity", status="open", note="circuity 5",
               time_h="", departures_per_week="", cost_usd_per_teu="")
    write_rows(tmp_path / "links.csv", header, [row, new])
    net = tcroute.read_network(tmp_path, extend=True)
    assert len(net.places) == len(default_net.places) + 1
    assert len(net.links) == len(default_net.links) + 1
    assert net.links.loc[some_link, "status"] == "closed"
    assert default_net.links.loc[some_link, "status"] == lk["status"]  # default untouched


def test_extend_reports_user_file_lines(tmp_path):
    (tmp_path / "links.csv").write_text(
        "id,from_id,to_id,mode,length_km,length_basis,status,source\n"
        "x_link,nowhere_a,nowhere_b,rail,10,published,open,me\n", encoding="utf-8")
    with pytest.raises(tcroute.DataFileError) as info:
        tcroute.read_network(tmp_path, extend=True)
    got = {(p.file, p.line, p.column) for p in info.value.problems}
    assert ("links.csv", 2, "from_id") in got and ("links.csv", 2, "gauge_mm") in got


def test_extend_partial_row_updates_only_its_cells(tmp_path, default_net):
    """docs/extending.md: "an id and the columns you need" changes just those columns."""
    lid = "rail_kz_dostyk__kz_beskol"
    before = default_net.links.loc[lid]
    (tmp_path / "links.csv").write_text(
        f"id,capacity_teu_year,note\n{lid},2000000,\n", encoding="utf-8")
    after = tcroute.read_network(tmp_path, extend=True).links.loc[lid]
    assert after["capacity_teu_year"] == 2_000_000
    for col in ("speed_kmh", "tracks", "electrified", "note", "source", "from_id", "gauge_mm"):
        assert after[col] == before[col] or (after[col] != after[col] and before[col]
                                             != before[col]), col


def test_extend_id_and_status_closes_a_link(tmp_path, default_net):
    lid = "rail_kz_dostyk__kz_beskol"
    (tmp_path / "links.csv").write_text(f"id,status\n{lid},closed\n", encoding="utf-8")
    assert tcroute.validate_folder(tmp_path, extend=True) == []
    net = tcroute.read_network(tmp_path, extend=True)
    assert net.links.loc[lid, "status"] == "closed"
    assert default_net.links.loc[lid, "status"] == "open"


def test_extend_new_row_needs_every_required_column(tmp_path):
    (tmp_path / "links.csv").write_text(
        "id,from_id,to_id,mode,length_km,status\n"
        "road_kz_dostyk__kz_beskol_new,kz_dostyk,kz_beskol,road,200,open\n", encoding="utf-8")
    with pytest.raises(tcroute.DataFileError) as info:
        tcroute.read_network(tmp_path, extend=True)
    got = {(p.file, p.line, p.column) for p in info.value.problems}
    assert got == {("links.csv", 2, "length_basis"), ("links.csv", 2, "source")}


def test_extend_names_the_default_file_for_untouched_default_rows(tmp_path):
    """Moving a place far away makes a default link shorter than the geodesic: that problem
    is in the default links.csv, named by its full path, not the user's links.csv."""
    (tmp_path / "nodes.csv").write_text("id,lon\nkz_beskol,60.0\n", encoding="utf-8")
    (tmp_path / "links.csv").write_text("id,status\nrail_kz_dostyk__kz_beskol,open\n",
                                        encoding="utf-8")
    with pytest.raises(tcroute.DataFileError) as info:
        tcroute.read_network(tmp_path, extend=True)
    default_links = str(tcroute.default_data_dir() / "links.csv")
    files = {p.file for p in info.value.problems if p.column == "length_km"}
    assert "links.csv" in files  # the row the user gave
    assert default_links in files  # other links of kz_beskol, untouched


def _non_latin(text: str) -> bool:
    import unicodedata

    return any(ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN") for ch in text)


def test_native_script_names_resolve(default_net):
    """Russian, Kazakh, Chinese, Georgian, Azerbaijani, Turkish and Persian names of the main
    places are aliases, and each resolves to its place."""
    places = default_net.places
    native: dict[str, list[str]] = {}
    for pid, aliases in places["aliases"].items():
        for alias in (aliases or "").split(";"):
            if alias.strip() and (_non_latin(alias) or alias != alias.encode("ascii",
                                                                             "ignore").decode()):
                native.setdefault(pid, []).append(alias.strip())
    assert sum(any(_non_latin(a) for a in v) for v in native.values()) >= 60
    for pid, aliases in native.items():
        for alias in aliases:
            assert default_net.resolve(alias) == pid, (alias, pid)
    for query, pid in [("Москва", "ru_moscow"), ("西安", "cn_xian"), ("თბილისი", "ge_tbilisi"),
                       ("Достық", "kz_dostyk"), ("ДОСТЫК", "kz_dostyk"), ("تهران", "ir_tehran"),
                       ("تهران ", "ir_tehran"), ("Ələt limanı", "az_alat_port"),
                       ("Kapıkule", "tr_kapikule"), ("杜伊斯堡", "de_duisburg"),
                       ("Тбилиси", "ge_tbilisi"), ("بندر عباس", "ir_bandar_abbas_port")]:
        assert default_net.resolve(query) == pid, query


@pytest.mark.parametrize("query", ["", "   ", "!!!", "西安西安", "Ⅻ", "--"])
def test_empty_or_unknown_names_are_unknown_not_ambiguous(default_net, query):
    with pytest.raises(tcroute.UnknownPlaceError) as info:
        default_net.resolve(query)
    assert not isinstance(info.value, tcroute.AmbiguousPlaceError)
    assert "no place matches" in str(info.value)


def test_unknown_place_in_another_script_suggests(default_net):
    with pytest.raises(tcroute.UnknownPlaceError) as info:
        default_net.resolve("Тбилис")
    assert any("ge_tbilisi" in s for s in info.value.suggestions)
