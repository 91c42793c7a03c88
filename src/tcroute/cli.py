"""The ``tcroute`` command line.

Exit codes: 0 success; 1 an analysis, data or file error, or a missing optional dependency
(a one-line message, never a traceback); 2 a usage error; 141 when the reader of the output
goes away early (``tcroute places | head -1``), quietly, as other Unix tools do.

Text output fits the terminal (``COLUMNS`` or the terminal's width; ``--wide`` shows every
column); ``--json`` and ``--csv`` print every column whatever the width. ``-o FILE`` picks
the format from the file's extension.

The analyses are imported when a command runs, so that ``tcroute --help`` and
``tcroute --version`` answer at once.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import DataFileError, MissingDependencyError, TcrouteError

if TYPE_CHECKING:
    import pandas as pd

    from .network import Network
    from .routing import Route

EPILOG = """examples:
  tcroute info
  tcroute places --country KZ --kind port
  tcroute route "Xi'an" Duisburg --avoid RU,BY
  tcroute route Almaty Istanbul --weight cost --json
  tcroute alternatives Urumqi Constanta -k 3
  tcroute compare "Xi'an" Duisburg --chart corridors.png
  tcroute compare "Xi'an" Duisburg --month 1 --within-days 25 --chart c.png
  tcroute reliability "Xi'an" Duisburg --corridor middle_black_sea --month 1
  tcroute compare Chongqing Duisburg --weight cost --avoid IR -o comparison.csv
  tcroute bottlenecks "Xi'an,Chongqing" Duisburg,Budapest --avoid RU,BY,IR \\
      --modes rail,ferry
  tcroute criticality --pairs "Xi'an:Istanbul,Almaty:Tbilisi" --avoid RU,BY,IR \\
      --top 10
  tcroute scenarios
  tcroute map "Xi'an" Duisburg --corridors -o bypass.png
  tcroute export -o network.gpkg
  tcroute route Shanghai Rotterdam --modes sea --scenario suez_closed
  tcroute validate my_network/            (a full network folder)
  tcroute validate my_additions/ --extend  (rows added to the default network)
  tcroute appraise --demand demand.csv --avoid RU,BY --budget 2e9 \\
      --chart projects.png

Text fits the terminal; --wide shows every column, --json/--csv print all data.
Maps, charts and GeoPackage files need the optional extras:
pip install '.[maps,gis]' in a tcroute checkout.
"""

MAX_ALTERNATIVES = 10
"""Most routes `tcroute alternatives` searches for (each costs up to four searches)."""

_WEIGHT_WORDS = {"time": "fastest", "cost": "cheapest", "distance": "shortest",
                 "co2": "lowest-CO2e", "generalized": "lowest generalised cost"}


class UsageError(TcrouteError, ValueError):
    """A command-line argument that cannot be used (exit code 2)."""


class Progress:
    """A progress line on stderr for long runs, shown only when stderr is a terminal: a
    spinner with the label and the elapsed time, from ``delay_s`` on. It is wiped before any
    output is printed (:meth:`stop`) and at the end, so it never mixes with the results."""

    FRAMES = "|/-\\"

    def __init__(self, label: str, *, stream: Any = None, delay_s: float = 1.0,
                 interval_s: float = 0.2) -> None:
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.delay_s = delay_s
        self.interval_s = interval_s
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._width = 0
        self.shown = False

    def _write(self, text: str) -> None:
        pad = max(0, self._width - len(text))
        self.stream.write("\r" + text + " " * pad + ("\b" * pad))
        self.stream.flush()
        self._width = len(text)

    def _run(self) -> None:
        start = time.monotonic()
        if self._stop.wait(self.delay_s):
            return
        i = 0
        while True:
            with self._lock:
                if self._stop.is_set():
                    return
                elapsed = time.monotonic() - start
                self._write(f"{self.FRAMES[i % 4]} {self.label} ... {elapsed:.1f} s")
                self.shown = True
            i += 1
            self._stop.wait(self.interval_s)

    def update(self, label: str) -> None:
        """Show ``label`` from the next tick on."""
        self.label = label

    def stop(self) -> None:
        """Stop and wipe the line (idempotent)."""
        with self._lock:
            self._stop.set()
            if self.shown:
                self.stream.write("\r" + " " * self._width + "\r")
                self.stream.flush()
                self.shown = False
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join()
            self._thread = None

    def __enter__(self) -> Progress:
        global _PROGRESS
        if getattr(self.stream, "isatty", lambda: False)():
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()
        _PROGRESS = self
        return self

    def __exit__(self, *exc: object) -> None:
        global _PROGRESS
        self.stop()
        _PROGRESS = None


_PROGRESS: Progress | None = None


def _quiet() -> None:
    """Wipe the progress line before printing anything."""
    if _PROGRESS is not None:
        _PROGRESS.stop()


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # usage errors: exit 2 with a short message
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def _teu_per_year(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected TEU per year (a number), got {text!r}"
                                         ) from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(
            f"expected a finite number of TEU per year >= 0, got {text!r} (leave the option "
            "out to treat unknown capacities as unlimited and have them reported)")
    return value


def _k_routes(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if not 1 <= value <= MAX_ALTERNATIVES:
        raise argparse.ArgumentTypeError(
            f"-k takes 1 to {MAX_ALTERNATIVES} routes, got {value} (each route costs up to "
            "four searches; use tcroute.alternative_routes in Python for more)")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1, got {value}")
    return value


def _add_network_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--network", metavar="PATH",
                   help="a network folder to use instead of the default network")
    p.add_argument("--extend", metavar="PATH",
                   help="a folder of rows that add to or change the default network")
    p.add_argument("--scenario", action="append", default=[], metavar="NAME",
                   help="apply a scenario (shipped name or CSV path); repeat or comma-separate "
                        "to compose; see `tcroute scenarios`")


def _add_output_args(p: argparse.ArgumentParser, formats: str = ".txt, .csv or .json") -> None:
    g = p.add_mutually_exclusive_group()
    g.add_argument("--json", action="store_true", help="print JSON (every column)")
    g.add_argument("--csv", action="store_true", help="print CSV (every column)")
    p.add_argument("--wide", action="store_true",
                   help="show every column, whatever the terminal's width")
    p.add_argument("-o", "--output", metavar="FILE",
                   help=f"write to FILE instead of stdout; the extension picks the format "
                        f"({formats})")


def _add_route_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("origin", help="place id, name or alias")
    p.add_argument("destination", help="place id, name or alias")
    p.add_argument("--weight", default="time",
                   choices=["time", "cost", "distance", "co2", "generalized"],
                   help="what to minimise (default: time)")
    p.add_argument("--avoid", default="", metavar="CC,CC",
                   help="ISO country codes to avoid, comma-separated (e.g. RU,BY)")
    p.add_argument("--avoid-places", default="", metavar="PLACE,PLACE",
                   help="places not to pass through (ids, names or aliases, comma-separated; "
                        "e.g. Dostyk,Aktau)")
    p.add_argument("--avoid-modes", default="", metavar="MODE,MODE",
                   help="modes to exclude: rail, road, ferry, sea")
    p.add_argument("--modes", default=None, metavar="MODE,MODE",
                   help="the only modes allowed")
    p.add_argument("--via", default="", metavar="PLACE,PLACE", help="places to pass, in order")
    p.add_argument("--include-planned", action="store_true",
                   help="also use planned links and terminals")
    p.add_argument("--unit", default="TEU", choices=["TEU", "FEU"],
                   help="money and CO2 per 20-foot (TEU, default) or 40-foot box (FEU)")
    p.add_argument("--road-legs", default="ends", choices=["ends", "anywhere"],
                   help="road only before and after the main haul (default), or also "
                        "between two rail/sea legs")
    _add_border_dwell_arg(p)


def _add_border_dwell_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--rail-border-dwell", default="block_train",
                   choices=["block_train", "all_traffic"],
                   help="rail border times of a container block train (default), or the "
                        "all-traffic means the ADB CAREC CPMM measures (mostly wagonload)")


def _cost_model(args: argparse.Namespace) -> Any:
    """The cost model the options ask for; None (the default model) when they ask nothing."""
    from .costs import CostModel

    dwell = getattr(args, "rail_border_dwell", "block_train")
    return None if dwell == "block_train" else CostModel(rail_border_dwell=dwell)


def _add_reliability_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--month", type=int, choices=range(1, 13), metavar="1-12",
                   help="simulate journeys in this month (default: a year-round mix)")
    p.add_argument("--within-days", type=float, metavar="DAYS",
                   help="also give the chance of arriving within DAYS days")


def _add_reliability_parser(sub: Any) -> None:
    p = sub.add_parser("reliability", help="transit time as a distribution: P50/P90/P95, "
                       "chance of a deadline, days to promise, by month",
                       epilog='example: tcroute reliability "Xi\'an" Duisburg --corridor '
                              'middle_black_sea --month 1 --within-days 25',
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    _add_network_args(p)
    _add_route_args(p)
    p.add_argument("--corridor", metavar="ID", help="take this corridor's best route "
                   "(see corridors.csv); --via places are passed before its own")
    _add_reliability_args(p)
    p.add_argument("--no-episodes", action="store_true",
                   help="leave out dated disruption episodes (only the routing model's delays)")
    p.add_argument("--during", default="", metavar="EPISODE,EPISODE",
                   help="episodes assumed under way (see tcroute.list_episodes())")
    p.add_argument("--draws", type=_positive_int, default=10_000)
    p.add_argument("--seed", type=int, default=0)
    _add_output_args(p)


def cmd_reliability(args: argparse.Namespace) -> int:
    from .reliability import MONTH_NAMES, transit_time_distribution

    net = _network(args)
    rel = transit_time_distribution(net, (args.origin, args.destination), month=args.month,
                                    episodes=not args.no_episodes, during=_split(args.during),
                                    corridor=args.corridor, draws=args.draws, seed=args.seed,
                                    **_route_kwargs(args))
    row = rel.to_frame()
    lines = [rel.summary(), f"basis: {rel.basis}",
             f"promise {rel.days_for(0.9):.1f} days for 90 % on time, "
             f"{rel.days_for(0.95):.1f} for 95 %; planning-time index "
             f"{rel.planning_time_index:.2f} (P95 / {rel.free_flow_days:.1f} days running)"]
    if args.within_days is not None:
        p_in = rel.prob_within(args.within_days)
        row["within_days"], row["p_within"] = args.within_days, p_in
        when = f"in {MONTH_NAMES[args.month - 1]}" if args.month else "year-round"
        lines.insert(0, f"chance of arriving within {args.within_days:g} days {when}: "
                        f"{p_in:.0%}")
    lines = [_para(args, line) for line in lines]
    lines += ["", rel.elements.head(8).round(2).to_string(index=False)]
    _emit(args, row, "\n".join(lines))
    return 0


def _version_text() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        v = version("tcroute")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        v = "0+unknown"
    return f"tcroute {v} (Python {sys.version.split()[0]})"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    parser = _Parser(prog="tcroute", description="Freight routes between China, Central Asia, "
                     "the Caspian,\nthe Caucasus, Turkey and Europe.", epilog=EPILOG,
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=_version_text())
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    p = sub.add_parser("info", help="summary of the network: places, links and km by country")
    _add_network_args(p)
    _add_output_args(p)

    p = sub.add_parser("scenarios", help="list the shipped scenarios")
    _add_output_args(p)

    p = sub.add_parser("validate", help="check a network folder and print every problem")
    p.add_argument("path", help="folder laid out like data/network/")
    p.add_argument("--extend", action="store_true",
                   help="the folder holds only rows that add to or change the default network")

    p = sub.add_parser("fleets", help="rolling stock: rail pools of platforms or "
                       "locomotives and the ships of ferry services, with the capacity they "
                       "give")
    _add_network_args(p)
    _add_output_args(p)

    p = sub.add_parser("places", help="list places (filter by country, kind or name)")
    _add_network_args(p)
    p.add_argument("--country", help="ISO code, e.g. KZ")
    p.add_argument("--kind", help="rail_station, junction, border_station, port, dry_port, ...")
    p.add_argument("--match", help="part of a name or alias")
    _add_output_args(p)

    p = sub.add_parser("route", help="the best route between two places, leg by leg",
                       epilog='example: tcroute route "Xi\'an" Duisburg --avoid RU,BY',
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    _add_network_args(p)
    _add_route_args(p)
    _add_output_args(p, ".txt, .csv, .json, .geojson, or a map: .png, .svg, .pdf, .html")

    p = sub.add_parser("alternatives", help="up to K meaningfully different routes")
    _add_network_args(p)
    _add_route_args(p)
    p.add_argument("-k", type=_k_routes, default=3,
                   help=f"how many routes, 1 to {MAX_ALTERNATIVES} (default 3)")
    _add_output_args(p, ".txt, .csv, .json, .geojson, or a map: .png, .svg, .pdf, .html")

    p = sub.add_parser("compare", help="corridors side by side: days, USD, CO2e, bottleneck, "
                       "and what avoiding Russia and Belarus costs",
                       epilog='example: tcroute compare "Xi\'an" Duisburg',
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    _add_network_args(p)
    p.add_argument("origin", help="place id, name or alias")
    p.add_argument("destination", help="place id, name or alias")
    p.add_argument("--weight", default="time",
                   choices=["time", "cost", "distance", "co2", "generalized"],
                   help="what each corridor's route minimises (default: time)")
    p.add_argument("--avoid", default="", metavar="CC,CC",
                   help="countries avoided by every corridor in addition to its own rules")
    p.add_argument("--corridors", default=None, metavar="ID,ID",
                   help="corridor ids to compare (default: all; see corridors.csv)")
    p.add_argument("--include-planned", action="store_true",
                   help="also use planned links and terminals")
    p.add_argument("--reliability", action="store_true",
                   help="add P50/P90/P95 days by Monte Carlo and the main source of spread "
                        "(with --chart, also the distributions side by side)")
    _add_reliability_args(p)
    p.add_argument("--unit", default="TEU", choices=["TEU", "FEU"],
                   help="money and CO2 per 20-foot (TEU, default) or 40-foot box (FEU)")
    _add_border_dwell_arg(p)
    p.add_argument("--chart", metavar="FILE",
                   help="also draw the chart and map of the compared routes (.png, .svg or "
                        ".pdf; needs the maps extra: pip install '.[maps]')")
    _add_output_args(p, ".txt, .csv, .json, .geojson, a chart: .png, .svg, .pdf, or a map: "
                        ".html")

    _add_reliability_parser(sub)

    p = sub.add_parser("map", help="draw the network, a route, or every corridor's route "
                       "(PNG/SVG/PDF, or an interactive .html); needs the maps extra",
                       epilog='examples:\n  tcroute map -o network.png\n'
                              '  tcroute map "Xi\'an" Duisburg --corridors -o bypass.png\n'
                              '  tcroute map Almaty Istanbul --avoid RU -o route.html\n\n'
                              "the maps extra: pip install '.[maps]' in a tcroute checkout",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    _add_network_args(p)
    p.add_argument("origin", nargs="?", help="place (optional)")
    p.add_argument("destination", nargs="?", help="place (optional)")
    p.add_argument("--weight", default="time",
                   choices=["time", "cost", "distance", "co2", "generalized"],
                   help="what the route minimises (default: time)")
    p.add_argument("--avoid", default="", metavar="CC,CC", help="ISO country codes to avoid")
    p.add_argument("--modes", default=None, metavar="MODE,MODE", help="the only modes allowed")
    p.add_argument("--via", default="", metavar="PLACE,PLACE", help="places to pass, in order")
    p.add_argument("--corridors", action="store_true",
                   help="draw the best route of every corridor (the bypass-Russia map)")
    p.add_argument("-o", "--output", required=True, metavar="FILE",
                   help="map.png, map.svg, map.pdf or map.html")

    p = sub.add_parser("export", help="write the network as GeoJSON or GeoPackage (WGS84)")
    _add_network_args(p)
    p.add_argument("-o", "--output", required=True, metavar="FILE",
                   help="network.geojson or network.gpkg (GeoPackage needs the gis extra: "
                        "pip install '.[gis]')")

    p = sub.add_parser("bottlenecks", help="max throughput (TEU/year), its min cut and the "
                       "widest route between places")
    _add_network_args(p)
    p.add_argument("origins", help="places, comma-separated")
    p.add_argument("destinations", help="places, comma-separated")
    p.add_argument("--avoid", default="", metavar="CC,CC", help="ISO country codes to avoid")
    p.add_argument("--modes", default=None, metavar="MODE,MODE", help="the only modes allowed")
    p.add_argument("--include-planned", action="store_true",
                   help="also use planned links and terminals")
    p.add_argument("--unknown-capacity", type=_teu_per_year, default=None, metavar="TEU",
                   help="TEU/year to assume where a capacity is unknown (default: unlimited, "
                        "reported)")
    _add_output_args(p)

    p = sub.add_parser("criticality", help="rank links or places by what losing them costs")
    _add_network_args(p)
    p.add_argument("--pairs", required=True, metavar="O:D,O:D",
                   help='origin:destination pairs, e.g. "Xi\'an:Duisburg,Almaty:Tbilisi"')
    p.add_argument("--elements", default="links", choices=["links", "places"],
                   help="rank links (default) or places")
    p.add_argument("--weight", default="time",
                   choices=["time", "cost", "distance", "co2", "generalized"],
                   help="what routes minimise (default: time)")
    p.add_argument("--avoid", default="", metavar="CC,CC", help="ISO country codes to avoid")
    p.add_argument("--modes", default=None, metavar="MODE,MODE", help="the only modes allowed")
    p.add_argument("--top", type=_positive_int, default=20, help="rows to show (default 20)")
    _add_output_args(p)
    p = sub.add_parser("assign", help="load a demand matrix (TEU/year) at equilibrium: flows, "
                       "queues, unserved demand")
    _add_network_args(p)
    p.add_argument("demand", metavar="DEMAND.csv",
                   help="origin, destination, teu_year (optional avoid_countries per row, "
                        "e.g. RU;BY); or 'base' for the shipped 2024 demand, "
                        "'base:2030:world_bank_2030' for a growth scenario")
    p.add_argument("--method", default="equilibrium",
                   choices=["equilibrium", "incremental", "bulk", "reference"])
    p.add_argument("--avoid", default="", metavar="CC,CC")
    p.add_argument("--modes", default=None, metavar="MODE,MODE")
    p.add_argument("--include-planned", action="store_true")
    p.add_argument("--unknown-capacity", type=float, default=None, metavar="TEU")
    p.add_argument("--gap", type=float, default=1e-4, help="relative gap to stop at")
    p.add_argument("--top", type=_positive_int, default=15,
                   help="busiest assets and largest pairs to show (default 15)")
    _add_output_args(p)

    p = sub.add_parser("appraise", help="corridor projects against a demand: benefits, NPV, "
                       "BCR, interactions, best set for a budget")
    _add_network_args(p)
    p.add_argument("--demand", required=True, metavar="CSV",
                   help="demand file: origin, destination, teu_year (and year, for several "
                        "years)")
    p.add_argument("--projects", default=None, metavar="ID,ID",
                   help="projects to appraise (default: every shipped project not completed; "
                        "see tcroute.load_projects())")
    p.add_argument("--programme", default=None, metavar="PATH",
                   help="a folder with your own projects.csv and effects/")
    p.add_argument("--years", nargs=2, type=int, default=[2026, 2055], metavar=("FIRST", "LAST"),
                   help="appraisal period (default 2026 2055)")
    p.add_argument("--discount-rate", type=float, default=0.06, help="default 0.06")
    p.add_argument("--co2-price", type=float, default=80.0, metavar="USD_PER_T",
                   help="value of a tonne of CO2 avoided (default 80)")
    p.add_argument("--outside-cost", type=float, default=None, metavar="USD_PER_TEU",
                   help="what a TEU the network cannot carry pays instead (default: its sea "
                        "route door to door)")
    p.add_argument("--avoid", default="", metavar="CC,CC")
    p.add_argument("--modes", default=None, metavar="MODE,MODE")
    p.add_argument("--budget", type=float, default=None, metavar="USD",
                   help="also the best set of projects whose capital cost fits this budget")
    p.add_argument("--interactions", action="store_true",
                   help="also the pairs of projects that pay more (or less) together")
    p.add_argument("--assignment", default="equilibrium", choices=["equilibrium", "incremental"],
                   help="load the demand at equilibrium, queues included (default), or "
                        "incrementally with capacity as a wall")
    p.add_argument("--chart", metavar="FILE", help="benefit vs cost chart (png, svg, pdf)")
    _add_output_args(p)
    return parser


# ---------------------------------------------------------------------------- helpers
def _network(args: argparse.Namespace) -> Network:
    from .io import load_network, read_network

    if getattr(args, "network", None) and getattr(args, "extend", None):
        raise UsageError("use either --network or --extend, not both")
    if getattr(args, "network", None):
        net = read_network(args.network)
    elif getattr(args, "extend", None):
        net = read_network(args.extend, extend=True)
    else:
        net = load_network()
    names = [n for item in getattr(args, "scenario", []) or [] for n in _split(item)]
    return net.with_scenario(names) if names else net


def _split(text: str | None) -> list[str]:
    return [t.strip() for t in (text or "").split(",") if t.strip()]


def _countries(text: str | None) -> list[str]:
    return [c.upper() for c in _split(text)]


_EXTENSIONS = {".txt": "text", ".text": "text", ".csv": "csv", ".json": "json",
               ".geojson": "geojson", ".gpkg": "gpkg", ".png": "png", ".svg": "svg",
               ".pdf": "pdf", ".html": "html", ".htm": "html"}


def _out_format(args: argparse.Namespace, allowed: Sequence[str]) -> str:
    """The output format: from --json/--csv, or from the extension of -o."""
    flag = "json" if getattr(args, "json", False) else "csv" if getattr(args, "csv", False) \
        else None
    out = getattr(args, "output", None)
    if not out:
        return flag or "text"
    ext = Path(out).suffix.lower()
    fmt = _EXTENSIONS.get(ext, "text" if ext == "" else None)
    known = ", ".join(sorted({e for e, f in _EXTENSIONS.items() if f in allowed
                              and e not in (".text", ".htm")}))
    if fmt is None or fmt not in allowed:
        raise UsageError(f"tcroute {args.command} -o cannot write {ext or 'such'} files "
                         f"({out}); it writes {known}")
    if flag and fmt == "text":
        return flag
    if flag and fmt != flag:
        raise UsageError(f"--{flag} and -o {out} ask for two formats; give one")
    return fmt


def _target(path: str | Path) -> Path:
    """A path to write, checked: its folder exists and it is not a folder itself."""
    p = Path(path)
    folder = p.parent if str(p.parent) else Path(".")
    if not folder.is_dir():
        raise TcrouteError(f"cannot write {path}: the folder {folder} does not exist")
    if p.is_dir():
        raise TcrouteError(f"cannot write {path}: it is a folder; give a file name")
    return p


def _print(text: str) -> None:
    _quiet()
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    sys.stdout.flush()


def _note(text: str) -> None:
    _quiet()
    print(text, file=sys.stderr)


def _emit(args: argparse.Namespace, df: pd.DataFrame, text: Callable[[], str] | str | None,
          obj: Any = None, fmt: str | None = None) -> None:
    """Print or write a result as text, CSV or JSON."""
    fmt = fmt or _out_format(args, ("text", "csv", "json"))
    if fmt == "json":
        out = json.dumps(obj if obj is not None else json.loads(df.to_json(orient="records")),
                         indent=2, ensure_ascii=False)
    elif fmt == "csv":
        out = df.to_csv(index=False)
    elif text is None:
        out = df.to_string(index=False)
    else:
        out = text() if callable(text) else text
    if args.output:
        target = _target(args.output)
        target.write_text(out + ("\n" if not out.endswith("\n") else ""), encoding="utf-8")
        _note(f"written to {args.output} ({fmt})")
    else:
        _print(out)


def _width(args: argparse.Namespace) -> int | None:
    from ._format import terminal_width

    return None if getattr(args, "wide", False) else terminal_width()


def _table(args: argparse.Namespace, rows: Sequence[Any], cols: Sequence[Any]) -> str:
    from ._format import table

    width = _width(args)
    return table(rows, cols, width or 10**6, wide=width is None)


def _para(args: argparse.Namespace, text: str, indent: str = "") -> str:
    from ._format import paragraph

    width = _width(args)
    return paragraph(text, width or 10**6, indent=indent)


def _route_kwargs(args: argparse.Namespace) -> dict[str, Any]:
    return dict(weight=args.weight, avoid_countries=_countries(args.avoid),
                avoid_places=_split(args.avoid_places), avoid_modes=_split(args.avoid_modes),
                modes=_split(args.modes) if args.modes is not None else None,
                via=_split(args.via), include_planned=args.include_planned,
                road_legs=args.road_legs, unit=args.unit, cost_model=_cost_model(args))


def _constraints_text(args: argparse.Namespace) -> str:
    from ._format import countries_text

    parts = []
    if getattr(args, "avoid", ""):
        parts.append("avoiding " + countries_text(_countries(args.avoid)))
    if getattr(args, "avoid_places", ""):
        parts.append("not through " + ", ".join(_split(args.avoid_places)))
    if getattr(args, "avoid_modes", ""):
        parts.append("without " + ", ".join(_split(args.avoid_modes)))
    if getattr(args, "modes", None):
        parts.append("by " + ", ".join(_split(args.modes)) + " only")
    if getattr(args, "via", ""):
        parts.append("via " + ", ".join(_split(args.via)))
    if getattr(args, "include_planned", False):
        parts.append("planned links included")
    scen = [n for item in getattr(args, "scenario", []) or [] for n in _split(item)]
    if scen:
        parts.append("scenario " + " + ".join(scen))
    return ", ".join(parts)


_LEG_COLS = ["kind", "mode", "from_name", "to_name", "country", "length_km", "travel_h",
             "border_h", "wait_h", "transfer_h", "cost_usd", "co2_kg"]


def _route_obj(r: Route) -> dict[str, Any]:
    return {**r._totals_dict(), "places": r.places,
            "legs": json.loads(r.legs.to_json(orient="records"))}


def _route_head(r: Route, label: str) -> list[str]:
    from ._format import countries_text

    t = r._legs[["travel_h", "border_h", "wait_h", "transfer_h"]].sum()
    return [
        label,
        f"{r.days:.1f} days, {r.distance_km:,.0f} km, USD {r.cost_usd:,.0f} and "
        f"{r.co2_kg:,.0f} kg CO2e per {r.unit}",
        f"through {countries_text(r.countries)} ({' > '.join(r.countries)})",
        f"time: running {t['travel_h']:.0f} h, borders {t['border_h']:.0f} h, waiting for "
        f"departures {t['wait_h']:.0f} h, transfers {t['transfer_h']:.0f} h",
        f"rail borders: {_BORDER_WORDS[r.rail_border_dwell]} times",
    ]


#: how the text output names the rail border times a route was timed with
_BORDER_WORDS = {"block_train": "a container block train's",
                 "all_traffic": "the ADB CAREC CPMM all-traffic"}
_BORDER_NOTE = {"block_train": "rail borders take a container block train's times "
                               "(--rail-border-dwell all_traffic: the CPMM all-traffic means)",
                "all_traffic": "rail borders take the ADB CAREC CPMM all-traffic means "
                               "(mostly wagonload)"}


def _legs_table(args: argparse.Namespace, r: Route) -> str:
    from ._format import Col, fmt_num, layer_name

    rows = []
    for leg in r._legs.itertuples():
        if leg.kind == "transfer":
            rows.append({"mode": "transfer", "from": leg.from_name,
                         "to": f"{layer_name(leg.from_layer)} to {layer_name(leg.to_layer)}",
                         "km": None, "run": None, "stop": leg.transfer_h,
                         "usd": leg.cost_usd, "co2": leg.co2_kg})
            continue
        border = f" ({leg.from_country}-{leg.to_country} border)" if leg.border_h else ""
        rows.append({"mode": leg.mode, "from": leg.from_name, "to": f"{leg.to_name}{border}",
                     "km": leg.length_km, "run": leg.travel_h,
                     "stop": (leg.border_h + leg.wait_h) or None, "usd": leg.cost_usd,
                     "co2": leg.co2_kg})
    cols = [Col("mode", "\nleg", keep=9), Col("from", "\nfrom", flex=True, keep=9),
            Col("to", "\nto", flex=True, keep=9), Col("km", "\nkm", fmt_num(0), keep=6),
            Col("run", "running\nh", fmt_num(1), keep=7),
            Col("stop", "border, wait,\ntransfer h", fmt_num(1), keep=5),
            Col("usd", f"cost\nUSD/{r.unit}", fmt_num(0), keep=8),
            Col("co2", f"CO2e\nkg/{r.unit}", fmt_num(0), keep=4)]
    return _table(args, rows, cols)


_MAP_FORMATS = ("png", "svg", "pdf", "html")


def _draw_routes(args: argparse.Namespace, net: Network, routes: dict[str, Route],
                 fmt: str, title: str, colors: dict[str, str] | None = None) -> None:
    from .maps import interactive_map, static_map

    target = _target(args.output)
    if fmt == "html":
        interactive_map(net, routes, target, title=title, colors=colors)
    else:
        static_map(net, routes, target, title=title, colors=colors)
    _note(f"map written to {args.output}")


def _name_colors(net: Network, table: pd.DataFrame) -> dict[str, str]:
    """Route label (corridor name) -> the corridor's colour, as in every other figure."""
    from .palette import corridor_colors

    known = corridor_colors(net)
    return {str(r.name): known[str(r.corridor)] for r in table.itertuples()
            if str(r.corridor) in known}


def _write_geojson(args: argparse.Namespace, features: list[dict[str, Any]]) -> None:
    target = _target(args.output)
    target.write_text(json.dumps({"type": "FeatureCollection", "features": features},
                                 ensure_ascii=False), encoding="utf-8")
    _note(f"{len(features)} route{'s' if len(features) != 1 else ''} written to "
          f"{args.output} (GeoJSON)")


def _features(r: Route, **props: Any) -> list[dict[str, Any]]:
    """The route's leg features, each tagged with ``props`` (which route it belongs to)."""
    feats = r.to_geojson()["features"]
    for f in feats:
        f["properties"].update(props)
    return feats


# ---------------------------------------------------------------------------- commands
def cmd_info(args: argparse.Namespace) -> int:
    net = _network(args)
    df = net.summary()
    _emit(args, df.reset_index(), text=lambda: f"{net!r}\n\n{df.to_string()}")
    return 0


def cmd_scenarios(args: argparse.Namespace) -> int:
    from .scenarios import list_scenarios

    df = list_scenarios()

    def text() -> str:
        return "\n\n".join(f"{r.name} ({r.changes} changes)\n"
                           + _para(args, str(r.description), indent="  ")
                           for r in df.itertuples())

    _emit(args, df, text=text)
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from .io import validate_folder

    problems = validate_folder(args.path, extend=args.extend)
    if problems:
        _print("\n".join(str(p) for p in problems))
        _note(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {args.path}")
        return 1
    _print(f"{args.path}: no problems")
    return 0


def cmd_fleets(args: argparse.Namespace) -> int:
    from ._format import Col, Names, fmt_num

    net = _network(args)
    df = net.fleets.reset_index(drop=True)
    names = Names(net)
    keep = ["id", "operator", "unit", "units", "teu_per_unit", "from_id", "to_id", "run_h",
            "cycle_h", "cycle_basis", "capacity_teu_year", "scope", "status", "year", "links",
            "source"]
    df = df[keep]
    rows = [{**r, "path": f"{names(r['from_id'])} – {names(r['to_id'])}",
             "cycle": "–" if r["cycle_h"] != r["cycle_h"] else
             f"{r['cycle_h']:,.1f}" + ("" if r["cycle_basis"] == "derived" else " (pub.)")}
            for r in df.to_dict("records")]
    cols = [Col("id", "\npool", keep=9), Col("unit", "\nunit", keep=5),
            Col("units", "\nunits", fmt_num(0), keep=8),
            Col("path", "\npath", flex=True, keep=7),
            Col("run_h", "run\nh", fmt_num(1), keep=4),
            Col("cycle", "cycle\nh", keep=7),
            Col("capacity_teu_year", "capacity\nTEU/year", fmt_num(0), keep=8),
            Col("scope", "\nscope", keep=6),
            Col("year", "\nyear", lambda v: str(int(v)), keep=3)]

    from ._services import capacity_teu_year

    svc = net.services.reset_index(drop=True)
    svc = svc[(svc["status"] == "open") & svc["vessels"].notna()]
    ships = [{**r, "crossing": f"{names(r['from_id'])} – {names(r['to_id'])}",
              "capacity": c} for r, c in zip(svc.to_dict("records"), capacity_teu_year(svc),
                                             strict=True)]
    vcols = [Col("id", "\nservice", keep=9), Col("vessel_type", "\ntype", keep=5),
             Col("vessels", "\nships", fmt_num(0), keep=8),
             Col("crossing", "\ncrossing", flex=True, keep=7),
             Col("capacity_teu_per_sailing", "TEU a\nsailing", fmt_num(0), keep=4),
             Col("round_trip_days", "round\ntrip d", fmt_num(1), keep=6),
             Col("capacity", "capacity\nTEU/year", fmt_num(0), keep=8)]

    def text() -> str:
        out = []
        if df.empty:
            out.append("No rail rolling-stock pools in this network (fleets.csv).")
        else:
            out += ["Rail pools (fleets.csv):", _table(args, rows, cols), "",
                    _para(args, "capacity = units x TEU per unit x 8,760 h / cycle, each way; "
                                "the cycle is out and back along the path plus the turnaround "
                                "at its ends, or the published one (pub.). A pool of scope "
                                "all_stock limits the links of its path; a part pool is "
                                "reported only. Add stock with a scenario line "
                                "fleets,<pool>,set,units,N.")]
        if ships:
            out += ["", "Ships of the open ferry and sea services (services.csv):",
                    _table(args, ships, vcols), "",
                    _para(args, "capacity = ships x TEU a sailing x 365 / round trip, each way; "
                                "add a ship with services,<service>,set,vessels,N.")]
        return "\n".join(out)

    _emit(args, df, text=text)
    return 0


def cmd_places(args: argparse.Namespace) -> int:
    from ._format import Col, fmt_num
    from ._names import normalize

    net = _network(args)
    df = net.places
    if args.country:
        df = df[df["country"] == args.country.upper()]
    if args.kind:
        df = df[df["kind"] == args.kind]
    if args.match:
        key = normalize(args.match)
        hay = (df["name"].fillna("") + ";" + df["aliases"].fillna("")).map(normalize)
        df = df[hay.str.contains(key, regex=False)]
    df = df.reset_index()[["id", "name", "country", "kind", "lon", "lat"]]
    cols = [Col("id", "id", keep=8), Col("name", "name", flex=True, keep=9),
            Col("country", "country", keep=7), Col("kind", "kind", keep=6),
            Col("lon", "lon °E", fmt_num(2), keep=5), Col("lat", "lat °N", fmt_num(2), keep=5)]
    _emit(args, df, text=lambda: _table(args, df.to_dict("records"), cols))
    return 0


def cmd_route(args: argparse.Namespace) -> int:
    from .routing import shortest_route

    fmt = _out_format(args, ("text", "csv", "json", "geojson", *_MAP_FORMATS))
    net = _network(args)
    r = shortest_route(net, args.origin, args.destination, **_route_kwargs(args))
    o, d = r._names[r.origin], r._names[r.destination]
    cons = _constraints_text(args)
    label = (f"{o} -> {d}: the {_WEIGHT_WORDS[args.weight]} route"
             + (f", {cons}" if cons else ""))
    if fmt == "geojson":
        gj = r.to_geojson()
        gj["properties"]["label"] = label
        _target(args.output).write_text(json.dumps(gj, ensure_ascii=False), encoding="utf-8")
        _note(f"route written to {args.output} (GeoJSON)")
        return 0
    if fmt in _MAP_FORMATS:
        _draw_routes(args, net, {f"{_WEIGHT_WORDS[args.weight]} route": r}, fmt, label)
        return 0
    legs = r.legs[_LEG_COLS].round(1)
    _emit(args, legs, fmt=fmt, obj=_route_obj(r),
          text=lambda: "\n".join(_route_head(r, label)) + "\n\n" + _legs_table(args, r))
    return 0


def _ordinal(i: int) -> str:
    return {1: "1st", 2: "2nd", 3: "3rd"}.get(i, f"{i}th")


def cmd_alternatives(args: argparse.Namespace) -> int:
    import pandas as pd

    from ._format import Col, fmt_num
    from .routing import alternative_routes

    fmt = _out_format(args, ("text", "csv", "json", "geojson", *_MAP_FORMATS))
    net = _network(args)
    if _PROGRESS is not None:
        _PROGRESS.update(f"searching up to {args.k} different routes (up to {4 * args.k} "
                         "searches)")
    routes = alternative_routes(net, args.origin, args.destination, k=args.k,
                                **_route_kwargs(args))
    o, d = routes[0]._names[routes[0].origin], routes[0]._names[routes[0].destination]
    cons = _constraints_text(args)
    word = _WEIGHT_WORDS[args.weight]
    labels = [f"route {i + 1}: " + ("the " + word + " route" if i == 0 else
                                    f"the {_ordinal(i + 1)} {word} of the distinct routes")
              for i in range(len(routes))]
    if fmt == "geojson":
        _write_geojson(args, [f for i, r in enumerate(routes)
                              for f in _features(r, rank=i + 1, label=labels[i])])
        return 0
    if fmt in _MAP_FORMATS:
        _draw_routes(args, net, {f"route {i + 1}": r for i, r in enumerate(routes)}, fmt,
                     f"{o} -> {d}: {len(routes)} different routes")
        return 0
    rows = [{"rank": i + 1, **{k: v for k, v in r._totals_dict().items()
                               if k not in ("origin", "destination")}}
            for i, r in enumerate(routes)]
    df = pd.DataFrame(rows)
    df["countries"] = df["countries"].map(">".join)
    df["passages"] = df["passages"].map(">".join)

    def text() -> str:
        cols = [Col("rank", "\nroute", keep=9), Col("days", "time\ndays", fmt_num(1), keep=9),
                Col("cost_usd", f"cost\nUSD/{routes[0].unit}", fmt_num(0), keep=8),
                Col("co2_kg", f"CO2e\nkg/{routes[0].unit}", fmt_num(0), keep=6),
                Col("distance_km", "distance\nkm", fmt_num(0), keep=5),
                Col("border_crossings", "border\ncrossings", fmt_num(0), keep=3),
                Col("via", "\ncountries", flex=True, keep=7)]
        table_rows = [{**row, "via": " > ".join(r.countries)}
                      for row, r in zip(rows, routes, strict=True)]
        head = (f"{o} -> {d}: {len(routes)} meaningfully different route"
                f"{'s' if len(routes) != 1 else ''}, ranked by {args.weight}"
                + (f", {cons}" if cons else ""))
        lines = [head, "", _table(args, table_rows, cols), ""]
        story = (f"Route 1 is the {word} route. Each next route is the {word} of those that "
                 "share at most 60 % of their length with every route before it.")
        if len(routes) < args.k:
            story += f" Only {len(routes)} such routes were found (asked for {args.k})."
        lines.append(_para(args, story))
        for label, r in zip(labels, routes, strict=True):
            _, totals, via = _route_head(r, label)[:3]
            lines += ["", _para(args, f"{label}: {totals}"), _para(args, via, indent="  ")]
        lines += ["", _para(args, f'The legs of a route: tcroute route "{o}" "{d}" (with the '
                                  "same options); every leg of every route: --json.")]
        return "\n".join(lines)

    _emit(args, df, fmt=fmt, text=text, obj=[_route_obj(r) for r in routes])
    return 0


def _compare_cols(df: pd.DataFrame) -> list[Any]:
    from ._format import Col, fmt_num

    cols = [Col("name", "\ncorridor", flex=True, keep=10, min_width=26),
            Col("time_days", "time\ndays", fmt_num(1), keep=9)]
    if "p50_days" in df.columns:
        cols += [Col("p50_days", "P50\ndays", fmt_num(1), keep=6),
                 Col("p90_days", "P90\ndays", fmt_num(1), keep=6),
                 Col("p95_days", "P95\ndays", fmt_num(1), keep=6)]
    if "p_within" in df.columns:
        cols.append(Col("p_within", "chance\nin time", fmt_num(2), keep=6))
    unit = str(df["unit"].dropna().iloc[0]) if df["unit"].notna().any() else "TEU"
    cols += [Col("cost_usd", f"cost\nUSD/{unit}", fmt_num(0), keep=9),
             Col("co2_kg", f"CO2e\nkg/{unit}", fmt_num(0), keep=7),
             Col("delta_days", "+time\ndays", fmt_num(1, sign=True), keep=8),
             Col("delta_cost_usd", f"+cost\nUSD/{unit}", fmt_num(0, sign=True), keep=8),
             Col("delta_co2_kg", f"+CO2e\nkg/{unit}", fmt_num(0, sign=True), keep=4),
             Col("distance_km", "distance\nkm", fmt_num(0), keep=5),
             Col("border_crossings", "border\ncrossings", fmt_num(0), keep=3),
             Col("gauge_changes", "gauge\nchanges", fmt_num(0), keep=2),
             Col("bottleneck_teu_year", "corridor cut\nTEU/year", fmt_num(0), keep=5),
             Col("bottleneck", "corridor cut\n(max flow)", flex=True, keep=5, min_width=18),
             Col("route_weakest", "route's weakest\nasset, TEU/year", flex=True, keep=5,
                 min_width=18),
             Col("unknown_capacities", "unknown\ncapacities", fmt_num(0), keep=1)]
    if "spread_source" in df.columns:
        cols.append(Col("spread_source", "\nmain source of spread", flex=True, keep=1))
    return cols


def _weakest(row: Mapping[str, Any], names: Any) -> str | None:
    """The route's weakest asset when it is not one of the corridor's cut, else None."""
    asset = row.get("route_bottleneck_asset")
    if not isinstance(asset, str) or asset in str(row.get("bottleneck_asset")).split("+"):
        return None
    return f"{names(asset)}, {row['route_bottleneck_teu_year']:,.0f}"


def cmd_compare(args: argparse.Namespace) -> int:
    from ._format import Names, comparison_story, countries_text
    from .compare import compare_corridors

    fmt = _out_format(args, ("text", "csv", "json", "geojson", "png", "svg", "pdf", "html"))
    net = _network(args)
    avoid = _countries(args.avoid)
    df = compare_corridors(net, args.origin, args.destination, weight=args.weight,
                           include_planned=args.include_planned,
                           corridors=_split(args.corridors) if args.corridors else None,
                           avoid_countries=avoid,
                           reliability=args.reliability or args.month is not None
                           or args.within_days is not None,
                           month=args.month, within_days=args.within_days, unit=args.unit,
                           cost_model=_cost_model(args))
    names = Names(net)
    o, d = names(net.resolve(args.origin)), names(net.resolve(args.destination))
    word = _WEIGHT_WORDS[args.weight]
    title = f"{o} -> {d}: the {word} route of each corridor" + (
        f", all avoiding {countries_text(avoid)}" if avoid else "")
    ok = df[df["feasible"]]
    corr = net.corridors
    planned = [k for k in df.index if k in corr.index and bool(corr.at[k, "include_planned"])]
    if fmt == "geojson":
        _write_geojson(args, [f for r in ok.itertuples()
                              for f in _features(r.route, corridor=r.corridor, name=r.name)])
    elif fmt in ("png", "svg", "pdf"):
        from .plot import plot_comparison

        plot_comparison(net, df, _target(args.output), title=title)
        _note(f"chart and map written to {args.output}")
    elif fmt == "html":
        _draw_routes(args, net, {str(r.name): r.route for r in ok.itertuples()}, fmt, title,
                     _name_colors(net, ok))
    else:
        flat = df.drop(columns=[c for c in ("route", "reliability") if c in df.columns])

        def text() -> str:
            rows = [{**r, "bottleneck": names(r["bottleneck_asset"]),
                     "route_weakest": _weakest(r, names)}
                    for r in df.to_dict("records")]
            lines = [_para(args, title), "", _table(args, rows, _compare_cols(df)), "",
                     _para(args, "+ columns: more (+) or less (-) than the first row, per "
                           f"{args.unit}; {_BORDER_NOTE[args.rail_border_dwell]}."), "",
                     _para(args, comparison_story(df, names, planned=planned))]
            bad = df[~df["feasible"]]
            if len(bad):
                lines += ["", "No route:"]
                lines += [_para(args, f"{r.name}: {r.reason}", indent="  ")
                          for r in bad.itertuples()]
            return "\n".join(lines)

        _emit(args, flat, fmt=fmt, text=text)
    if args.chart:
        from .plot import plot_comparison

        plot_comparison(net, df, _target(args.chart), title=title)
        _note(f"chart and map written to {args.chart}")
        if "reliability" in df.columns:
            from .plot import plot_reliability

            chart = Path(args.chart)
            dist = chart.with_name(f"{chart.stem}_reliability{chart.suffix or '.png'}")
            plot_reliability(df, _target(dist))
            _note(f"transit-time distributions written to {dist}")
    return 0


def cmd_bottlenecks(args: argparse.Namespace) -> int:
    from ._format import Col, Names, countries_text, fmt_num
    from .bottlenecks import max_throughput, widest_route
    from .compare import route_bottleneck

    fmt = _out_format(args, ("text", "csv", "json"))
    net = _network(args)
    avoid = _countries(args.avoid)
    kw: dict[str, Any] = dict(avoid_countries=avoid,
                              modes=_split(args.modes) if args.modes else None,
                              include_planned=args.include_planned)
    res = max_throughput(net, _split(args.origins), _split(args.destinations),
                         unknown_capacity=args.unknown_capacity, **kw)
    cut = res.min_cut
    if fmt != "text":
        _emit(args, cut, fmt=fmt, text=None,
              obj={"max_flow_teu_year": res.max_flow_teu_year, "unbounded": res.unbounded,
                   "min_cut": json.loads(cut.to_json(orient="records")),
                   "warnings": res.warnings})
        return 0
    names = Names(net)
    o, d = _split(args.origins)[0], _split(args.destinations)[0]
    wide = widest_route(net, o, d, unknown_capacity=args.unknown_capacity, **kw)

    def text() -> str:
        cons = [f"avoiding {countries_text(avoid)}"] if avoid else []
        if args.modes:
            cons.append("by " + ", ".join(_split(args.modes)) + " only")
        head = (f"{', '.join(_split(args.origins))} -> {', '.join(_split(args.destinations))}"
                + (f" ({'; '.join(cons)})" if cons else ""))
        bound = " (NOT bounded by known capacities)" if res.unbounded else ""
        limit = {"vessels": "ships", "fleet": "rolling stock", "infrastructure": "line",
                 "assumed": "assumed"}
        rows = [{**r, "name": names(r["asset"]), "known": "yes" if r["known"] else "assumed",
                 "limit": "terminal" if r["kind"] == "terminal" and r["known"] else
                 limit.get(str(r["limited_by"]).split(":")[0], "line")}
                for r in cut.to_dict("records")]
        cols = [Col("name", "\nasset", flex=True, keep=9), Col("kind", "\nkind", keep=6),
                Col("mode", "\nmode", keep=5),
                Col("capacity_teu_year", "capacity\nTEU/year", fmt_num(0), keep=8),
                Col("known", "capacity\nknown?", keep=4),
                Col("limit", "limited\nby", keep=5), Col("asset", "\nid", keep=2)]
        cap, asset, unknown = route_bottleneck(wide)
        cap_text = (f"its smallest known capacity is {cap:,.0f} TEU/year at {names(asset)}"
                    if cap is not None else "no link or terminal on it has a known capacity")
        lines = [_para(args, head), "", f"Maximum throughput: {res.max_flow_teu_year:,.0f} "
                 f"TEU/year{bound}", "", "Min cut (the capacities that limit it):",
                 _table(args, rows, cols), "",
                 _para(args, f"Widest route {names(wide.origin)} -> "
                             f"{names(wide.destination)}: {cap_text}; {unknown} of its links "
                             f"and terminals have no known capacity; {wide.days:.1f} days "
                             f"through {' > '.join(wide.countries)}.")]
        lines += [_para(args, f"Note: {w}") for w in res.warnings]
        return "\n".join(lines)

    _emit(args, cut, fmt=fmt, text=text)
    return 0


def cmd_criticality(args: argparse.Namespace) -> int:
    from ._format import Col, Names, fmt_num
    from .bottlenecks import criticality

    fmt = _out_format(args, ("text", "csv", "json"))
    net = _network(args)
    pairs = []
    for item in _split(args.pairs):
        if ":" not in item:
            raise UsageError(f"--pairs takes origin:destination items, got {item!r}")
        o, d = item.split(":", 1)
        pairs.append((o.strip(), d.strip()))
    crit = criticality(net, pairs, weight=args.weight, elements=args.elements,
                       avoid_countries=_countries(args.avoid),
                       modes=_split(args.modes) if args.modes else None)
    top = crit.head(args.top)
    names = Names(net)

    def text() -> str:
        rows = [{**r, "name": names(r["element"])} for r in top.to_dict("records")]
        cols = [Col("rank", "\nrank", fmt_num(0), keep=9),
                Col("name", f"\n{args.elements[:-1]} lost", flex=True, keep=9),
                Col("pairs_affected", "pairs\naffected", fmt_num(0), keep=7),
                Col("pairs_cut_off", "pairs\ncut off", fmt_num(0), keep=8),
                Col("teu_cut_off", "cut off\nTEU/year", fmt_num(0), keep=6),
                Col("delta_time_h", "+time, all\nTEU-h", fmt_num(0), keep=5),
                Col("delta_cost_usd", "+cost, all\nUSD", fmt_num(0), keep=4),
                Col("mean_delta_h", "+time\nh/TEU", fmt_num(1), keep=8),
                Col("element", "\nid", keep=1)]
        return (_table(args, rows, cols) + "\n\n"
                + _para(args, f"Ranked by TEU cut off, then by extra time. {len(crit)} "
                              f"{args.elements} were tried; the top {len(top)} are shown "
                              "(--top)."))

    _emit(args, top, fmt=fmt, text=text)
    return 0


def cmd_map(args: argparse.Namespace) -> int:
    fmt = _out_format(args, _MAP_FORMATS)
    net = _network(args)
    routes: dict[str, Route] = {}
    if (args.origin is None) != (args.destination is None):
        raise UsageError("give both an origin and a destination, or neither (network map)")
    title = "The tcroute network"
    colors: dict[str, str] | None = None
    if args.origin is not None:
        from .routing import shortest_route

        avoid = _countries(args.avoid)
        if args.corridors:
            from .compare import compare_corridors

            table = compare_corridors(net, args.origin, args.destination, weight=args.weight,
                                      avoid_countries=avoid)
            routes = {str(r.name): r.route for r in table.itertuples() if r.feasible}
            colors = _name_colors(net, table[table["feasible"]])
            title = "each corridor's " + _WEIGHT_WORDS[args.weight] + " route"
        else:
            r = shortest_route(net, args.origin, args.destination, weight=args.weight,
                               avoid_countries=avoid,
                               modes=_split(args.modes) if args.modes else None,
                               via=_split(args.via))
            routes = {f"{_WEIGHT_WORDS[args.weight]} route": r}
            title = f"the {_WEIGHT_WORDS[args.weight]} route"
        first = next(iter(routes.values()), None)
        if first is not None:
            title = (f"{first._names[first.origin]} -> {first._names[first.destination]}: "
                     + title)
    if routes or args.origin is None:
        _draw_routes(args, net, routes, fmt, title, colors)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    out = args.output
    fmt = _out_format(args, ("geojson", "json", "gpkg"))
    net = _network(args)
    target = _target(out)
    if fmt == "gpkg":
        net.to_geopackage(target)
    else:
        net.to_geojson(target)
    _note(f"{len(net.places)} places and {len(net.links)} links written to {out}")
    return 0


def _read_demand(path: str) -> Any:
    import pandas as pd

    try:
        df = pd.read_csv(path)
    except FileNotFoundError:
        raise TcrouteError(f"no demand file {path!r}") from None
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise TcrouteError(f"{path}: not a readable CSV ({exc})") from None
    if "year" not in df.columns:
        return df
    return {int(y): g.drop(columns="year") for y, g in df.groupby("year", sort=True)}


def cmd_assign(args: argparse.Namespace) -> int:
    from .assignment import assign
    from .demand import load_demand

    net = _network(args)
    if args.demand == "base" or args.demand.startswith("base:"):
        parts = args.demand.split(":")
        demand = load_demand(int(parts[1]), scenario=parts[2].split("+")) if len(parts) == 3 \
            else load_demand()
    else:
        demand = _read_demand(args.demand)
        if isinstance(demand, dict):
            raise TcrouteError(f"{args.demand}: one year at a time (drop the year column)")
    kw: dict[str, Any] = dict(avoid_countries=[c.upper() for c in _split(args.avoid)],
                              include_planned=args.include_planned)
    if args.modes:
        kw["modes"] = _split(args.modes)
    res = assign(net, demand, method=args.method, unknown_capacity=args.unknown_capacity,
                 gap=args.gap, **kw)
    from ._format import Col, Names, fmt_num
    from .fleets import fleet_requirement

    need = fleet_requirement(res, net)
    names = Names(net)

    def text() -> str:
        asked = res.served_teu_year + res.unserved_teu_year
        gap = (f" (relative gap {res.relative_gap:.1e})" if res.method == "equilibrium"
               else "")
        sat = res.saturation_order
        head = (f"{res.method.capitalize()}: {res.served_teu_year:,.0f} of {asked:,.0f} "
                f"TEU/year served, {res.unserved_teu_year:,.0f} unserved{gap}. "
                + (f"Saturated first: {', '.join(names(a) for a in sat[:3])}."
                   if sat else "No asset is saturated."))
        lines = [_para(args, head)]
        # a terminal's capacity serves both directions: one row with its total load
        known = res.loads.dropna(subset=["vc_ratio"])
        term = known[known["kind"] == "terminal"].groupby("asset", sort=False).agg(
            load_teu_year=("load_teu_year", "sum"), capacity_teu_year=(
                "capacity_teu_year", "first"), vc_ratio=("vc_ratio", "first"),
            delay_h=("delay_h", "first")).reset_index()
        link = known[known["kind"] == "link"]
        rows = [{**r, "name": names(r["asset"])} for r in term.to_dict("records")]
        rows += [{**r, "name": f"{names(r['from_id'])} → {names(r['to_id'])} {r['mode']}"}
                 for r in link.to_dict("records")]
        rows = sorted(rows, key=lambda r: -r["vc_ratio"])[:args.top]
        cols = [Col("name", "\nasset", flex=True, keep=9),
                Col("load_teu_year", "load\nTEU/year", fmt_num(0), keep=8),
                Col("capacity_teu_year", "capacity\nTEU/year", fmt_num(0), keep=7),
                Col("vc_ratio", "\nused", lambda v: f"{v:.0%}", keep=8),
                Col("delay_h", "queue\nh", fmt_num(1), keep=6),
                Col("asset", "\nid", keep=2)]
        if rows:
            lines += ["", "Busiest assets of known capacity (a terminal's over both "
                      "directions, a link's each way):", _table(args, rows, cols)]
        od = res.od.sort_values("asked_teu_year", ascending=False, kind="stable")
        pairs = [{**r, "o": names(r["origin"]), "d": names(r["destination"]),
                  "days": r["time_h"] / 24} for r in od.head(args.top).to_dict("records")]
        pcols = [Col("o", "\nfrom", flex=True, keep=9), Col("d", "\nto", flex=True, keep=9),
                 Col("asked_teu_year", "asked\nTEU/year", fmt_num(0), keep=8),
                 Col("unserved_teu_year", "unserved\nTEU/year", fmt_num(0), keep=7),
                 Col("days", "time\ndays", fmt_num(1), keep=6),
                 Col("queue_delay_h", "queue\nh", fmt_num(1), keep=5),
                 Col("cost_usd", "cost\nUSD/TEU", fmt_num(0), keep=4)]
        more = len(od) - len(pairs)
        lines += ["", "Largest pairs" + (f" ({more:,} more: --csv or --json lists every pair)"
                                         if more > 0 else "") + ":",
                  _table(args, pairs, pcols)]
        busy = need[need["path_load_teu_year"] > 0]
        if len(busy):
            stock = [{**r, "pool": pid} for pid, r in zip(busy.index, busy.to_dict("records"),
                                                          strict=True)]
            scols = [Col("pool", "\nfleet", flex=True, keep=9), Col("unit", "\nunit", keep=5),
                     Col("units", "\nunits", fmt_num(0), keep=7),
                     Col("path_load_teu_year", "path load\nTEU/year", fmt_num(0), keep=6),
                     Col("required_units", "\nneeded", fmt_num(0), keep=8),
                     Col("shortfall_units", "\nshort", fmt_num(0), keep=7)]
            lines += ["", _para(args, "Rolling stock the flows need: the rail pools of "
                                      "fleets.csv (a 'part' pool shares its path with other "
                                      "stock; this is what it would need alone) and the ships "
                                      "of services.csv:"),
                      _table(args, stock, scols)]
        lines += [_para(args, f"Note: {w}") for w in res.warnings]
        return "\n".join(lines)

    _emit(args, res.od, text=text,
          obj={"method": res.method, "served_teu_year": res.served_teu_year,
               "fleets": json.loads(need.reset_index(names="pool").to_json(orient="records")),
               "unserved_teu_year": res.unserved_teu_year,
               "saturation_order": res.saturation_order,
               "od": json.loads(res.od.to_json(orient="records")),
               "loads": json.loads(res.loads.to_json(orient="records")),
               "convergence": json.loads(res.convergence.to_json(orient="records")),
               "warnings": res.warnings})
    return 0


def cmd_appraise(args: argparse.Namespace) -> int:

    from .appraisal import appraise, load_projects

    net = _network(args)
    table = load_projects(args.programme) if args.programme else None
    if table is not None:
        table = table[table["status"] != "completed"]
    if args.projects:
        ids = _split(args.projects)
        table = table.loc[[i for i in ids if i in table.index]] if table is not None else ids
    kw: dict[str, Any] = dict(avoid_countries=[c.upper() for c in _split(args.avoid)])
    if args.modes:
        kw["modes"] = _split(args.modes)
    res = appraise(net, table, _read_demand(args.demand), years=tuple(args.years),
                   discount_rate=args.discount_rate, co2_price_usd_per_t=args.co2_price,
                   outside_cost_usd_per_teu=args.outside_cost, assignment=args.assignment, **kw)
    from ._format import Col, fmt_num

    cols = ["name", "capex_usd", "opening_year", "capacity_unlocked_teu_year", "npv_usd", "bcr",
            "fyrr", "marginal_npv_usd"]
    frame = res.to_frame()[cols]
    rows = [{**r, "id": i, "capex_m": r["capex_usd"] / 1e6, "npv_m": r["npv_usd"] / 1e6,
             "marginal_m": r["marginal_npv_usd"] / 1e6}
            for i, r in zip(frame.index, frame.to_dict("records"), strict=True)]
    table_cols = [Col("name", "\nproject", flex=True, keep=9),
                  Col("capex_m", "capex\nUSD m", fmt_num(0), keep=8),
                  Col("opening_year", "\nopens", lambda v: str(int(v)), keep=4),
                  Col("capacity_unlocked_teu_year", "unlocked\nTEU/year", fmt_num(0), keep=7),
                  Col("npv_m", "NPV\nUSD m", fmt_num(0), keep=9),
                  Col("bcr", "\nBCR", fmt_num(2), keep=8),
                  Col("fyrr", "\nFYRR", fmt_num(2), keep=3),
                  Col("marginal_m", "marginal NPV\nUSD m", fmt_num(0), keep=6),
                  Col("id", "\nid", keep=2)]
    s = res.settings
    lines = [_para(args, f"Appraisal {s['years'][0]}-{s['years'][1]} at "
                   f"{s['discount_rate']:.0%}, CO2 at USD {s['co2_price_usd_per_t']:.0f}/t; "
                   "benefits are those of the first full year; money in USD million."), "",
             _table(args, rows, table_cols)]
    extra: dict[str, Any] = {}
    inter = None
    if args.interactions or args.chart:
        inter = res.interactions()
        extra["interactions"] = json.loads(inter.to_json(orient="records"))
        if args.interactions:
            lines += ["", "pairs that pay more (+) or less (-) together, PV USD million:"]
            lines += [f"  {r.project_a} + {r.project_b}: {r.interaction_usd / 1e6:+,.1f}"
                      for r in inter.head(10).itertuples()]
    if args.budget is not None:
        best = res.best_portfolio(args.budget)
        extra["best_portfolio"] = json.loads(best.to_json(orient="records"))
        lines += ["", f"best set for USD {args.budget / 1e6:,.0f} million (greedy): "
                  + (", ".join(best["project"]) or "none pays")]
    if args.chart:
        from .plot import plot_appraisal

        plot_appraisal(res, args.chart, interactions=inter)
        lines.append(f"chart written to {args.chart}")
    _emit(args, frame.reset_index(), text="\n".join(lines),
          obj={"projects": json.loads(frame.reset_index().to_json(orient="records")),
               "settings": {k: (list(v) if isinstance(v, tuple) else v) for k, v in s.items()},
               **extra})
    return 0




COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "info": cmd_info, "validate": cmd_validate, "scenarios": cmd_scenarios,
    "places": cmd_places, "route": cmd_route,
    "alternatives": cmd_alternatives, "compare": cmd_compare,
    "bottlenecks": cmd_bottlenecks, "criticality": cmd_criticality, "map": cmd_map,
    "export": cmd_export, "appraise": cmd_appraise, "assign": cmd_assign,
    "fleets": cmd_fleets,
    "reliability": cmd_reliability,
}

# optional modules -> the extra that installs them
_EXTRAS = {"matplotlib": "maps", "mpl_toolkits": "maps", "searoute": "maps",
           "offlinefolium": "maps", "folium": "maps", "geopandas": "gis", "pyogrio": "gis",
           "fiona": "gis"}


def _error(message: str) -> int:
    _quiet()
    print(f"tcroute: error: {message}", file=sys.stderr)
    return 1


def _run(args: argparse.Namespace) -> int:
    try:
        with Progress(f"tcroute {args.command}"):
            return COMMANDS[args.command](args)
    except BrokenPipeError:
        raise  # handled in main: not an error of the analysis
    except UsageError as exc:
        _error(str(exc))
        return 2
    except MissingDependencyError as exc:
        return _error(str(exc))
    except ModuleNotFoundError as exc:
        top = (exc.name or "").split(".")[0]
        if top not in _EXTRAS:
            raise
        extra = _EXTRAS[top]
        return _error(f"this needs {top}, which is not installed; install the '{extra}' "
                      f"extra: pip install '.[{extra}]' in a tcroute checkout")
    except DataFileError as exc:
        _quiet()
        print(f"tcroute: error: {exc}", file=sys.stderr)
        return 1
    except (TcrouteError, ValueError, OSError) as exc:
        msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return _error(msg)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        try:
            return _run(args)
        except BrokenPipeError:
            raise
        except Exception as exc:
            if os.environ.get("TCROUTE_TRACEBACK"):
                raise
            first = str(exc).splitlines()[0] if str(exc) else ""
            return _error(f"unexpected {type(exc).__name__}: {first} (this is a bug in tcroute: "
                          "please report it with the command; TCROUTE_TRACEBACK=1 shows the "
                          "traceback)")
    except BrokenPipeError:
        # the reader went away (`tcroute places | head -1`): end quietly, as Unix tools do;
        # point stdout at /dev/null so that the interpreter's final flush does not fail too
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):  # pragma: no cover - stdout without a file descriptor
            pass
        return 141


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
