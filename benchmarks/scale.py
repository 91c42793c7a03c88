"""Scale benchmark: generated networks of 10k, 100k and 1M links.

Run:  python benchmarks/scale.py               (routing; each size in its own process)
      python benchmarks/scale.py 100000        (one size)
      python benchmarks/scale.py --load        (reading CSV files: tcroute.read_network
                                                against pandas.read_csv of the same files)
      python benchmarks/scale.py --load 1000000

The generator lays places on a lon/lat grid over Central Asia (the western half in
Kazakhstan, the eastern half in Uzbekistan, with a border rule between them) and joins each
to its east and north neighbours by a rail link (length = geodesic x 1.2), with a ferry every
50th row. The routing table builds the Network from the generated tables directly; the
loading table writes them as CSV files first and reads them back, with every check the
loader makes.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from tcroute import _schema as S
from tcroute._geodesy import geodesic_km_many
from tcroute.engine import compile_network, od_matrix
from tcroute.io import FILE_COL, LINE_COL, _default_tables, read_network
from tcroute.network import Network


def generate_tables(n_links: int) -> dict[str, pd.DataFrame]:
    side = int(np.ceil(np.sqrt(n_links / 2)))
    ix, iy = np.meshgrid(np.arange(side), np.arange(side))
    ix, iy = ix.ravel(), iy.ravel()
    lon = 50 + 40 * ix / side
    lat = 38 + 15 * iy / side
    ids = np.char.add("kz_g", np.arange(len(ix)).astype(str))
    country = np.where(ix < side // 2, "KZ", "UZ")
    idx = np.arange(len(ix)).reshape(side, side)
    a = np.concatenate([idx[:, :-1].ravel(), idx[:-1, :].ravel()])
    b = np.concatenate([idx[:, 1:].ravel(), idx[1:, :].ravel()])
    a, b = a[:n_links - 1], b[:n_links - 1]
    # and an island: two places joined to each other only (for an unreachable query)
    n = len(ids)
    ids = np.append(ids, ["kz_island_a", "kz_island_b"])
    lon, lat = np.append(lon, [89.5, 89.6]), np.append(lat, [37.5, 37.5])
    country = np.append(country, ["UZ", "UZ"])
    a, b = np.append(a, n), np.append(b, n + 1)
    places = pd.DataFrame({"id": ids, "name": ids, "aliases": None, "country": country,
                           "lon": lon, "lat": lat, "kind": "rail_station", "source": "generated",
                           "note": None, FILE_COL: "generated", LINE_COL: 0})
    geo = geodesic_km_many(lon[a], lat[a], lon[b], lat[b])
    mode = np.where(np.arange(len(a)) % 50 == 0, "ferry", "rail")
    links = pd.DataFrame({c: pd.Series([None] * len(a), dtype=object)
                          for c in S.LINKS.column_names})
    links["id"] = np.char.add("l", np.arange(len(a)).astype(str))
    links["from_id"], links["to_id"], links["mode"] = ids[a], ids[b], mode
    links["length_km"] = geo * 1.2
    links["length_basis"] = "circuity"
    links["gauge_mm"] = np.where(mode == "rail", 1520.0, np.nan)
    links["status"] = "open"
    links["source"] = "generated"
    for c in ("speed_kmh", "time_h", "capacity_teu_year", "tracks", "departures_per_week",
              "closure_days_per_year", "closure_episode_days", "cost_usd_per_teu",
              "cost_usd_per_teu_km", "co2_kg_per_teu_km", "gauge_mm"):
        links[c] = pd.to_numeric(links[c], errors="coerce").astype(float)
    links[FILE_COL], links[LINE_COL] = "generated", 0
    ports = places["id"].to_numpy()[::97]
    terms = pd.DataFrame({"id": np.char.add(ports.astype(str), "_rf"), "place_id": ports,
                          "from_layer": "rail_1520", "to_layer": "ferry", "transfer_h": 6.0,
                          "transfer_p90_h": np.nan, "transfer_usd_per_teu": 100.0,
                          "co2_kg_per_teu": np.nan, "capacity_teu_year": np.nan,
                          "status": "open", "oneway": None, "source": "generated",
                          "note": None, FILE_COL: "generated", LINE_COL: 0})
    base = _default_tables()
    rule = base["borders"].iloc[0:1].copy()
    rule[["id", "from_country", "to_country", "mode", "link_id", "oneway"]] = [
        "kz_uz_rail", "KZ", "UZ", "rail", None, False]
    return {"places": places, "links": links, "terminals": terms, "borders": rule,
            "modes": base["modes"], "corridors": base["corridors"].iloc[0:0]}


def generate(n_links: int) -> Network:
    return Network._from_tables(generate_tables(n_links), name=f"generated {n_links} links")


def measure_load(n_links: int) -> dict[str, float]:
    """Write the generated network as CSV files, then time pandas.read_csv of every file
    against tcroute.read_network (parse, type, validate, build the Network)."""
    tables = generate_tables(n_links)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        written = []
        for name, spec in S.TABLE_NAMES.items():
            if name not in tables:  # optional files the generator does not make (services)
                continue
            df = tables[name]
            cols = [c for c in spec.column_names if c in df.columns]
            df[cols].to_csv(folder / spec.name, index=False)
            written.append(folder / spec.name)
        t = time.perf_counter()
        for path in written:
            pd.read_csv(path)
        t_pandas = time.perf_counter() - t
        t = time.perf_counter()
        net = read_network(folder)
        t_read = time.perf_counter() - t
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"links": len(net._table("links")), "pandas_s": t_pandas, "read_s": t_read,
            "peak_memory_mb": peak_mb}


def measure(n_links: int) -> dict[str, float]:
    import statistics

    from tcroute import NoRouteError, shortest_route

    t = time.perf_counter()
    net = generate(n_links)
    t_gen = time.perf_counter() - t
    t = time.perf_counter()
    compile_network(net)
    t_compile = time.perf_counter() - t
    ids = net._table("places")["id"].to_numpy()
    side = int(np.ceil(np.sqrt(n_links / 2)))
    t = time.perf_counter()
    shortest_route(net, ids[0], ids[5 * side + 5])
    t_first = time.perf_counter() - t
    rnd = np.random.default_rng(0)
    nearby = []
    for i in rnd.choice(len(ids) - 12 * side - 12, 7, replace=False):
        t = time.perf_counter()
        shortest_route(net, ids[i], ids[i + 6 * side + 6])  # about 6 cells each way
        nearby.append(time.perf_counter() - t)
    t = time.perf_counter()
    try:
        shortest_route(net, ids[0], "kz_island_a")
        raise AssertionError("the island is reachable")
    except NoRouteError:
        pass
    t_unreach = time.perf_counter() - t
    o, d = rnd.choice(ids, 10, replace=False), rnd.choice(ids, 10, replace=False)
    t = time.perf_counter()
    od_matrix(net, list(o), list(d), totals=False)
    t_od = time.perf_counter() - t
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"links": len(net._table("links")), "places": len(ids), "build_s": t_gen,
            "compile_s": t_compile, "first_route_s": t_first,
            "nearby_route_ms": statistics.median(nearby) * 1e3, "unreachable_s": t_unreach,
            "od_10x10_s": t_od, "peak_memory_mb": peak_mb}


def main_load(sizes: list[int]) -> None:
    print(f"{'links':>9} {'pandas.read_csv s':>17} {'read_network s':>14} {'ratio':>6} "
          f"{'peak MB':>8}")
    for n in sizes:
        out = subprocess.run([sys.executable, __file__, "--one-load", str(n)],
                             capture_output=True, text=True, check=True)
        r = json.loads(out.stdout)
        print(f"{r['links']:>9,} {r['pandas_s']:>17.2f} {r['read_s']:>14.2f} "
              f"{r['read_s'] / r['pandas_s']:>5.1f}x {r['peak_memory_mb']:>8,.0f}")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--one":
        print(json.dumps(measure(int(sys.argv[2]))))
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--one-load":
        print(json.dumps(measure_load(int(sys.argv[2]))))
        return
    sizes = [int(a) for a in sys.argv[1:] if a != "--load"] or [10_000, 100_000, 1_000_000]
    if "--load" in sys.argv:
        main_load(sizes)
        return
    print(f"{'links':>9} {'places':>8} {'build s':>8} {'compile s':>9} {'1st route s':>11} "
          f"{'nearby ms':>9} {'no route s':>10} {'OD 10x10 s':>10} {'peak MB':>8}")
    for n in sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(n)], capture_output=True,
                             text=True, check=True)
        r = json.loads(out.stdout)
        print(f"{r['links']:>9,} {r['places']:>8,} {r['build_s']:>8.2f} {r['compile_s']:>9.2f} "
              f"{r['first_route_s']:>11.2f} {r['nearby_route_ms']:>9.1f} "
              f"{r['unreachable_s']:>10.2f} {r['od_10x10_s']:>10.2f} "
              f"{r['peak_memory_mb']:>8,.0f}")


if __name__ == "__main__":
    main()
