"""tcroute benchmarks: each operation timed against the straightforward networkx loop a user
would otherwise write, both measured in this run.

Run:  python benchmarks/run.py            (about two minutes)
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Callable

import networkx as nx
import numpy as np

import tcroute
from tcroute.costs import CostModel

CHINA = ["Xi'an", "Chongqing", "Chengdu", "Zhengzhou", "Wuhan", "Yiwu", "Lanzhou", "Urumqi"]
EUROPE = ["Duisburg", "Hamburg", "Rotterdam", "Łódź", "Budapest", "Vienna", "Prague",
          "Constanța", "Piraeus", "Istanbul", "Warsaw", "Poznań", "Berlin"]


def timed(fn: Callable[[], object], repeat: int = 3) -> float:
    """Best wall time of ``repeat`` runs, seconds."""
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def nx_graph(net: tcroute.Network) -> tuple[nx.DiGraph, dict[str, list]]:
    """What a user would build: the layered graph as a networkx DiGraph with a time weight."""
    rg = net._graph(False)
    model = CostModel()
    g = nx.DiGraph()
    for u, v, d in rg.g.edges(data=True):
        g.add_edge(u, v, legs=[leg["id"] for leg in d["legs"]],
                   w=min(rg.metrics(leg, model)["time_h"] for leg in d["legs"]))
    at = {p: rg.nodes_at(p) for p in rg.layers_at}
    return g, at


def nx_best(g: nx.DiGraph, at: dict[str, list], o: str, d: str) -> float:
    dist = nx.multi_source_dijkstra_path_length(g, set(at[o]), weight="w")
    return min((dist[n] for n in at[d] if n in dist), default=float("inf"))


def main() -> None:
    rows = []
    net = tcroute.load_network()
    ids_o = [net.resolve(p) for p in CHINA]
    ids_d = [net.resolve(p) for p in EUROPE]

    # --- OD matrix: all Chinese origins x European destinations (fresh network each run)
    def ours_od() -> None:
        tcroute.od_matrix(tcroute.load_network(), CHINA, EUROPE, totals=False)

    def base_od() -> None:
        g, at = nx_graph(tcroute.load_network())
        for o in ids_o:
            for d in ids_d:
                nx_best(g, at, o, d)

    rows.append(("OD matrix 8 x 13, from loading", timed(ours_od), timed(base_od, 2)))

    built = tcroute.load_network()
    tcroute.od_matrix(built, CHINA, EUROPE, totals=False)
    gb, atb = nx_graph(built)

    def base_od_built() -> None:
        for o in ids_o:
            for d in ids_d:
                nx_best(gb, atb, o, d)

    rows.append(("OD matrix 8 x 13, built graph",
                 timed(lambda: tcroute.od_matrix(built, CHINA, EUROPE, totals=False), 5),
                 timed(base_od_built, 3)))

    # --- one route query on a built graph
    tcroute.shortest_route(net, "Xi'an", "Duisburg")
    g, at = nx_graph(net)
    rows.append(("one route query (built graph)",
                 timed(lambda: tcroute.od_matrix(net, ["Xi'an"], ["Duisburg"], totals=False),
                       20),
                 timed(lambda: nx_best(g, at, "cn_xian", "de_duisburg"), 20)))

    # --- criticality: 50 OD pairs x every link
    rnd = random.Random(1)
    pairs = [(rnd.choice([*ids_o, "kz_almaty", "uz_tashkent", "kz_aktobe"]),
              rnd.choice([*ids_d, "ge_tbilisi", "tr_ankara", "az_baku"]), 1.0)
             for _ in range(50)]
    links = list(net.links.index)

    def ours_crit() -> None:
        tcroute.criticality(tcroute.load_network(), pairs, method="bulk")

    sample = rnd.sample(links, 20)

    def base_crit_sample() -> None:
        g, at = nx_graph(tcroute.load_network())
        base = {(o, d): nx_best(g, at, o, d) for o, d, _ in pairs}
        for lid in sample:
            removed = [(u, v, dict(data)) for u, v, data in g.edges(data=True)
                       if lid in data["legs"]]
            g.remove_edges_from([(u, v) for u, v, _ in removed])
            for o, d, _ in pairs:
                nx_best(g, at, o, d) - base[(o, d)]
            g.add_edges_from(removed)

    t_sample = timed(base_crit_sample, 1)
    rows.append((f"criticality 50 pairs x {len(links)} links",
                 timed(ours_crit, 2), t_sample * len(links) / len(sample)))

    # --- Monte Carlo: 10,000 draws for one pair
    route = tcroute.shortest_route(net, "Xi'an", "Duisburg",
                                   avoid_countries=["RU", "BY", "IR"])
    from tcroute.reliability import _stochastic_elements

    def ours_mc() -> None:
        tcroute.transit_time_distribution(net, route, draws=10_000, seed=1)

    def base_mc() -> None:
        elements = _stochastic_elements(route, net)
        rng = np.random.default_rng(1)
        fixed = float(route.legs["travel_h"].sum())
        out = []
        for _ in range(10_000):  # one journey at a time
            out.append(fixed + sum(float(el["sample"](rng, 1)[0]) for el in elements))
        statistics.quantiles(out, n=10)

    rows.append(("Monte Carlo 10,000 draws, one pair", timed(ours_mc), timed(base_mc, 1)))

    width = max(len(r[0]) for r in rows)
    print(f"{'operation':<{width}}  {'tcroute s':>10}  {'baseline s':>10}  {'ratio':>7}")
    for name, ours, base in rows:
        print(f"{name:<{width}}  {ours:10.4f}  {base:10.4f}  {base / ours:6.1f}x")
    print("\nbaseline: networkx DiGraph of the same layered graph, one Dijkstra per query; "
          "criticality baseline extrapolated from 20 links measured in this run; Monte "
          "Carlo baseline draws one journey at a time.", file=sys.stderr)


if __name__ == "__main__":
    main()
