"""Sweeps on a Dask distributed cluster (worker processes) give the serial results, with the
shared inputs shipped to the workers once."""

from __future__ import annotations

import functools

import pandas as pd
import pytest

import tcroute
from tcroute import _parallel
from tcroute.engine import _CriticalityJob
from tcroute.scenarios import sweep

distributed = pytest.importorskip("distributed")

PAIRS = [("Xi'an", "Duisburg", 10.0), ("Almaty", "Istanbul", 5.0), ("Urumqi", "Tbilisi", 1.0),
         ("Chongqing", "Budapest", 2.0)]


# the sweep's analysis is pickled to the workers by reference: it must live in an installed
# module, not in this test file (which the workers cannot import)
_SEA_ROUTE = functools.partial(tcroute.shortest_route, origin="Shanghai",
                               destination="Rotterdam", modes=["sea"])


def test_map_shared_without_an_executor_runs_in_order():
    assert _parallel.map_shared(None, lambda s, x: s + x, 10, [1, 2, 3]) == [11, 12, 13]


@pytest.mark.slow
def test_dask_cluster_gives_the_serial_results_and_ships_the_network_once(default_net,
                                                                          monkeypatch):
    pickled = []
    reduce = _CriticalityJob.__reduce_ex__

    def counting(self, protocol):
        pickled.append(1)
        return reduce(self, protocol)

    monkeypatch.setattr(_CriticalityJob, "__reduce_ex__", counting)
    kw = {"avoid_countries": ["RU", "BY"]}
    serial_crit = tcroute.criticality(default_net, PAIRS, **kw)
    route = tcroute.shortest_route(default_net, "Xi'an", "Duisburg", avoid_countries=["RU"])
    serial_mc = tcroute.transit_time_distribution(default_net, route, draws=2_000, seed=7)
    scen = {"today": None, "no Suez": "suez_closed"}
    serial_sweep = {k: r.days for k, r in sweep(default_net, scen, _SEA_ROUTE).items()}
    assert not pickled

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0", silence_logs=40) as cluster, \
            distributed.Client(cluster) as client:
        ex = client.get_executor()
        crit = tcroute.criticality(default_net, PAIRS, executor=ex, **kw)
        # 16 tasks, one copy of the job and its compiled network: scattered, not per task
        assert len(pickled) == 1
        mc = tcroute.transit_time_distribution(default_net, route, draws=2_000, seed=7,
                                               executor=ex)
        swept = {k: r.days for k, r in sweep(default_net, scen, _SEA_ROUTE, executor=ex).items()}
        workers = client.run(lambda: 1)
    assert len(workers) == 2
    pd.testing.assert_frame_equal(serial_crit, crit)
    assert (mc.p10_days, mc.p50_days, mc.p90_days) == (
        serial_mc.p10_days, serial_mc.p50_days, serial_mc.p90_days)
    pd.testing.assert_frame_equal(serial_mc.sources, mc.sources)
    assert swept == serial_sweep
