"""Set sourced commercial rail speeds on the Middle and Southern corridor countries.

Rerun from the repository root: ``python tools/rail_speeds.py``. It fills ``speed_kmh`` of every
rail link in ``data/network/links.csv`` that lies in (or leaves from) one of the countries below
and has no speed of its own yet, and appends the speed's source to the row's ``source``. Rows that
already carry a speed (with its own source) are left alone, so the script can be rerun after
others edit the file. The file's layout (CRLF, quoting, row order) is kept.

How each speed is derived (commercial speed of a container block train including ordinary stops,
border dwell excluded because ``borders.csv`` adds it):

* AZ, GE: the Poti-Baku "Silk Bridge" container block train ran in 34 h (Trans Caucasus
  Terminals, a Georgian Railway subsidiary, via Agenda.ge 2014-07); the model's Poti-Baku rail
  path is 867 km; minus the 6 h AZ-GE border dwell of borders.csv: 867 / 28 = 31 km/h.
* TM: Turkmen Railways' Etrek-Serhetyaka transit time 17 h 45 min (newscentralasia.net
  2024-02-28) over the model's 675 km = 38 km/h, already used on that line; applied to the other
  Turkmen lines of the same operator.
* UZ: ADB CAREC CPMM 2022, Uzbekistan Table 3.19: rail speed without delay 13.1 km/h (2022;
  13.3 in 2021, 21.9 in 2020). CPMM tracks all rail shipments, mostly wagonload; block trains
  may run faster (no published figure found).
* TR, Ankara-Halkali: the first China Railway Express via Marmaray left Ankara on 2019-11-06
  14:30 (Railway Gazette; 16:30 in DHA via T24) and passed Marmaray Ayrilikcesme at 03:30-05:00
  on 2019-11-07 (Railway Gazette; DHA): about 584 km in 12-14 h = 42-48 km/h, 45 used.
* TR, other lines: estimate 35 km/h; the same train entered Turkey at Kars on 2019-11-05 and was
  in Ankara on 2019-11-06, i.e. at most about 40 h for 1,310 km (>= 33 km/h).
* IR: derived from the Yiwu-Tehran train of 2016 (entered Iran at Sarakhs on day 12, reached
  Tehran on day 14; Press TV/Fars 2016, railturkey.org 2016-02-16): about 1,090 km in about 48 h
  less the 12 h Sarakhs gauge change = 30 km/h (estimate: day-level times).
* RO: Romanian freight trains average about 15 km/h commercial speed (Grampet CEO A. Neculcea
  via cursdeguvernare.ro; Libertatea 2018-04 via ziarelive.ro). All freight, not only
  intermodal; Polish data show intermodal trains about 1.2x the all-freight average.
* BG: estimate 35 km/h (the rail default): no published Bulgarian freight commercial speed found.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

LINKS = Path(__file__).resolve().parents[1] / "data" / "network" / "links.csv"
NODES = LINKS.with_name("nodes.csv")

AZGE = ("Poti-Baku container block train 34 h (Trans Caucasus Terminals/Georgian Railway via "
        "Agenda.ge 2014-07) over 867 km less 6 h AZ-GE border = 31 km/h (derived, 2014)")
SPEEDS: dict[str, tuple[float, str]] = {
    "AZ": (31, AZGE),
    "GE": (31, AZGE),
    "TM": (38, "Turkmen Railways transit Etrek-Serhetyaka 17 h 45 min over 675 km "
               "(newscentralasia.net 2024-02-28) = 38 km/h, applied to all Turkmen lines "
               "(derived, 2024)"),
    "UZ": (13.1, "ADB CAREC CPMM 2022, Uzbekistan Table 3.19: rail speed without delay "
                 "13.1 km/h (2022; 21.9 in 2020); CPMM tracks mostly wagonload shipments, block "
                 "trains may be faster (no published figure)"),
    "IR": (30, "estimate derived from the Yiwu-Tehran train 2016 (Sarakhs day 12, Tehran day 14; "
               "Press TV/Fars 2016, railturkey.org 2016-02-16): ~1,090 km in ~48 h less 12 h "
               "gauge change = 30 km/h"),
    "RO": (15, "Romanian freight trains average ~15 km/h commercial speed (Grampet CEO via "
               "cursdeguvernare.ro; Libertatea 2018-04 via ziarelive.ro); all freight, "
               "intermodal may be somewhat faster"),
    "BG": (35, "estimate: no published Bulgarian freight commercial speed found; rail default "
               "35 km/h kept"),
    "TR": (35, "estimate: 35 km/h; the first China Railway Express via BTK entered Turkey at "
               "Kars on 2019-11-05 and was in Ankara on 2019-11-06 (<= ~40 h for 1,310 km, "
               ">= 33 km/h; Hurriyet Daily News / salepropertyturkey 2019-11)"),
}
TR_WEST = ({"tr_ankara", "tr_eskisehir", "tr_bilecik", "tr_arifiye", "tr_izmit", "tr_gebze",
            "tr_halkali"},
           45, "first China Railway Express via Marmaray: Ankara dep. 2019-11-06 14:30 (16:30 per "
               "DHA), Marmaray 03:30-05:00 on 2019-11-07 (Railway Gazette; DHA via T24): ~584 km "
               "in 12-14 h = 42-48 km/h, 45 used (derived, 2019, one run)")


def _read(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def main() -> int:
    rows = _read(LINKS)
    head = rows[0]
    col = {c: i for i, c in enumerate(head)}
    country = {r[0]: r[3] for r in _read(NODES)[1:]}
    changed = 0
    for r in rows[1:]:
        if r[col["mode"]] != "rail" or r[col["speed_kmh"]]:
            continue
        a, b = r[col["from_id"]], r[col["to_id"]]
        ca, cb = country.get(a), country.get(b)
        if {a, b} <= TR_WEST[0]:
            speed, source = TR_WEST[1], TR_WEST[2]
        elif ca in SPEEDS:
            speed, source = SPEEDS[ca]
        elif cb in SPEEDS:
            speed, source = SPEEDS[cb]
        else:
            continue
        r[col["speed_kmh"]] = f"{speed:g}"
        r[col["source"]] = f"{r[col['source']]}; speed: {source}"
        changed += 1
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    LINKS.write_bytes(out.getvalue().encode("utf-8"))
    print(f"{changed} rail links given a sourced speed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
