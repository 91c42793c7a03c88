"""What does it cost to move China-Europe freight without crossing Russia and Belarus?

Compares the corridor families for four city pairs, prints the tables and draws, for each
pair, a chart of days / USD / CO2 per corridor with a map of the routes.

Run:  python examples/bypass_russia.py [OUTPUT_FOLDER]
"""

from __future__ import annotations

import sys
from pathlib import Path

import tcroute

PAIRS = [("Xi'an", "Duisburg"), ("Chongqing", "Duisburg"), ("Almaty", "Istanbul"),
         ("Urumqi", "Constanța port")]


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    net = tcroute.load_network()
    for origin, destination in PAIRS:
        table = tcroute.compare_corridors(net, origin, destination)
        print(f"\n=== {origin} -> {destination} (each corridor's fastest route) ===")
        cols = ["feasible", "time_days", "cost_usd", "co2_kg", "border_crossings",
                "gauge_changes", "delta_days", "delta_cost_usd", "bottleneck_asset"]
        print(table[cols].to_string(float_format=lambda v: f"{v:,.1f}"))
        try:
            from tcroute.plot import plot_comparison
        except ImportError:  # pragma: no cover - plotting is optional
            print("(to draw the charts, install the maps extra: pip install '.[maps]' in a "
                  "tcroute checkout)")
            continue
        name = f"compare_{net.resolve(origin)}__{net.resolve(destination)}.png"
        fig = plot_comparison(net, table, out / name)
        fig.clf()
        print(f"chart and map: {out / name}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("bypass_russia_output"))
