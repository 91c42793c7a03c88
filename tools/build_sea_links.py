"""Derive the deep-sea waypoints and links of the default network from the searoute package.

Run:  python tools/build_sea_links.py OUTPUT_FOLDER

Writes nodes.csv (sea waypoints) and links.csv (mode ``sea``) in the network schema. Each
link's length is the length of the path that ``searoute`` (its maritime network, derived from
Oak Ridge National Laboratory's Global Shipping Lane Network) finds between the two ends.
searoute is never used for the Caspian: its network joins the Caspian to the Black Sea up the
Volga and Don, through Russia; Caspian and Black Sea legs are hand-traced (mode ``ferry``).

The ports (cn_*_port, nl_rotterdam_port, ...) are defined with their land links in the
regional tables; this script only needs their coordinates, which it reads from the port table
given with --ports (default: the network's nodes.csv).
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import searoute

SRC_WP = "waypoint position chosen on the main shipping lane (estimate, WGS84)"

# id, name, aliases, country, lon, lat, note
WAYPOINTS = [
    ("sg_singapore_strait", "Singapore Strait", "Strait of Singapore;Malacca", "SG", 103.85, 1.20,
     "Asia-Europe services pass Singapore; modelled as a waypoint (no port call)"),
    ("lk_dondra_head", "Dondra Head (off Sri Lanka)", "Sri Lanka", "LK", 80.60, 5.70,
     "southern tip of Sri Lanka, where the Suez and Cape lanes part"),
    ("om_ras_al_hadd", "Ras al Hadd (off Oman)", "Gulf of Oman", "OM", 59.90, 22.60,
     "entrance to the Gulf of Oman, for Bandar Abbas"),
    ("ye_bab_el_mandeb", "Bab-el-Mandeb", "Bab el Mandeb;Red Sea", "YE", 43.40, 12.60,
     "southern entrance of the Red Sea"),
    ("eg_suez", "Suez (Suez Canal south entrance)", "Suez Canal;Port Tewfik", "EG", 32.56, 29.93,
     "southern end of the Suez Canal"),
    ("eg_port_said", "Port Said (Suez Canal north entrance)", "Port Said", "EG", 32.33, 31.28,
     "northern end of the Suez Canal"),
    ("tr_dardanelles", "Dardanelles", "Çanakkale Strait", "TR", 26.40, 40.20,
     "Turkish Straits, Aegean side"),
    ("tr_bosporus", "Bosporus", "Istanbul Strait;Bosphorus", "TR", 29.05, 41.10,
     "Turkish Straits, Black Sea side"),
    ("es_gibraltar_strait", "Strait of Gibraltar", "Gibraltar", "ES", -5.60, 35.95,
     "western entrance of the Mediterranean"),
    ("fr_ushant", "Ushant (off Brittany)", "Ouessant;English Channel", "FR", -5.30, 48.60,
     "entrance to the English Channel"),
    ("za_cape_of_good_hope", "Cape of Good Hope", "Cape route", "ZA", 18.50, -34.50,
     "the Cape route around Africa"),
]

# from, to, departures_per_week (on legs that leave a port), time_h, cost_usd_per_teu, note
LINKS = [
    ("cn_shanghai_port", "sg_singapore_strait", 7, None, None, ""),
    ("cn_ningbo_port", "sg_singapore_strait", 7, None, None, ""),
    ("cn_qingdao_port", "sg_singapore_strait", 5, None, None, ""),
    ("cn_lianyungang_port", "sg_singapore_strait", 2, None, None,
     "fewer direct Asia-Europe calls than Shanghai/Ningbo (estimate)"),
    ("sg_singapore_strait", "lk_dondra_head", None, None, None, ""),
    ("lk_dondra_head", "ye_bab_el_mandeb", None, None, None, ""),
    ("lk_dondra_head", "om_ras_al_hadd", None, None, None, ""),
    ("om_ras_al_hadd", "ye_bab_el_mandeb", None, None, None, ""),
    ("ir_bandar_abbas_port", "om_ras_al_hadd", 3, None, None,
     "Bandar Abbas (Shahid Rajaee) has few direct mainline calls under sanctions (estimate)"),
    ("ye_bab_el_mandeb", "eg_suez", None, None, None,
     "Red Sea. Since Dec 2023 most Asia-Europe services have diverted round the Cape because of "
     "attacks on shipping; the link stays open here, and the suez_closed scenario closes it"),
    ("eg_suez", "eg_port_said", None, 14.0, 45.0,
     "Suez Canal, 193.3 km (Suez Canal Authority). time_h: transit in convoy about 12-16 h "
     "(estimate). cost: canal dues of roughly USD 400,000-700,000 for a large container ship, "
     "about USD 30-60 per TEU carried (estimate)"),
    ("eg_port_said", "gr_piraeus_port", None, None, None, ""),
    ("eg_port_said", "tr_dardanelles", None, None, None, ""),
    ("tr_dardanelles", "gr_piraeus_port", None, None, None, ""),
    ("tr_dardanelles", "tr_bosporus", None, None, None, "Sea of Marmara"),
    ("tr_bosporus", "ro_constanta_port", 3, None, None,
     "Constanța has fewer direct Asia-Europe calls than Piraeus (estimate)"),
    ("eg_port_said", "es_gibraltar_strait", None, None, None, "Mediterranean"),
    ("tr_mersin_port", "eg_port_said", 3, None, None,
     "Mersin has several weekly Asia-Mediterranean calls (estimate)"),
    ("es_gibraltar_strait", "fr_ushant", None, None, None, ""),
    ("fr_ushant", "nl_rotterdam_port", 7, None, None, ""),
    ("fr_ushant", "de_hamburg_port", 7, None, None, ""),
    ("lk_dondra_head", "za_cape_of_good_hope", None, None, None, "Cape route (Indian Ocean)"),
    ("sg_singapore_strait", "za_cape_of_good_hope", None, None, None,
     "Cape route from East Asia (Sunda Strait, Indian Ocean)"),
    ("za_cape_of_good_hope", "es_gibraltar_strait", None, None, None,
     "Cape route, West Africa to the Mediterranean"),
    ("za_cape_of_good_hope", "fr_ushant", None, None, None, "Cape route, West Africa to Europe"),
    ("gr_piraeus_port", "es_gibraltar_strait", 7, None, None,
     "Piraeus is a main transshipment hub of Asia-Europe services (COSCO)"),
    ("tr_dardanelles", "tr_ambarli_port", 3, None, None,
     "Sea of Marmara. Deep-sea Asia-Mediterranean/Black Sea loops calling at Ambarlı: "
     "frequency an estimate."),
    ("fr_ushant", "be_antwerp_port", 7, None, None,
     "Antwerp-Bruges: Asia-North Europe loops call at Antwerp as at Rotterdam (frequency an "
     "estimate: a departure about daily)."),
    # Poti and Batumi take feeder ships only: they are reached by the feeder links
    # ferry_ge_poti_port__tr_ambarli_port and ferry_ge_batumi_port__tr_ambarli_port (mode
    # ferry, accepts containers; lengths from searoute with the same options as here), with
    # the transshipment priced at the hub's ferry<->sea terminal.
]

LINK_COLS = ["id", "from_id", "to_id", "mode", "length_km", "length_basis", "speed_kmh",
             "time_h", "capacity_teu_year", "gauge_mm", "tracks", "electrified", "status",
             "oneway", "departures_per_week", "cost_usd_per_teu", "cost_usd_per_teu_km",
             "co2_kg_per_teu_km", "source", "note"]
NODE_COLS = ["id", "name", "aliases", "country", "lon", "lat", "kind", "source", "note"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("output")
    ap.add_argument("--ports", nargs="+", required=True,
                    help="nodes.csv files holding the port rows")
    args = ap.parse_args()
    coords: dict[str, tuple[float, float]] = {}
    for path in args.ports:
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                coords[row["id"]] = (float(row["lon"]), float(row["lat"]))
    for wid, _name, _al, _cc, lon, lat, _note in WAYPOINTS:
        coords[wid] = (lon, lat)
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "nodes.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(NODE_COLS)
        for wid, name, aliases, cc, lon, lat, note in WAYPOINTS:
            w.writerow([wid, name, aliases, cc, lon, lat, "waypoint", SRC_WP, note])
    with open(out / "links.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(LINK_COLS)
        for a, b, dpw, time_h, cost, note in LINKS:
            if a not in coords or b not in coords:
                raise SystemExit(f"unknown place {a if a not in coords else b}")
            # append_orig_dest: the path runs from the end points themselves, not from the
            # nearest nodes of the maritime network (which could make it shorter than the
            # geodesic between them).
            feat = searoute.searoute(list(coords[a]), list(coords[b]), units="km",
                                     append_orig_dest=True, restrictions=["northwest"])
            length = round(float(feat["properties"]["length"]), 1)
            if (a, b) == ("eg_suez", "eg_port_said"):
                length, basis = 193.3, "published"
                src = "Suez Canal Authority: canal length 193.3 km"
            else:
                basis = "searoute"
                src = ("searoute package maritime network (searoute 1.x; Oak Ridge National "
                       "Laboratory Global Shipping Lane Network)")
            w.writerow([f"sea_{a}__{b}", a, b, "sea", length, basis, "",
                        "" if time_h is None else time_h, "", "", "", "", "open", "",
                        "" if dpw is None else dpw, "" if cost is None else cost, "", "",
                        src, note])


if __name__ == "__main__":
    main()
