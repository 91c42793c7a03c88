"""Calibration: the default network against published figures (docs/calibration.md).

Each case computes one figure with tcroute and compares it with a published value within a
stated tolerance. ``python tests/test_calibration.py`` prints the table of docs/calibration.md;
a test checks that the table in the docs shows the numbers the model gives now.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import tcroute

R = ["rail"]
RF = ["rail", "ferry"]


@dataclass(frozen=True)
class Case:
    id: str
    what: str
    origin: str
    destination: str
    measure: str  # distance_km, days, cost_usd or a capacity lookup "capacity:<table>:<id>"
    published: float
    unit: str
    tolerance: float  # relative
    source: str
    kwargs: dict[str, Any] = field(default_factory=dict)


CASES = [
    Case("chongqing_duisburg_km", "Chongqing–Duisburg rail length (Yuxinou)", "Chongqing",
         "Duisburg", "distance_km", 11179, "km", 0.10,
         "China Daily 2013-09-13; iChongqing 2024-03-28", {"modes": R}),
    Case("chongqing_duisburg_days", "Chongqing–Duisburg transit time", "Chongqing", "Duisburg",
         "days", 16, "days", 0.30, "China Daily 2013-09-13", {"modes": R}),
    Case("urumqi_duisburg_km", "Urumqi–Duisburg rail length", "Urumqi", "Duisburg",
         "distance_km", 8000, "km", 0.10, "Xinhua 2016-05-28", {"modes": R}),
    Case("urumqi_duisburg_days", "Urumqi–Duisburg transit time", "Urumqi", "Duisburg", "days",
         10, "days", 0.25, "Xinhua 2016-05-28", {"modes": R}),
    Case("dostyk_moyinty_km", "Dostyk–Moyinty line", "Dostyk", "Moyinty", "distance_km", 836,
         "km", 0.02, "Astana Times 2024-11 (Kazakh Transport Minister)",
         {"modes": R, "weight": "distance"}),
    Case("zhetygen_altynkol_km", "Zhetygen–Altynkol line (2012)", "Zhetygen", "Altynkol",
         "distance_km", 293, "km", 0.02, "UNESCAP 2016 mission report",
         {"modes": R, "weight": "distance"}),
    Case("tehran_mashhad_km", "Tehran–Mashhad railway", "Tehran", "Mashhad", "distance_km", 926,
         "km", 0.02, "Iran Daily (IRIR), ~2018", {"modes": R, "weight": "distance"}),
    Case("tehran_razi_km", "Tehran–Tabriz–Turkish border railway", "Tehran", "Razi",
         "distance_km", 928, "km", 0.10, "Iranian minister via raillynews 2015-12",
         {"modes": R, "weight": "distance"}),
    Case("poti_tbilisi_km", "Poti–Tbilisi railway", "Poti", "Tbilisi", "distance_km", 310, "km",
         0.03, "Gorshkov & Bagaturia, JRTR 24, 2000", {"modes": R, "weight": "distance"}),
    Case("marabda_akhalkalaki_km", "Marabda–Akhalkalaki (BTK, 1520 mm)", "Marabda",
         "Akhalkalaki", "distance_km", 153, "km", 0.03, "Railway Magazine (BTK opening)",
         {"modes": R, "weight": "distance"}),
    Case("kars_akhalkalaki_km", "Kars–Kartsakhi 76 km + Kartsakhi–Akhalkalaki 29 km (1435 mm)",
         "Kars", "Akhalkalaki", "distance_km", 105, "km", 0.03,
         "Railway Magazine (BTK opening)", {"modes": R, "weight": "distance"}),
    Case("serhetyaka_sarakhs_km", "Serhetyaka (KZ/TM border)–Sarakhs (TM/IR border)",
         "Serhetyaka", "ir_sarakhs", "distance_km", 1156, "km", 0.10,
         "RIA Novosti via raillynews 2016-02", {"modes": R, "weight": "distance"}),
    Case("uzen_gorgan_km", "Uzen–Gorgan (KZ–TM–IR railway, 2014)", "Uzen", "Gorgan",
         "distance_km", 908, "km", 0.10, "Mehr News 2018-08-14",
         {"modes": R, "weight": "distance"}),
    Case("kashgar_andijan_km", "Kashgar–Torugart–Makmal–Jalal-Abad–Andijan (CKU, planned)",
         "Kashgar", "Andijan", "distance_km", 532.53, "km", 0.15,
         "Uzbek Ministry of Transport via Trend 2025-11-26 (523 km: Railway Gazette 2025-01-07)",
         {"modes": R, "weight": "distance", "include_planned": True}),
    Case("hairatan_mazar_km", "Hairatan–Mazar-i-Sharif railway", "Hairatan", "Mazar-i-Sharif",
         "distance_km", 75, "km", 0.03, "AFP via globestreamnews",
         {"modes": R, "weight": "distance"}),
    Case("yiwu_tehran_km", "Yiwu–Tehran first container train (via Sarakhs)", "Yiwu", "Tehran",
         "distance_km", 10399, "km", 0.20, "Press TV/Fars 2016",
         {"modes": R, "via": ["ir_sarakhs"]}),
    Case("yiwu_tehran_days", "Yiwu–Tehran first container train", "Yiwu", "Tehran", "days", 14,
         "days", 0.30, "Press TV/Fars 2016; railturkey.org 2016-02-16",
         {"modes": R, "via": ["ir_sarakhs"]}),
    Case("altynkol_baku_days", "TITR fixed schedule Altynkol–Absheron (Baku)", "Altynkol",
         "Baku", "days", 9, "days", 0.25, "TITR working group via Trend 2024-05-31",
         {"modes": RF}),
    Case("altynkol_poti_days", "TITR fixed schedule Altynkol–Poti/Batumi", "Altynkol", "Poti",
         "days", 12, "days", 0.30, "TITR working group via Trend 2024-05-31", {"modes": RF}),
    Case("altynkol_constanta_days", "TITR fixed schedule Altynkol–Constanța via Poti/Batumi",
         "Altynkol", "Constanța", "days", 21, "days", 0.35,
         "TITR working group via Trend 2024-05-31 (20–22 days)",
         {"modes": RF, "via": ["Poti|Batumi"], "avoid_countries": ["TR"]}),
    Case("lianyungang_istanbul_days", "Lianyungang–Istanbul container trains via the Caspian",
         "Lianyungang", "Istanbul", "days", 16, "days", 0.25, "UIC e-news 2019-04-30",
         {"modes": RF, "avoid_countries": ["RU", "BY", "IR"]}),
    Case("dostyk_brest_cost", "1520-network leg Dostyk–Brest, ERAI 2023 (USD 2,900/FEU)",
         "Dostyk", "Brest", "cost_usd", 1450, "USD/TEU", 0.20,
         "index1520 2024-02-28 (ERAI), per TEU = per FEU / 2",
         {"modes": R, "avoid_countries": ["CN"]}),
    Case("zhengzhou_hamburg_cost", "Zhengzhou–Hamburg all-in rail rate 2024 (USD 7,000/FEU)",
         "Zhengzhou", "Hamburg", "cost_usd", 3500, "USD/TEU", 0.25,
         "VipuTrans data via Sourcing Journal, Aug 2024", {"modes": R}),
    Case("baku_port_teu", "Port of Baku phase 1 container capacity", "", "",
         "capacity:terminals:az_alat_port_rail_ferry", 100000, "TEU/year", 0.0,
         "Port of Baku via Trend 2023-11-18"),
    Case("turkmenbashi_port_teu", "Turkmenbashi International Seaport container capacity", "",
         "", "capacity:terminals:tm_turkmenbashi_port_rail_ferry", 400000, "TEU/year", 0.0,
         "turkmenistan.ru 2018-05-03"),
    Case("caspian_feeder_teu", "Caspian container feeder fleet Aktau–Alat", "", "",
         "capacity:links:ferry_kz_aktau_port__az_alat_port", 89000, "TEU/year", 0.0,
         "ASCO and Kazmortransflot via sia.az/Report, ~Mar 2025"),
]

NET = tcroute.load_network()


def model_value(case: Case) -> float:
    if case.measure.startswith("capacity:"):
        _, table, key = case.measure.split(":")
        return float(getattr(NET, table).loc[key, "capacity_teu_year"])
    route = tcroute.shortest_route(NET, case.origin, case.destination, **case.kwargs)
    return float(getattr(route, case.measure))


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_within_stated_tolerance(case):
    value = model_value(case)
    assert abs(value - case.published) <= case.tolerance * case.published + 1e-9, (
        f"{case.id}: model {value:.1f} vs published {case.published} ± {case.tolerance:.0%}")


def _fmt(v: float, unit: str) -> str:
    return f"{v:,.1f}" if unit == "days" else f"{v:,.0f}"


def table() -> str:
    lines = ["| id | figure | published | tcroute | difference | tolerance | source |",
             "|---|---|---|---|---|---|---|"]
    for c in CASES:
        v = model_value(c)
        diff = (v - c.published) / c.published
        lines.append(f"| `{c.id}` | {c.what} | {_fmt(c.published, c.unit)} {c.unit} | "
                     f"{_fmt(v, c.unit)} {c.unit} | {diff:+.0%} | ±{c.tolerance:.0%} | "
                     f"{c.source} |")
    return "\n".join(lines)


def test_at_least_ten_figures():
    assert len(CASES) >= 10


def test_docs_show_current_numbers():
    doc = (Path(__file__).parents[1] / "docs" / "calibration.md").read_text(encoding="utf-8")
    assert table() in doc, "docs/calibration.md is out of date: python tests/test_calibration.py"


if __name__ == "__main__":
    print(table())
