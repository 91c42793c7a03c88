"""Queries over the compiled arrays: early stop, closures as masks, path totals, reachability."""

from __future__ import annotations

import math
import random

import numpy as np
import pandas as pd
import pytest
from reference import nx_reference
from scipy.sparse.csgraph import dijkstra as sp_dijkstra

import tcroute
from tcroute import _search, routing
from tcroute._search import View, path_legs, reachable, search, tree_totals, walk
from tcroute.engine import METRICS, compile_network


@pytest.fixture(scope="module")
def compiled(default_net):
    return compile_network(default_net)


def _view(c, weight="time"):
    return View(c, np.asarray(c.weights(weight), dtype=float))


@pytest.mark.parametrize("weight", ["time", "cost", "distance"])
def test_search_stopping_early_gives_the_full_search_answer(default_net, monkeypatch, weight):
    """With the early stop forced on (distance limits grown until a target is settled),
    routes equal the independent networkx optimum."""
    rnd = random.Random(19)
    places = sorted(default_net.places.index)
    pairs = [tuple(rnd.sample(places, 2)) for _ in range(40)]
    full = {}
    for o, d in pairs:
        try:
            full[(o, d)] = tcroute.shortest_route(default_net, o, d, weight=weight)
        except tcroute.NoRouteError:
            full[(o, d)] = None
    monkeypatch.setattr(_search, "EARLY_STOP_NODES", 0)
    monkeypatch.setattr(routing, "EARLY_STOP_NODES", 0)
    col = {"time": "time_h", "cost": "cost_usd", "distance": "length_km"}[weight]
    attr = {"time": "time_h", "cost": "cost_usd", "distance": "distance_km"}[weight]
    for o, d in pairs:
        ref = nx_reference(default_net, o, d, weight=col)
        try:
            r = tcroute.shortest_route(default_net, o, d, weight=weight)
        except tcroute.NoRouteError:
            assert full[(o, d)] is None and ref == math.inf
            continue
        assert getattr(r, attr) == pytest.approx(ref, rel=1e-9, abs=1e-9), (o, d)
        assert getattr(r, attr) == pytest.approx(getattr(full[(o, d)], attr), rel=1e-12)


def test_limited_search_settles_every_node_within_the_limit(compiled):
    v = _view(compiled)
    src = compiled.place_nodes["cn_xian"]
    full, _ = search(v, src)
    limit = float(np.nanmedian(full[np.isfinite(full)]))
    part, _ = _search.dijkstra(v, src, limit)
    inside = full <= limit
    assert inside.sum() > 10 and (~inside & np.isfinite(full)).sum() > 10
    np.testing.assert_allclose(part[inside], full[inside])
    assert np.isinf(part[~inside]).all()


def test_closing_edges_equals_a_view_built_without_them(compiled):
    base = _view(compiled)
    ids = compiled.edges["id"].to_numpy()
    rnd = random.Random(2)
    for lid in rnd.sample(sorted(set(ids)), 25):
        shut = np.flatnonzero(ids == lid)
        closed = base.closing(shut)
        w = base.w.copy()
        w[shut] = np.inf
        fresh = View(compiled, w)
        np.testing.assert_array_equal(closed.w, fresh.w)
        np.testing.assert_array_equal(closed.matrix.data, fresh.matrix.data)
        np.testing.assert_array_equal(closed.w[closed.best], fresh.w[fresh.best])
    assert np.isfinite(base.w).all()  # the base view is untouched


@pytest.mark.parametrize("doubling", [True, False])
def test_tree_totals_equal_the_sum_along_each_path(compiled, monkeypatch, doubling):
    monkeypatch.setattr(_search, "DOUBLING_NODES", 10**9 if doubling else 0)
    v = _view(compiled)
    dist, pred = search(v, compiled.place_nodes["kz_almaty"])
    ends = np.flatnonzero(np.isfinite(dist))
    got = tree_totals(v, pred, ends, compiled._metrics)
    for k, end in enumerate(ends):
        legs = path_legs(v, walk(pred, int(end)))
        np.testing.assert_allclose(got[k], compiled._metrics[legs].sum(axis=0), atol=1e-9)
        # the path's weight is the search's distance: the legs recovered are the ones used
        assert v.w[legs].sum() == pytest.approx(dist[end], abs=1e-9)
    assert got.shape == (len(ends), len(METRICS))


def test_reachable_equals_finite_distances(compiled):
    rnd = np.random.default_rng(4)
    usable = rnd.random(len(compiled.edges)) > 0.3
    w = np.where(usable, compiled.weights("time"), np.inf)
    v = View(compiled, w)
    for place in ("cn_xian", "tr_halkali", "kz_aktau_port"):
        src = compiled.place_nodes[place]
        dist, _, _ = sp_dijkstra(v.matrix, indices=src, min_only=True,
                                 return_predecessors=True)
        targets = np.arange(compiled.n_nodes)
        np.testing.assert_array_equal(reachable(compiled, usable, src, targets),
                                      np.isfinite(dist))


def test_search_with_offsets_takes_the_best_start(compiled):
    v = _view(compiled)
    src = compiled.place_nodes["ge_poti_port"]
    offsets = np.arange(len(src), dtype=float) * 5.0
    dist, _ = search(v, src, offsets)
    singles = [search(v, np.array([s]))[0] + off for s, off in zip(src, offsets, strict=True)]
    np.testing.assert_allclose(dist, np.min(singles, axis=0))


def test_weight_function_takes_the_documented_slower_path(default_net):
    """A callable weight is evaluated once per edge; None forbids a leg."""
    calls = []

    def no_ferries(m):
        calls.append(m["id"])
        return None if m["mode"] == "ferry" else m["time_h"]

    r = tcroute.shortest_route(default_net, "Almaty", "Istanbul", weight=no_ferries)
    assert "ferry" not in set(r.legs["mode"])
    ref = tcroute.shortest_route(default_net, "Almaty", "Istanbul", avoid_modes=["ferry"])
    assert r.time_h == pytest.approx(ref.time_h)
    assert len(calls) == len(compile_network(default_net).edges)


def test_route_legs_are_built_when_first_asked_for(default_net):
    r = tcroute.shortest_route(default_net, "Xi'an", "Duisburg")
    assert r._legs_df is None
    t = r.time_h
    assert r._legs_df is None
    assert r.legs["time_h"].sum() == pytest.approx(t, rel=1e-12)


def test_a_pickled_route_carries_its_legs_not_the_compiled_network(default_net):
    import pickle

    r = tcroute.shortest_route(default_net, "Xi'an", "Duisburg")
    data = pickle.dumps(r)
    assert len(data) < len(pickle.dumps(compile_network(default_net)))
    back = pickle.loads(data)
    assert back._edges is None and r._edges is not None
    assert (back.time_h, back.cost_usd, back.countries) == (r.time_h, r.cost_usd, r.countries)
    pd.testing.assert_frame_equal(back.legs, r.legs)


def test_network_to_networkx_is_an_independent_copy(default_net):
    g = default_net.to_networkx()
    c = compile_network(default_net)
    assert sum(len(d["legs"]) for _, _, d in g.edges(data=True)) == len(c.edges)
    g.remove_edges_from(list(g.edges))
    assert default_net.to_networkx().number_of_edges() > 0
