"""Stress test: move a share of the Northern route's China-EU transit volume onto routes that
avoid Russia and Belarus, and list the assets that fill up first.

The Northern route carried 211,100 TEU of China-EU-China transit through Russia, Kazakhstan
and Belarus in 2023 (index1520, ERAI, 2024-02-28). The volume is split evenly over the main
Chinese origins and European destinations (an assumption, stated here) and assigned at
equilibrium onto routes that avoid RU and BY (and, in a second run, IR): shippers choose by
generalised cost (money + value of time), queues grow at ferries, terminals, borders and lines
as they fill, and what cannot get through within the shippers' patience is unserved. Known
capacities are never exceeded; unknown ones are unlimited and listed.

Run:  python examples/stress_northern_shift.py [SHARE]      (default 0.3)
"""

from __future__ import annotations

import sys

import pandas as pd

import tcroute

NORTHERN_TRANSIT_2023_TEU = 211_100
ORIGINS = ["Xi'an", "Chongqing", "Chengdu", "Zhengzhou", "Wuhan", "Yiwu"]
DESTINATIONS = ["Duisburg", "Hamburg", "Łódź", "Budapest"]


def demand(share: float) -> pd.DataFrame:
    per_pair = share * NORTHERN_TRANSIT_2023_TEU / (len(ORIGINS) * len(DESTINATIONS))
    return pd.DataFrame([(o, d, per_pair) for o in ORIGINS for d in DESTINATIONS],
                        columns=["origin", "destination", "teu_year"])


def main(share: float = 0.3) -> dict[str, tcroute.AssignmentResult]:
    net = tcroute.load_network()
    dem = demand(share)
    print(f"Shifting {share:.0%} of {NORTHERN_TRANSIT_2023_TEU:,} TEU/year "
          f"({dem['teu_year'].sum():,.0f} TEU/year) off the Northern route")
    results = {}
    for label, avoid in [("avoid RU+BY", ["RU", "BY"]), ("avoid RU+BY+IR", ["RU", "BY", "IR"])]:
        res = tcroute.assign(net, dem, avoid_countries=avoid, modes=["rail", "ferry", "road"])
        results[label] = res
        print(f"\n=== {label}: served {res.served_teu_year:,.0f}, unserved "
              f"{res.unserved_teu_year:,.0f} TEU/year ===")
        od = res.od[res.od["served_teu_year"] > 0]
        w = od["served_teu_year"]
        print(f"mean time {(od['time_h'] * w).sum() / w.sum() / 24:.1f} days, of which "
              f"{(od['queue_delay_h'] * w).sum() / w.sum() / 24:.1f} days queueing "
              f"(equilibrium, relative gap {res.relative_gap:.0e})")
        print("assets in the order they filled up (fullest first):")
        loads = res.loads.drop_duplicates("asset").set_index("asset")
        for i, asset in enumerate(res.saturation_order[:10], 1):
            row = loads.loc[asset]
            print(f"  {i:2d}. {asset}: {row['vc_ratio']:.0%} of "
                  f"{row['capacity_teu_year']:,.0f} TEU/year, queue {row['delay_h']:,.0f} h")
        top = res.loads.dropna(subset=["vc_ratio"]).drop_duplicates("asset").head(8)
        print("highest volume/capacity:")
        print(top[["asset", "load_teu_year", "capacity_teu_year", "vc_ratio",
                   "delay_h"]].to_string(index=False, float_format=lambda v: f"{v:,.2f}"))
        for w in res.warnings:
            print("note:", w)
    return results


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 0.3)
