"""How fast tcroute starts: imports, ``tcroute --help``/``--version``, the first network and
the first route, each in a fresh interpreter (the imports of one run do not help the next).

Target: ``import tcroute`` with every public name resolved within 1.3x the time of importing
tcroute's own dependencies (numpy, pandas, networkx, shapely, pyproj, scipy.sparse), and
``tcroute --help`` well under a second.

Run:  python benchmarks/startup.py [runs]        (about 30 s with the default 7 runs)
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

DEPS = "import numpy, pandas, networkx, shapely, pyproj, scipy.sparse"
CASES = {
    "python (no imports)": ["-c", "pass"],
    "dependencies: " + DEPS.removeprefix("import "): ["-c", DEPS],
    "import tcroute": ["-c", "import tcroute"],
    "import tcroute, every public name": [
        "-c", "import tcroute; [getattr(tcroute, n) for n in tcroute.__all__]"],
    "tcroute --help": ["-m", "tcroute.cli", "--help"],
    "tcroute --version": ["-m", "tcroute.cli", "--version"],
    "load_network() + first shortest_route": [
        "-c", "import tcroute; net = tcroute.load_network(); "
              "tcroute.shortest_route(net, \"Xi'an\", 'Duisburg')"],
}


def run_once(args: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, *args], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def main(runs: int = 7) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {k: [] for k in CASES}
    for _ in range(runs):  # interleaved, so that a busy moment hits every case alike
        for name, args in CASES.items():
            times[name].append(run_once(args))
    deps = min(times["dependencies: " + DEPS.removeprefix("import ")])
    print(f"wall time of a fresh interpreter, best and median of {runs} runs\n")
    print("| what | best s | median s | best / dependencies |")
    print("|---|---|---|---|")
    for name, ts in times.items():
        print(f"| {name} | {min(ts):.3f} | {statistics.median(ts):.3f} | "
              f"{min(ts) / deps:.2f} |")
    full = min(times["import tcroute, every public name"]) / deps
    print(f"\nimport tcroute with every public name: {full:.2f}x the dependencies "
          f"(target <= 1.3x): {'met' if full <= 1.3 else 'NOT met'}")
    return times


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
