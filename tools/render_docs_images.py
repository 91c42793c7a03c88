"""Regenerate the pictures in docs/img: the bypass-Russia map (static), the comparison chart
and a screenshot of the interactive map taken in headless Chromium.

Run:  python tools/render_docs_images.py
(needs the maps extra, pip install '.[maps]', and Debian's chromium)
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import tcroute
from tcroute import palette
from tcroute.maps import interactive_map, static_map
from tcroute.plot import plot_comparison

OUT = Path(__file__).resolve().parents[1] / "docs" / "img"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    net = tcroute.load_network()
    table = tcroute.compare_corridors(net, "Xi'an", "Duisburg")
    ok = table[table["feasible"]]
    colours = palette.corridor_colors(net)
    routes = {str(r.name): r.route for r in ok.itertuples()}
    static_map(net, routes, OUT / "bypass_russia.png",
               colors={str(r.name): colours[str(r.corridor)] for r in ok.itertuples()},
               title="Xi'an → Duisburg: the fastest route of each corridor")
    plot_comparison(net, table, OUT / "compare_xian_duisburg.png",
                    title="Xi'an → Duisburg: each corridor's fastest route compared")
    best = tcroute.shortest_route(net, "Xi'an", "Duisburg")
    bypass = tcroute.shortest_route(net, "Xi'an", "Duisburg", avoid_countries=["RU", "BY", "IR"])
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("chromium not found: apt-get install chromium")
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "map.html"
        interactive_map(net, {"fastest": best, "avoiding RU, BY and IR": bypass}, page,
                        title="Xi'an → Duisburg: the fastest route, and avoiding RU, BY, IR")
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                        "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--no-first-run", "--hide-scrollbars",
                        f"--user-data-dir={Path(tmp) / 'profile'}",
                        "--virtual-time-budget=5000", "--window-size=1400,900",
                        f"--screenshot={OUT / 'interactive_map.png'}", page.as_uri()],
                       check=True, capture_output=True)
    print(f"written: {OUT / 'bypass_russia.png'}, {OUT / 'compare_xian_duisburg.png'}, "
          f"{OUT / 'interactive_map.png'}")


if __name__ == "__main__":
    main()
