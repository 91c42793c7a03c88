"""The ``tcroute`` command line.

Exit codes: 0 success, 1 an analysis or data error (one-line message, no traceback), 2 a
usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd

from .errors import DataFileError, TcrouteError
from .io import load_network, read_network, validate_folder
from .network import Network
from .routing import Route, alternative_routes, shortest_route

EPILOG = """examples:
  tcroute info
  tcroute places --country KZ --kind port
  tcroute route "Xi'an" Duisburg --avoid RU,BY
  tcroute route Almaty Istanbul --weight cost --json
  tcroute alternatives Urumqi Constanta -k 3
  tcroute compare "Xi'an" Duisburg --chart corridors.png
  tcroute compare Chongqing Duisburg --weight cost --avoid IR --csv
  tcroute bottlenecks "Xi'an,Chongqing" Duisburg,Budapest --avoid RU,BY,IR --modes rail,ferry
  tcroute criticality --pairs "Xi'an:Istanbul,Almaty:Tbilisi" --avoid RU,BY,IR --top 10
  tcroute scenarios
  tcroute map "Xi'an" Duisburg --corridors -o bypass.png
  tcroute export -o network.gpkg
  tcroute route Shanghai Rotterdam --modes sea --scenario suez_closed
  tcroute validate my_network/            (a full network folder)
  tcroute validate my_additions/ --extend  (rows added to the default network)
  tcroute appraise --demand demand.csv --avoid RU,BY --budget 2e9 --chart projects.png
"""


class Progress:
    """A progress line on stderr for long runs, shown only when stderr is a terminal: a
    spinner with the elapsed time, from ``delay_s`` on, cleared at the end."""

    FRAMES = "|/-\\"

    def __init__(self, label: str, *, stream: Any = None, delay_s: float = 1.0,
                 interval_s: float = 0.2) -> None:
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.delay_s = delay_s
        self.interval_s = interval_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.shown = False

    def _run(self) -> None:
        start = time.monotonic()
        if self._stop.wait(self.delay_s):
            return
        i = 0
        while not self._stop.is_set():
            elapsed = time.monotonic() - start
            self.stream.write(f"\r{self.FRAMES[i % 4]} {self.label} ... {elapsed:5.1f} s")
            self.stream.flush()
            self.shown = True
            i += 1
            self._stop.wait(self.interval_s)

    def __enter__(self) -> Progress:
        if getattr(self.stream, "isatty", lambda: False)():
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            if self.shown:
                self.stream.write("\r" + " " * (len(self.label) + 16) + "\r")
                self.stream.flush()


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # usage errors: exit 2 with a short message
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def _add_network_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--network", metavar="PATH",
                   help="a network folder to use instead of the default network")
    p.add_argument("--extend", metavar="PATH",
                   help="a folder of rows that add to or change the default network")
    p.add_argument("--scenario", action="append", default=[], metavar="NAME",
                   help="apply a scenario (shipped name or CSV path); repeat or comma-separate "
                        "to compose; see `tcroute scenarios`")


def _add_output_args(p: argparse.ArgumentParser) -> None:
    g = p.add_mutually_exclusive_group()
    g.add_argument("--json", action="store_true", help="print JSON")
    g.add_argument("--csv", action="store_true", help="print CSV")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")


def _add_route_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("origin", help="place id, name or alias")
    p.add_argument("destination", help="place id, name or alias")
    p.add_argument("--weight", default="time",
                   choices=["time", "cost", "distance", "co2", "generalized"],
                   help="what to minimise (default: time)")
    p.add_argument("--avoid", default="", metavar="CC,CC",
                   help="ISO country codes to avoid, comma-separated (e.g. RU,BY)")
    p.add_argument("--avoid-places", default="", metavar="PLACE,PLACE")
    p.add_argument("--avoid-modes", default="", metavar="MODE,MODE",
                   help="modes to exclude: rail, road, ferry, sea")
    p.add_argument("--modes", default=None, metavar="MODE,MODE",
                   help="the only modes allowed")
    p.add_argument("--via", default="", metavar="PLACE,PLACE", help="places to pass, in order")
    p.add_argument("--include-planned", action="store_true",
                   help="also use planned links and terminals")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    parser = _Parser(prog="tcroute", description="Freight routes between China, Central Asia, "
                     "the Caspian, the Caucasus, Turkey and Europe.", epilog=EPILOG,
                     formatter_class=argparse.RawDescriptionHelpFormatter)
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
    _add_output_args(p)

    p = sub.add_parser("alternatives", help="up to K meaningfully different routes")
    _add_network_args(p)
    _add_route_args(p)
    p.add_argument("-k", type=int, default=3, help="how many routes (default 3)")
    _add_output_args(p)

    p = sub.add_parser("compare", help="corridors side by side: days, USD, CO2, borders, "
                       "bottleneck", epilog='example: tcroute compare "Xi\'an" Duisburg',
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    _add_network_args(p)
    p.add_argument("origin", help="place id, name or alias")
    p.add_argument("destination", help="place id, name or alias")
    p.add_argument("--weight", default="time",
                   choices=["time", "cost", "distance", "co2", "generalized"])
    p.add_argument("--avoid", default="", metavar="CC,CC",
                   help="countries avoided by every corridor in addition to its own rules")
    p.add_argument("--corridors", default=None, metavar="ID,ID",
                   help="corridor ids to compare (default: all; see corridors.csv)")
    p.add_argument("--include-planned", action="store_true")
    p.add_argument("--reliability", action="store_true",
                   help="add P50/P90 days by Monte Carlo and the main source of spread")
    p.add_argument("--chart", metavar="FILE.png",
                   help="also draw the chart and map of the compared routes (needs "
                        "tcroute[maps])")
    _add_output_args(p)

    p = sub.add_parser("map", help="draw the network, a route, or every corridor's route "
                       "(PNG/SVG/PDF, or an interactive .html); needs tcroute[maps]",
                       epilog='examples:\n  tcroute map -o network.png\n'
                              '  tcroute map "Xi\'an" Duisburg --corridors -o bypass.png\n'
                              '  tcroute map Almaty Istanbul --avoid RU -o route.html',
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    _add_network_args(p)
    p.add_argument("origin", nargs="?", help="place (optional)")
    p.add_argument("destination", nargs="?", help="place (optional)")
    p.add_argument("--weight", default="time",
                   choices=["time", "cost", "distance", "co2", "generalized"])
    p.add_argument("--avoid", default="", metavar="CC,CC")
    p.add_argument("--modes", default=None, metavar="MODE,MODE")
    p.add_argument("--via", default="", metavar="PLACE,PLACE")
    p.add_argument("--corridors", action="store_true",
                   help="draw the best route of every corridor (the bypass-Russia map)")
    p.add_argument("-o", "--output", required=True, metavar="FILE",
                   help="map.png, map.svg, map.pdf or map.html")

    p = sub.add_parser("export", help="write the network as GeoJSON or GeoPackage (WGS84)")
    _add_network_args(p)
    p.add_argument("-o", "--output", required=True, metavar="FILE",
                   help="network.geojson or network.gpkg (GeoPackage needs tcroute[gis])")

    p = sub.add_parser("bottlenecks", help="max throughput (TEU/year), its min cut and the "
                       "widest route between places")
    _add_network_args(p)
    p.add_argument("origins", help="places, comma-separated")
    p.add_argument("destinations", help="places, comma-separated")
    p.add_argument("--avoid", default="", metavar="CC,CC")
    p.add_argument("--modes", default=None, metavar="MODE,MODE")
    p.add_argument("--include-planned", action="store_true")
    p.add_argument("--unknown-capacity", type=float, default=None, metavar="TEU",
                   help="TEU/year to assume where a capacity is unknown (default: unlimited, "
                        "reported)")
    _add_output_args(p)

    p = sub.add_parser("criticality", help="rank links or places by what losing them costs")
    _add_network_args(p)
    p.add_argument("--pairs", required=True, metavar="O:D,O:D",
                   help='origin:destination pairs, e.g. "Xi\'an:Duisburg,Almaty:Tbilisi"')
    p.add_argument("--elements", default="links", choices=["links", "places"])
    p.add_argument("--weight", default="time",
                   choices=["time", "cost", "distance", "co2", "generalized"])
    p.add_argument("--avoid", default="", metavar="CC,CC")
    p.add_argument("--modes", default=None, metavar="MODE,MODE")
    p.add_argument("--top", type=int, default=20, help="rows to show (default 20)")
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
    p.add_argument("--chart", metavar="FILE", help="benefit vs cost chart (png, svg, pdf)")
    _add_output_args(p)
    return parser


def _network(args: argparse.Namespace) -> Network:
    if getattr(args, "network", None) and getattr(args, "extend", None):
        raise TcrouteError("use either --network or --extend, not both")
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


def _emit(args: argparse.Namespace, df: pd.DataFrame, text: str | None = None,
          obj: Any = None) -> None:
    if args.json:
        out = json.dumps(obj if obj is not None else json.loads(df.to_json(orient="records")),
                         indent=2, ensure_ascii=False)
    elif args.csv:
        out = df.to_csv(index=False)
    else:
        out = text if text is not None else df.to_string(index=False)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as fh:
            fh.write(out + ("\n" if not out.endswith("\n") else ""))
    else:
        print(out, end="" if out.endswith("\n") else "\n")


def _route_kwargs(args: argparse.Namespace) -> dict[str, Any]:
    return dict(weight=args.weight, avoid_countries=_split(args.avoid),
                avoid_places=_split(args.avoid_places), avoid_modes=_split(args.avoid_modes),
                modes=_split(args.modes) if args.modes is not None else None,
                via=_split(args.via), include_planned=args.include_planned)


_LEG_COLS = ["kind", "mode", "from_name", "to_name", "country", "length_km", "travel_h",
             "border_h", "wait_h", "transfer_h", "cost_usd", "co2_kg"]


def _route_obj(r: Route) -> dict[str, Any]:
    return {**r._totals_dict(), "places": r.places,
            "legs": json.loads(r.legs.to_json(orient="records"))}


def cmd_info(args: argparse.Namespace) -> int:
    net = _network(args)
    df = net.summary()
    _emit(args, df.reset_index(), text=f"{net!r}\n\n{df.to_string()}")
    return 0


def cmd_scenarios(args: argparse.Namespace) -> int:
    from .scenarios import list_scenarios

    df = list_scenarios()
    text = "\n\n".join(f"{r.name} ({r.changes} changes)\n  {r.description}"
                         for r in df.itertuples())
    _emit(args, df, text=text)
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    problems = validate_folder(args.path, extend=args.extend)
    if problems:
        for p in problems:
            print(p)
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {args.path}",
              file=sys.stderr)
        return 1
    print(f"{args.path}: no problems")
    return 0


def cmd_places(args: argparse.Namespace) -> int:
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
    cols = ["id", "name", "country", "kind", "lon", "lat"]
    _emit(args, df[cols])
    return 0


def cmd_route(args: argparse.Namespace) -> int:
    net = _network(args)
    r = shortest_route(net, args.origin, args.destination, **_route_kwargs(args))
    if args.output and args.output.lower().endswith((".geojson", ".json")) and not args.csv:
        with open(args.output, "w", encoding="utf-8") as fh:
            json.dump(r.to_geojson(), fh, ensure_ascii=False)
        print(f"route written to {args.output} (GeoJSON)")
        return 0
    legs = r.legs[_LEG_COLS].round(1)
    _emit(args, legs, text=r.summary(), obj=_route_obj(r))
    return 0


def cmd_alternatives(args: argparse.Namespace) -> int:
    net = _network(args)
    routes = alternative_routes(net, args.origin, args.destination, k=args.k,
                                **_route_kwargs(args))
    rows = [{"rank": i + 1, **{k: v for k, v in r._totals_dict().items()
                               if k not in ("origin", "destination")}}
            for i, r in enumerate(routes)]
    df = pd.DataFrame(rows)
    df["countries"] = df["countries"].map(">".join)
    df["passages"] = df["passages"].map(">".join)
    text = "\n\n".join(f"#{i + 1} " + r.summary() for i, r in enumerate(routes))
    _emit(args, df, text=text, obj=[_route_obj(r) for r in routes])
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from .compare import _table_text, compare_corridors

    net = _network(args)
    df = compare_corridors(net, args.origin, args.destination, weight=args.weight,
                           include_planned=args.include_planned,
                           corridors=_split(args.corridors) if args.corridors else None,
                           avoid_countries=[c.upper() for c in _split(args.avoid)],
                           reliability=args.reliability)
    flat = df.drop(columns=["route"])
    names = net._table("places").set_index("id")["name"]
    o, d = names[net.resolve(args.origin)], names[net.resolve(args.destination)]
    head = f"{o} -> {d}, each corridor's best route by {args.weight}"
    _emit(args, flat, text=f"{head}\n\n{_table_text(df)}")
    if args.chart:
        from .plot import plot_comparison

        plot_comparison(net, df, args.chart)
        print(f"chart and map written to {args.chart}", file=sys.stderr)
    return 0


def cmd_bottlenecks(args: argparse.Namespace) -> int:
    from .bottlenecks import max_throughput, widest_route
    from .compare import route_bottleneck

    net = _network(args)
    kw: dict[str, Any] = dict(avoid_countries=[c.upper() for c in _split(args.avoid)],
                              modes=_split(args.modes) if args.modes else None,
                              include_planned=args.include_planned)
    res = max_throughput(net, _split(args.origins), _split(args.destinations),
                         unknown_capacity=args.unknown_capacity, **kw)
    cut = res.min_cut
    lines = [f"maximum throughput: {res.max_flow_teu_year:,.0f} TEU/year"
             + (" (NOT bounded by known capacities)" if res.unbounded else ""),
             "", "min cut (the capacities that limit it):", cut.to_string(index=False)]
    o, d = _split(args.origins)[0], _split(args.destinations)[0]
    wide = widest_route(net, o, d, unknown_capacity=args.unknown_capacity, **kw)
    cap, asset, unknown = route_bottleneck(wide)
    lines += ["", f"widest route {o} -> {d}: smallest known capacity "
              f"{(cap or float('nan')):,.0f} TEU/year at {asset} ({unknown} legs of unknown "
              f"capacity); {wide.days:.1f} days, {'>'.join(wide.countries)}"]
    lines += [f"note: {w}" for w in res.warnings]
    _emit(args, cut, text="\n".join(lines),
          obj={"max_flow_teu_year": res.max_flow_teu_year, "unbounded": res.unbounded,
               "min_cut": json.loads(cut.to_json(orient="records")),
               "warnings": res.warnings})
    return 0


def cmd_criticality(args: argparse.Namespace) -> int:
    from .bottlenecks import criticality

    net = _network(args)
    pairs = []
    for item in _split(args.pairs):
        if ":" not in item:
            raise TcrouteError(f"--pairs takes origin:destination items, got {item!r}")
        o, d = item.split(":", 1)
        pairs.append((o.strip(), d.strip()))
    crit = criticality(net, pairs, weight=args.weight, elements=args.elements,
                       avoid_countries=[c.upper() for c in _split(args.avoid)],
                       modes=_split(args.modes) if args.modes else None)
    top = crit.head(args.top)
    _emit(args, top, text=top.to_string(index=False, float_format=lambda v: f"{v:,.1f}"))
    return 0


def cmd_map(args: argparse.Namespace) -> int:
    from .maps import interactive_map, static_map

    net = _network(args)
    routes: dict[str, Route] = {}
    if (args.origin is None) != (args.destination is None):
        raise TcrouteError("give both an origin and a destination, or neither (network map)")
    if args.origin is not None:
        if args.corridors:
            from .compare import compare_corridors

            table = compare_corridors(net, args.origin, args.destination, weight=args.weight,
                                      avoid_countries=[c.upper() for c in _split(args.avoid)])
            routes = {str(r.name): r.route for r in table.itertuples() if r.feasible}
        else:
            r = shortest_route(net, args.origin, args.destination, weight=args.weight,
                               avoid_countries=[c.upper() for c in _split(args.avoid)],
                               modes=_split(args.modes) if args.modes else None,
                               via=_split(args.via))
            routes = {f"best by {args.weight}": r}
    if args.output.lower().endswith((".html", ".htm")):
        interactive_map(net, routes or None, args.output)
    else:
        static_map(net, routes or None, args.output)
    print(f"map written to {args.output}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    net = _network(args)
    out = args.output
    if out.lower().endswith(".gpkg"):
        net.to_geopackage(out)
    elif out.lower().endswith((".geojson", ".json")):
        net.to_geojson(out)
    else:
        raise TcrouteError(f"export writes .geojson or .gpkg files, got {out!r}")
    print(f"{len(net.places)} places and {len(net.links)} links written to {out}")
    return 0


def _read_demand(path: str) -> Any:
    try:
        df = pd.read_csv(path)
    except FileNotFoundError:
        raise TcrouteError(f"no demand file {path!r}") from None
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise TcrouteError(f"{path}: not a readable CSV ({exc})") from None
    if "year" not in df.columns:
        return df
    return {int(y): g.drop(columns="year") for y, g in df.groupby("year", sort=True)}


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
                   outside_cost_usd_per_teu=args.outside_cost, **kw)
    cols = ["name", "capex_usd", "opening_year", "capacity_unlocked_teu_year", "npv_usd", "bcr",
            "fyrr", "marginal_npv_usd"]
    frame = res.to_frame()[cols]
    shown = frame.copy()
    for c in ("capex_usd", "npv_usd", "marginal_npv_usd"):
        shown[c] = (shown[c] / 1e6).map(lambda v: "-" if pd.isna(v) else f"{v:,.0f}")
    shown["capacity_unlocked_teu_year"] = shown["capacity_unlocked_teu_year"].map("{:,.0f}".format)
    for c in ("bcr", "fyrr"):
        shown[c] = shown[c].map(lambda v: "-" if pd.isna(v) else f"{v:.2f}")
    shown = shown.rename(columns={"capex_usd": "capex USD m", "npv_usd": "NPV USD m",
                                  "marginal_npv_usd": "marginal NPV USD m",
                                  "capacity_unlocked_teu_year": "TEU/yr unlocked",
                                  "opening_year": "opens"})
    s = res.settings
    lines = [f"Appraisal {s['years'][0]}-{s['years'][1]} at {s['discount_rate']:.0%}, CO2 at "
             f"USD {s['co2_price_usd_per_t']:.0f}/t; benefits are first full year; money in USD "
             "million", "", shown.to_string()]
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
    "export": cmd_export, "appraise": cmd_appraise,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        with Progress(f"tcroute {args.command}"):
            return COMMANDS[args.command](args)
    except DataFileError as exc:
        print(f"tcroute: error: {exc}", file=sys.stderr)
        return 1
    except (TcrouteError, ValueError, OSError) as exc:
        msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        print(f"tcroute: error: {msg}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
