"""Stress test: move a share of the Northern route's China-EU transit volume onto routes that
avoid Russia and Belarus, and list the assets that fill up first.

The Northern route carried 211,100 TEU of China-EU-China transit through Russia, Kazakhstan
and Belarus in 2023 (index1520, ERAI, 2024-02-28). The volume is split evenly over the main
Chinese origins and European destinations (an assumption, stated here) and loaded, increment
by increment, onto the cheapest routes by generalised cost (money + value of time) that avoid
RU and BY (and, in a second run, IR), respecting every known capacity.

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
        res = tcroute.assign(net, dem, avoid_countries=avoid, increments=20,
                             modes=["rail", "ferry", "road"])
        results[label] = res
        print(f"\n=== {label}: served {res.served_teu_year:,.0f}, unserved "
              f"{res.unserved_teu_year:,.0f} TEU/year ===")
        print("assets in the order they filled up:")
        loads = res.loads.set_index("asset")
        for i, asset in enumerate(res.saturation_order[:10], 1):
            row = loads.loc[asset]
            print(f"  {i:2d}. {asset}: {row['load_teu_year']:,.0f} of "
                  f"{row['capacity_teu_year']:,.0f} TEU/year")
        top = res.loads.dropna(subset=["vc_ratio"]).head(8)
        print("highest volume/capacity:")
        print(top[["asset", "load_teu_year", "capacity_teu_year", "vc_ratio"]].to_string(
            index=False, float_format=lambda v: f"{v:,.2f}"))
        for w in res.warnings:
            print("note:", w)
    return results


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 0.3)
