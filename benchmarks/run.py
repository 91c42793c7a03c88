"""tcroute against the best code a user would write with networkx, igraph and rustworkx, on
the same priced edges, in the same run.

Run:  python benchmarks/run.py            (about a minute on two cores)
      python benchmarks/run.py --quick    (fewer repeats; for a smoke test)

Every side routes the same directed edges: the legs of tcroute's compiled edge table (each
link direction and each terminal transfer, priced once), on nodes ``(place, layer)``, with a
source node and a sink node per place joined to its layer nodes at zero weight, so that "from
Xi'an to Duisburg" is one search between two nodes in every library. The baselines are what a
careful user writes, not a strawman:

* one route: networkx ``bidirectional_dijkstra`` and ``dijkstra_path`` (stops at the target;
  the faster of the two is the baseline), igraph ``get_shortest_path``, rustworkx
  ``dijkstra_shortest_paths`` with a target; each sums the route's metrics afterwards;
* OD matrix: one single-source search per origin (networkx ``single_source_dijkstra``,
  igraph ``get_shortest_paths`` to all destinations, rustworkx
  ``dijkstra_shortest_paths``), then the metrics summed along each path;
* criticality: the pairs' best routes once; then for each link a route uses, only the pairs
  whose route uses it are re-routed (one search per affected origin), with the link's legs
  taken out of the graph (networkx: the next-lightest parallel leg takes the edge's place or
  the edge is removed; igraph: the legs' weights set to infinity).

Each figure is the median of repeated runs after a warm-up. The script checks that every
side finds routes of the same weight (to 1e-9 relative) and the same criticality deltas, and
stops with an error otherwise.
"""

from __future__ import annotations

import itertools
import random
import statistics
import sys
import time
import warnings
from collections import defaultdict
from collections.abc import Callable
from typing import Any

import igraph as ig
import networkx as nx
import numpy as np
import rustworkx as rx

import tcroute
from tcroute.engine import METRICS, compile_network

T = METRICS.index("time_h")
C = METRICS.index("cost_usd")


def median_s(fn: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``repeat`` runs after one warm-up run, seconds."""
    fn()
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


class Edges:
    """The compiled edge table as plain arrays, with one source and one sink node per place."""

    def __init__(self, net: tcroute.Network) -> None:
        c = compile_network(net)
        e = c.edges
        self.tail = e["tail"].to_numpy()
        self.head = e["head"].to_numpy()
        self.w = e["time_h"].to_numpy(dtype=float)
        self.metrics = e[list(METRICS)].to_numpy(dtype=float)
        self.link = np.where(e["kind"] == "link", e["id"], None)
        n = c.n_nodes
        self.src: dict[str, int] = {}
        self.snk: dict[str, int] = {}
        extra_t, extra_h = [], []
        for k, (place, nodes) in enumerate(sorted(c.place_nodes.items())):
            self.src[place], self.snk[place] = n + 2 * k, n + 2 * k + 1
            for v in nodes:
                extra_t += [n + 2 * k, int(v)]
                extra_h += [int(v), n + 2 * k + 1]
        self.n = n + 2 * len(c.place_nodes)
        self.n_legs = len(self.tail)
        # legs, then the zero-weight access edges (no metrics)
        self.all_tail = np.concatenate([self.tail, extra_t]).astype(int)
        self.all_head = np.concatenate([self.head, extra_h]).astype(int)
        self.all_w = np.concatenate([self.w, np.zeros(len(extra_t))])

    def totals(self, legs: list[int]) -> np.ndarray:
        legs = [j for j in legs if j < self.n_legs]
        return self.metrics[legs].sum(axis=0)


# --------------------------------------------------------------------------- networkx
class NxSide:
    def __init__(self, E: Edges) -> None:
        self.E = E
        self.bundle: dict[tuple[int, int], list[int]] = defaultdict(list)
        for j, (u, v) in enumerate(zip(E.all_tail, E.all_head, strict=True)):
            self.bundle[(int(u), int(v))].append(j)
        for legs in self.bundle.values():
            legs.sort(key=lambda j: E.all_w[j])
        self.g = nx.DiGraph()
        for (u, v), legs in self.bundle.items():
            self.g.add_edge(u, v, w=float(E.all_w[legs[0]]), j=legs[0])
        self.link_edges: dict[str, set[tuple[int, int]]] = defaultdict(set)
        for (u, v), legs in self.bundle.items():
            for j in legs:
                if j < E.n_legs and E.link[j] is not None:
                    self.link_edges[E.link[j]].add((u, v))

    def legs_of(self, path: list[int]) -> list[int]:
        return [self.g[u][v]["j"] for u, v in itertools.pairwise(path)]

    def route_bidir(self, o: str, d: str) -> tuple[float, np.ndarray]:
        w, path = nx.bidirectional_dijkstra(self.g, self.E.src[o], self.E.snk[d], weight="w")
        return w, self.E.totals(self.legs_of(path))

    def route_target(self, o: str, d: str) -> tuple[float, np.ndarray]:
        w, path = nx.single_source_dijkstra(self.g, self.E.src[o], self.E.snk[d], weight="w")
        return w, self.E.totals(self.legs_of(path))

    def from_origin(self, o: str, ds: list[str]) -> dict[str, tuple[float, list[int]]]:
        dist, paths = nx.single_source_dijkstra(self.g, self.E.src[o], weight="w")
        out = {}
        for d in ds:
            t = self.E.snk[d]
            if t in dist and d != o:
                out[d] = (dist[t], self.legs_of(paths[t]))
        return out

    def od(self, os_: list[str], ds: list[str]) -> dict[tuple[str, str], tuple[float, Any]]:
        out = {}
        for o in os_:
            for d, (w, legs) in self.from_origin(o, ds).items():
                out[(o, d)] = (w, self.E.totals(legs))
        return out

    def criticality(self, pairs: list[tuple[str, str]]) -> dict[str, tuple[int, int, float]]:
        E = self.E
        by_o: dict[str, list[str]] = defaultdict(list)
        for o, d in pairs:
            by_o[o].append(d)
        base = {}
        for o, ds in by_o.items():
            for d, (w, legs) in self.from_origin(o, ds).items():
                base[(o, d)] = (w, legs, E.totals(legs))
        used: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for pair, (_w, legs, _t) in base.items():
            for lid in dict.fromkeys(E.link[j] for j in legs if j < E.n_legs):
                if lid is not None:
                    used[lid].append(pair)
        out = {}
        for lid, affected in used.items():
            saved = {}
            for u, v in self.link_edges[lid]:
                saved[(u, v)] = dict(self.g[u][v])
                rest = [j for j in self.bundle[(u, v)] if E.link[j] != lid or j >= E.n_legs]
                if rest:
                    self.g[u][v].update(w=float(E.all_w[rest[0]]), j=rest[0])
                else:
                    self.g.remove_edge(u, v)
            cut, d_time = 0, 0.0
            aff_o: dict[str, list[str]] = defaultdict(list)
            for o, d in affected:
                aff_o[o].append(d)
            for o, ds in aff_o.items():
                found = self.from_origin(o, ds)
                for d in ds:
                    if d not in found:
                        cut += 1
                    else:
                        d_time += E.totals(found[d][1])[T] - base[(o, d)][2][T]
            for (u, v), data in saved.items():
                self.g.add_edge(u, v, **data)
            out[lid] = (len(affected), cut, d_time)
        return out


# --------------------------------------------------------------------------- igraph
class IgSide:
    def __init__(self, E: Edges) -> None:
        self.E = E
        self.g = ig.Graph(n=E.n, edges=list(zip(E.all_tail.tolist(), E.all_head.tolist(),
                                                strict=True)), directed=True)
        self.w = E.all_w.tolist()

    def route(self, o: str, d: str, w: list[float] | None = None) -> tuple[float, np.ndarray]:
        legs = self.g.get_shortest_path(self.E.src[o], self.E.snk[d], weights=w or self.w,
                                        output="epath")
        return float(self.E.all_w[legs].sum()), self.E.totals(legs)

    def from_origin(self, o: str, ds: list[str], w: list[float] | None = None
                    ) -> dict[str, list[int]]:
        w = w or self.w
        paths = self.g.get_shortest_paths(self.E.src[o], [self.E.snk[d] for d in ds],
                                          weights=w, output="epath")
        out = {}
        for d, legs in zip(ds, paths, strict=True):
            if legs and d != o and np.isfinite(sum(w[j] for j in legs)):
                out[d] = legs
        return out

    def od(self, os_: list[str], ds: list[str]) -> dict[tuple[str, str], tuple[float, Any]]:
        out = {}
        for o in os_:
            for d, legs in self.from_origin(o, ds).items():
                out[(o, d)] = (float(self.E.all_w[legs].sum()), self.E.totals(legs))
        return out

    def criticality(self, pairs: list[tuple[str, str]]) -> dict[str, tuple[int, int, float]]:
        E = self.E
        by_o: dict[str, list[str]] = defaultdict(list)
        for o, d in pairs:
            by_o[o].append(d)
        base = {}
        for o, ds in by_o.items():
            for d, legs in self.from_origin(o, ds).items():
                base[(o, d)] = (legs, E.totals(legs))
        used: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for pair, (legs, _t) in base.items():
            for lid in dict.fromkeys(E.link[j] for j in legs if j < E.n_legs):
                if lid is not None:
                    used[lid].append(pair)
        legs_of_link: dict[str, list[int]] = defaultdict(list)
        for j in range(E.n_legs):
            if E.link[j] is not None:
                legs_of_link[E.link[j]].append(j)
        out = {}
        for lid, affected in used.items():
            w = list(self.w)
            for j in legs_of_link[lid]:
                w[j] = float("inf")
            aff_o: dict[str, list[str]] = defaultdict(list)
            for o, d in affected:
                aff_o[o].append(d)
            cut, d_time = 0, 0.0
            for o, ds in aff_o.items():
                found = self.from_origin(o, ds, w)
                for d in ds:
                    if d not in found:
                        cut += 1
                    else:
                        d_time += E.totals(found[d])[T] - base[(o, d)][1][T]
            out[lid] = (len(affected), cut, d_time)
        return out


# --------------------------------------------------------------------------- rustworkx
class RxSide:
    def __init__(self, E: Edges) -> None:
        self.E = E
        self.g = rx.PyDiGraph(multigraph=False)
        self.g.add_nodes_from(range(E.n))
        best: dict[tuple[int, int], int] = {}
        for j, (u, v) in enumerate(zip(E.all_tail.tolist(), E.all_head.tolist(), strict=True)):
            k = best.get((u, v))
            if k is None or E.all_w[j] < E.all_w[k]:
                best[(u, v)] = j
        self.leg = best
        self.g.add_edges_from([(u, v, float(E.all_w[j])) for (u, v), j in best.items()])

    def legs_of(self, path: list[int]) -> list[int]:
        return [self.leg[(u, v)] for u, v in itertools.pairwise(path)]

    def route(self, o: str, d: str) -> tuple[float, np.ndarray]:
        t = self.E.snk[d]
        paths = rx.dijkstra_shortest_paths(self.g, self.E.src[o], target=t, weight_fn=float)
        legs = self.legs_of(list(paths[t]))
        return float(self.E.all_w[legs].sum()), self.E.totals(legs)

    def od(self, os_: list[str], ds: list[str]) -> dict[tuple[str, str], tuple[float, Any]]:
        out = {}
        for o in os_:
            paths = rx.dijkstra_shortest_paths(self.g, self.E.src[o], weight_fn=float)
            for d in ds:
                t = self.E.snk[d]
                if t in paths and d != o:
                    legs = self.legs_of(list(paths[t]))
                    out[(o, d)] = (float(self.E.all_w[legs].sum()), self.E.totals(legs))
        return out


# --------------------------------------------------------------------------- tcroute
def ours_od(net: tcroute.Network, os_: list[str], ds: list[str], totals: bool = True
            ) -> dict[tuple[str, str], tuple[float, Any]]:
    m = tcroute.od_matrix(net, os_, ds, totals=totals)
    m = m[m["status"] == "ok"]
    cols = ["distance_km", "time_h", "cost_usd", "co2_kg"] if totals else ["weight"]
    return {(o, d): (w, np.array(t)) for o, d, w, t in
            zip(m["origin"], m["destination"], m["weight"], m[cols].to_numpy(), strict=True)}


def ours_crit(net: tcroute.Network, pairs: list[tuple[str, str]]
              ) -> dict[str, tuple[int, int, float]]:
    out = tcroute.criticality(net, pairs, method="bulk")
    out = out[out["kind"] == "link"]
    return {e: (a, c, t) for e, a, c, t in zip(out["element"], out["pairs_affected"],
                                                 out["pairs_cut_off"], out["delta_time_h"],
                                                 strict=True)}


def same_weights(name: str, a: dict, b: dict) -> None:
    if a.keys() != b.keys():
        raise SystemExit(f"{name}: different pairs routed ({len(a)} vs {len(b)})")
    for k in a:
        wa, wb = float(a[k][0]), float(b[k][0])
        if abs(wa - wb) > 1e-9 * max(1.0, abs(wa)):
            raise SystemExit(f"{name}: {k} weight {wa} vs {wb}")


def same_crit(name: str, a: dict, b: dict) -> None:
    if a.keys() != b.keys():
        raise SystemExit(f"{name}: different links ({sorted(set(a) ^ set(b))[:5]} ...)")
    for k in a:
        if a[k][:2] != b[k][:2] or abs(a[k][2] - b[k][2]) > 1e-6 * max(1.0, abs(a[k][2])):
            raise SystemExit(f"{name}: link {k}: {a[k]} vs {b[k]}")


def main() -> None:
    warnings.filterwarnings("ignore", "Couldn't reach some vertices")  # igraph, no route
    quick = "--quick" in sys.argv
    rep = 3 if quick else 15
    net = tcroute.load_network()
    t0 = time.perf_counter()
    E = Edges(net)
    nxs, igs, rxs = NxSide(E), IgSide(E), RxSide(E)
    t_build = time.perf_counter() - t0
    places = sorted(p for p in E.src if net.place(p)["kind"] != "waypoint")
    rnd = random.Random(19)
    origins = rnd.sample(places, 50)
    dests = rnd.sample(places, 50)
    rows: list[tuple[str, float, float, float, float]] = []
    nan = float("nan")

    # --- one route, 20 different pairs, median per query
    od_ref = nxs.od(origins, dests)
    pairs20 = rnd.sample(sorted(od_ref), 20)
    for o, d in pairs20:
        r = tcroute.shortest_route(net, o, d)
        checks = {"networkx": nxs.route_bidir(o, d)[0], "igraph": igs.route(o, d)[0],
                  "rustworkx": rxs.route(o, d)[0], "od": od_ref[(o, d)][0]}
        for who, w in checks.items():
            if abs(w - r.time_h) > 1e-9 * max(1.0, w):
                raise SystemExit(f"one route {o}->{d}: tcroute {r.time_h} vs {who} {w}")

    def per_query(fn: Callable[[str, str], object]) -> float:
        return median_s(lambda: [fn(o, d) for o, d in pairs20], max(3, rep // 3)) / 20

    t_nx = min(per_query(nxs.route_bidir), per_query(nxs.route_target))
    rows.append(("one route (shortest_route, legs table)",
                 per_query(lambda o, d: tcroute.shortest_route(net, o, d)), t_nx,
                 per_query(igs.route), per_query(rxs.route)))

    # --- OD 50 x 50
    ours = ours_od(net, origins, dests)
    same_weights("OD networkx", ours, od_ref)
    same_weights("OD igraph", ours, igs.od(origins, dests))
    same_weights("OD rustworkx", ours, rxs.od(origins, dests))
    for k, (_w, t) in ours.items():
        # equal time, other totals may differ only where two routes tie
        if abs(t[T] - od_ref[k][1][T]) > 1e-6:
            raise SystemExit(f"OD totals {k}: {t} vs {od_ref[k][1]}")
    r_od = max(2, rep // 3)
    rows.append(("OD 50 x 50 with totals",
                 median_s(lambda: tcroute.od_matrix(net, origins, dests), r_od),
                 median_s(lambda: nxs.od(origins, dests), r_od),
                 median_s(lambda: igs.od(origins, dests), r_od),
                 median_s(lambda: rxs.od(origins, dests), r_od)))
    rows.append(("OD 50 x 50, weights only (totals=False)",
                 median_s(lambda: tcroute.od_matrix(net, origins, dests, totals=False), r_od),
                 nan, nan, nan))

    # --- criticality: 50 pairs x every link their routes use
    pairs = [(o, d) for o, d in zip(origins, dests, strict=True) if (o, d) in od_ref]
    crit = ours_crit(net, pairs)
    same_crit("criticality networkx", crit, nxs.criticality(pairs))
    same_crit("criticality igraph", crit, igs.criticality(pairs))
    r_c = max(2, rep // 5)
    rows.append((f"criticality, {len(pairs)} pairs x {len(crit)} links used",
                 median_s(lambda: ours_crit(net, pairs), r_c),
                 median_s(lambda: nxs.criticality(pairs), r_c),
                 median_s(lambda: igs.criticality(pairs), r_c), nan))

    width = max(len(r[0]) for r in rows)
    print(f"{'operation':<{width}}  {'tcroute':>9}  {'networkx':>9}  {'igraph':>9}  "
          f"{'rustworkx':>9}  {'nx/tcr':>7}  {'ig/tcr':>7}")
    for name, ours_s, nx_s, ig_s, rx_s in rows:
        cells = [f"{v * 1e3:7.2f}ms" if v == v else f"{'-':>9}" for v in
                 (ours_s, nx_s, ig_s, rx_s)]
        ratios = [f"{b / ours_s:6.1f}x" if b == b else f"{'-':>7}" for b in (nx_s, ig_s)]
        print(f"{name:<{width}}  {'  '.join(cells)}  {'  '.join(ratios)}")
    print(f"\nmedians of repeated runs after a warm-up; answers checked equal on every side; "
          f"graphs built from the compiled edge table in {t_build:.2f} s (not timed above); "
          f"igraph {ig.__version__}, rustworkx {rx.__version__}, "
          f"networkx {nx.__version__}", file=sys.stderr)


if __name__ == "__main__":
    main()
