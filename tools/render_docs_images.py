"""Regenerate the pictures in docs/img: the bypass-Russia map (static) and a screenshot of
the interactive map taken in headless Chromium.

Run:  python tools/render_docs_images.py
(needs the maps extra, pip install '.[maps]', and Debian's chromium)
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import tcroute
from tcroute.maps import interactive_map, static_map

OUT = Path(__file__).resolve().parents[1] / "docs" / "img"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    net = tcroute.load_network()
    table = tcroute.compare_corridors(net, "Xi'an", "Duisburg")
    routes = {str(r.name): r.route for r in table.itertuples() if r.feasible}
    static_map(net, routes, OUT / "bypass_russia.png")
    bypass = tcroute.shortest_route(net, "Xi'an", "Duisburg", avoid_countries=["RU", "BY", "IR"])
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("chromium not found: apt-get install chromium")
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "map.html"
        interactive_map(net, {"Xi'an to Duisburg avoiding RU, BY and IR": bypass}, page)
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                        "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--no-first-run", "--hide-scrollbars",
                        f"--user-data-dir={Path(tmp) / 'profile'}",
                        "--virtual-time-budget=5000", "--window-size=1400,900",
                        f"--screenshot={OUT / 'interactive_map.png'}", page.as_uri()],
                       check=True, capture_output=True)
    print(f"written: {OUT / 'bypass_russia.png'}, {OUT / 'interactive_map.png'}")


if __name__ == "__main__":
    main()
