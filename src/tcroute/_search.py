"""Queries over a compiled network: weights with closures as masks, searches that stop at the
destination, paths and their totals with array operations.

Every query of tcroute (a single route, via points, alternatives, OD matrices, criticality,
assignment, reliability draws) reads the arrays of :class:`tcroute.engine.CompiledNetwork`:
one edge table in which each leg is priced once. A constraint or a closed link never builds
a new graph: it sets the weight of the edges it forbids to infinity (a *view*), and
``scipy.sparse.csgraph.dijkstra`` never takes such an edge.

scipy's Dijkstra was chosen by measurement (benchmarks/run.py and the notes in the commit
that introduced this module): on the default network a full multi-source search takes about
35 µs against about 75 µs for igraph's ``get_shortest_path`` (which converts the weight
vector on every call) and rustworkx's, which calls back into Python for weights; and it
takes several sources at once (``min_only``) and a distance ``limit``, which is how a search
stops near the destination on a large network.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy.sparse import csr_matrix

if TYPE_CHECKING:
    from .engine import CompiledNetwork

#: The columns of a route's legs table, in order.
LEG_COLUMNS = [
    "kind", "id", "from_id", "to_id", "from_name", "to_name", "mode", "from_layer", "to_layer",
    "from_country", "to_country", "country", "length_km", "travel_h", "border_h", "wait_h",
    "transfer_h", "time_h", "cost_usd", "co2_kg", "capacity_teu_year", "border_id",
]

#: Up to this many nodes, path totals are summed over the whole predecessor tree at once.
DOUBLING_NODES = 50_000

#: Below this many nodes a search runs to the end (about 40 µs on the default network);
#: above it, searches grow a distance limit until they reach the destination.
EARLY_STOP_NODES = 20_000


class Structure:
    """The edges of a compiled network in CSR order, and an index of node pairs.

    Parallel legs (two links between the same two nodes, or two terminals making the same
    transfer) stay apart as repeated entries of a CSR row; scipy's Dijkstra relaxes each.
    ``pair_*`` find the legs between two nodes, to tell which leg a path used.
    """

    def __init__(self, c: CompiledNetwork) -> None:
        n = c.n_nodes
        tail = c.edges["tail"].to_numpy(dtype=np.int64)
        head = c.edges["head"].to_numpy(dtype=np.int64)
        self.n = n
        self.tail, self.head = tail, head
        self.order = np.argsort(tail, kind="stable")
        self.position = np.empty_like(self.order)  # where each edge sits in the CSR data
        self.position[self.order] = np.arange(len(self.order))
        self.indices = head[self.order].astype(np.int32)
        self.indptr = np.concatenate([[0], np.cumsum(np.bincount(tail, minlength=n))]
                                     ).astype(np.int32)
        key = tail * n + head
        by_key = np.argsort(key, kind="stable")
        self.pair_keys, first, counts = np.unique(key[by_key], return_index=True,
                                                  return_counts=True)
        self.pair_first = by_key[first]
        multi = np.repeat(counts > 1, counts)
        self.multi_edges = by_key[multi]
        self.multi_pair = np.repeat(np.arange(len(counts)), counts)[multi]
        lengths = c.edges["length_km"].to_numpy(dtype=float)
        self.lengths = lengths

    def csr(self, w: np.ndarray) -> csr_matrix:
        return csr_matrix((w[self.order], self.indices, self.indptr), shape=(self.n, self.n))

    def pair_of(self, u: np.ndarray, v: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.pair_keys, np.asarray(u, dtype=np.int64) * self.n + v)


class View:
    """A compiled network under one weighting: the weight of every edge, infinity where a
    constraint or closure forbids it; the CSR matrix; the lightest leg of each node pair."""

    def __init__(self, c: CompiledNetwork, w: np.ndarray) -> None:
        self.c = c
        self.s = s = c.structure
        self.w = w
        self.matrix = s.csr(w)
        self.best = s.pair_first.copy()
        if len(s.multi_edges):
            o = np.lexsort((w[s.multi_edges], s.multi_pair))
            pairs, edges = s.multi_pair[o], s.multi_edges[o]
            first = np.ones(len(o), dtype=bool)
            first[1:] = pairs[1:] != pairs[:-1]
            self.best[pairs[first]] = edges[first]
        self._rate: float | None = None

    def closing(self, edges: np.ndarray) -> View:
        """The same view with ``edges`` also forbidden (a closure): a copy of the weights,
        the matrix data and the lightest legs of the pairs concerned, nothing rebuilt."""
        new = object.__new__(View)
        new.c, new.s, new._rate = self.c, self.s, self._rate
        w = self.w.copy()
        w[edges] = np.inf
        new.w = w
        new.matrix = self.matrix.copy()
        new.matrix.data[self.s.position[edges]] = np.inf
        new.best = self.best.copy()
        pairs = np.unique(self.s.pair_of(self.s.tail[edges], self.s.head[edges]))
        for p in pairs:
            cand = self.s.multi_edges[self.s.multi_pair == p]
            if len(cand):
                new.best[p] = cand[np.argmin(w[cand])]
        return new

    def legs(self, u: np.ndarray, v: np.ndarray) -> np.ndarray:
        """The lightest usable leg from node ``u`` to node ``v`` (arrays)."""
        return self.best[self.s.pair_of(u, v)]

    def rate(self) -> float:
        """The least weight per km of any edge with a length: a lower bound of a route's
        weight is this times the geodesic distance (lengths are at least geodesic)."""
        if self._rate is None:
            ln = self.s.lengths
            ok = (ln > 0) & np.isfinite(self.w)
            self._rate = float(np.min(self.w[ok] / ln[ok])) if ok.any() else 0.0
        return self._rate


def legs_frame(c: CompiledNetwork, edges: np.ndarray, names: Mapping[str, str]
                ) -> pd.DataFrame:
    """The legs table of a route from its edge indices (built when first asked for)."""
    e = c.edges
    place = c.nodes["place"].to_numpy()
    cols = ["kind", "id", "mode", "from_layer", "to_layer", "from_country", "to_country",
            "length_km", "travel_h", "border_h", "wait_h", "transfer_h", "time_h",
            "cost_usd", "co2_kg", "capacity", "border_id"]
    legs = e.iloc[edges][cols].reset_index(drop=True).rename(
        columns={"capacity": "capacity_teu_year"})
    legs["from_id"] = place[e["tail"].to_numpy()[edges]]
    legs["to_id"] = place[e["head"].to_numpy()[edges]]
    legs["from_name"] = legs["from_id"].map(names)
    legs["to_name"] = legs["to_id"].map(names)
    legs["country"] = np.where(legs["from_country"] == legs["to_country"],
                               legs["from_country"],
                               legs["from_country"] + "-" + legs["to_country"])
    legs["border_id"] = legs["border_id"].astype(object).where(legs["border_id"].notna(), None)
    for col in ("length_km", "travel_h", "border_h", "wait_h", "transfer_h", "time_h",
                "cost_usd", "co2_kg", "capacity_teu_year"):
        legs[col] = legs[col].astype(float)
    return legs[LEG_COLUMNS]


def dijkstra(view: View, sources: np.ndarray, limit: float = np.inf
             ) -> tuple[np.ndarray, np.ndarray]:
    """Multi-source Dijkstra (all sources at distance 0): distances and predecessors."""
    from scipy.sparse.csgraph import dijkstra as sp_dijkstra

    if len(sources) == 0:
        n = view.c.n_nodes
        return np.full(n, np.inf), np.full(n, -9999, dtype=np.int32)
    dist, pred, _ = sp_dijkstra(view.matrix, directed=True, indices=np.asarray(sources),
                                min_only=True, return_predecessors=True, limit=limit)
    return dist, pred


def search(view: View, sources: np.ndarray, offsets: np.ndarray | None = None,
           targets: np.ndarray | None = None, bound: float = 0.0
           ) -> tuple[np.ndarray, np.ndarray]:
    """Distances and predecessors from ``sources`` (each starting at its ``offset``).

    With ``targets`` on a large network, the search stops once a target is settled: it
    runs with a distance limit (first twice ``bound``, a lower bound of the answer, then
    four times larger each round) and only as a last resort over the whole network; after
    two rounds a breadth-first search checks that a target can be reached at all. Nodes
    farther than the limit are left at infinity.
    """
    sources = np.asarray(sources, dtype=np.int64)
    if offsets is not None and len(sources) > 1 and np.ptp(offsets) > 0:
        return _offset_search(view, sources, offsets)
    base = float(offsets[0]) if offsets is not None and len(offsets) else 0.0
    if targets is None or view.c.n_nodes < EARLY_STOP_NODES or len(targets) == 0:
        dist, pred = dijkstra(view, sources)
        return dist + base, pred
    limit = 2.0 * bound if bound > 0 else _first_limit(view)
    for rounds in range(6):
        dist, pred = dijkstra(view, sources, limit)
        if np.isfinite(dist[targets]).any():
            # every node nearer than the best target is settled: the answer is exact
            return dist + base, pred
        if rounds == 1 and not reachable(view.c, np.isfinite(view.w), sources, targets).any():
            return dist + base, pred  # no target can be reached: do not search everything
        limit *= 4.0
    dist, pred = dijkstra(view, sources)
    return dist + base, pred


def _first_limit(view: View) -> float:
    finite = view.w[np.isfinite(view.w) & (view.w > 0)]
    return float(np.median(finite)) * 20.0 if len(finite) else np.inf


def _offset_search(view: View, sources: np.ndarray, offsets: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Several sources starting at different distances: one search per source, and for
    each node the source that reaches it first (few sources: the layers of a via place)."""
    from scipy.sparse.csgraph import dijkstra as sp_dijkstra

    dist, pred = sp_dijkstra(view.matrix, directed=True, indices=sources,
                             return_predecessors=True)
    total = dist + np.asarray(offsets, dtype=float)[:, None]
    best = np.argmin(total, axis=0)
    cols = np.arange(total.shape[1])
    return total[best, cols], pred[best, cols]


def walk(pred: np.ndarray, end: int) -> list[int]:
    """Nodes from the search's source to ``end`` along the predecessors."""
    path = [end]
    node = end
    while pred[node] >= 0:
        node = int(pred[node])
        path.append(node)
    path.reverse()
    return path


def path_legs(view: View, nodes: Sequence[int]) -> np.ndarray:
    """Edge indices of the lightest legs along a node path."""
    a = np.asarray(nodes, dtype=np.int64)
    if len(a) < 2:
        return np.zeros(0, dtype=np.int64)
    return view.legs(a[:-1], a[1:])


def tree_totals(view: View, pred: np.ndarray, ends: np.ndarray, metrics: np.ndarray
                ) -> np.ndarray:
    """Sum ``metrics`` (edges x k) along the paths of a predecessor tree to each of
    ``ends``, with array operations.

    On networks up to :data:`DOUBLING_NODES` nodes the whole tree is summed by pointer
    doubling (each node's total from its ancestor's, log2(depth) rounds over all nodes);
    on larger ones the paths to ``ends`` are walked back together, one step per round.
    """
    n = len(pred)
    if n <= DOUBLING_NODES:
        idx = np.flatnonzero(pred >= 0)
        acc = np.zeros((n + 1, metrics.shape[1]))
        acc[idx] = metrics[view.legs(pred[idx], idx)]
        anc = np.full(n + 1, n, dtype=np.int64)
        anc[idx] = pred[idx]
        while (anc[idx] != n).any():
            acc += acc[anc]
            anc = anc[anc]
        return acc[np.asarray(ends, dtype=np.int64)]
    out = np.zeros((len(ends), metrics.shape[1]))
    cur = np.asarray(ends, dtype=np.int64).copy()
    live = cur >= 0
    while live.any():
        idx = np.flatnonzero(live)
        prev = pred[cur[idx]].astype(np.int64)
        step = prev >= 0
        if not step.any():
            break
        at = idx[step]
        out[at] += metrics[view.legs(prev[step], cur[at])]
        cur[at] = prev[step]
        live[idx[~step]] = False
    return out


def reachable(c: CompiledNetwork, usable: np.ndarray, sources: np.ndarray,
              targets: np.ndarray) -> np.ndarray:
    """Which ``targets`` some source reaches through ``usable`` edges (a breadth-first
    search; no weights summed)."""
    from scipy.sparse.csgraph import breadth_first_order

    s = c.structure
    keep = usable[s.order]
    counts = np.bincount(s.tail[s.order][keep], minlength=s.n)
    indptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
    m = csr_matrix((np.ones(int(keep.sum())), s.indices[keep], indptr), shape=(s.n, s.n))
    seen = np.zeros(s.n, dtype=bool)
    for src in np.asarray(sources, dtype=np.int64):
        if not seen[src]:
            seen[breadth_first_order(m, int(src), directed=True,
                                     return_predecessors=False)] = True
    return seen[np.asarray(targets, dtype=np.int64)]


def weights_of(c: CompiledNetwork, weight: Any, records: Callable[[], list[Mapping[str, Any]]]
               ) -> np.ndarray:
    """Edge weights for a weight given by name, or by a function of a leg's metrics
    (called once per edge: the slower path; ``None`` forbids the leg)."""
    if isinstance(weight, str):
        return np.asarray(c.weights(weight), dtype=float)
    out = np.empty(len(c.edges))
    for j, m in enumerate(records()):
        v = weight(m)
        out[j] = np.inf if v is None else v
    return out
