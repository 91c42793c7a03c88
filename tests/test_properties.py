"""Properties that hold for any query on the default network (Hypothesis, bounded so the
quick suite stays quick): avoided countries are never entered, closing a link never helps,
no call changes its inputs, and the bulk od_matrix agrees with shortest_route.

Capacity and demand conservation of assignments are tested with the assignment module.
"""

from __future__ import annotations

import copy

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tcroute
from tcroute import NoRouteError

PLACES = ["Xi'an", "Chongqing", "Urumqi", "Almaty", "Tashkent", "Aktau", "Baku", "Tbilisi",
          "Poti", "Istanbul", "Duisburg", "Warsaw", "Budapest", "Moscow", "Tehran",
          "Rotterdam", "Constanta", "Kars", "Shanghai", "Lianyungang"]
COUNTRIES = ["RU", "BY", "IR", "KZ", "GE", "AZ", "TR", "TM", "UZ", "PL", "UA", "KG"]
WEIGHTS = ["time", "cost", "distance", "co2", "generalized"]

QUICK = settings(max_examples=6, deadline=None, derandomize=True,
                 suppress_health_check=[HealthCheck.too_slow,
                                        HealthCheck.function_scoped_fixture])

pairs = st.tuples(st.sampled_from(PLACES), st.sampled_from(PLACES)).filter(
    lambda p: p[0] != p[1])


@pytest.fixture(scope="module")
def net() -> tcroute.Network:
    return tcroute.load_network()


def _route(net, o, d, **kw):
    try:
        return tcroute.shortest_route(net, o, d, **kw)
    except NoRouteError:
        return None


@QUICK
@given(pair=pairs, avoid=st.lists(st.sampled_from(COUNTRIES), max_size=3, unique=True))
def test_avoided_countries_are_never_entered(net, pair, avoid):
    o, d = pair
    ends = {net.place(o)["country"], net.place(d)["country"]}
    avoid = [c for c in avoid if c not in ends]
    r = _route(net, o, d, avoid_countries=avoid)
    if r is not None:
        assert not set(avoid) & set(r.countries)
        assert not set(avoid) & (set(r.legs["from_country"]) | set(r.legs["to_country"]))


@QUICK
@given(pair=pairs, weight=st.sampled_from(WEIGHTS), pick=st.integers(0, 1000))
def test_closing_a_link_never_helps(net, pair, weight, pick):
    o, d = pair
    r = _route(net, o, d, weight=weight)
    if r is None:
        return
    links = list(r.legs.loc[r.legs["kind"] == "link", "id"])
    closed = net.with_closed(links=[links[pick % len(links)]])
    after = _route(closed, o, d, weight=weight)
    if after is None:
        return
    metric = {"time": "time_h", "cost": "cost_usd", "distance": "distance_km",
              "co2": "co2_kg"}.get(weight)
    if metric is None:
        model = tcroute.CostModel()
        before_w = model.generalized(cost_usd=r.cost_usd, time_h=r.time_h)
        after_w = model.generalized(cost_usd=after.cost_usd, time_h=after.time_h)
    else:
        before_w, after_w = getattr(r, metric), getattr(after, metric)
    assert after_w >= before_w - 1e-6 * max(1.0, before_w)


@QUICK
@given(pair=pairs, avoid=st.lists(st.sampled_from(COUNTRIES), max_size=2, unique=True),
       modes=st.sampled_from([None, ["rail"], ["rail", "ferry"], ["rail", "road", "ferry"]]),
       weight=st.sampled_from(WEIGHTS))
def test_od_matrix_equals_shortest_route(net, pair, avoid, modes, weight):
    o, d = pair
    m = tcroute.od_matrix(net, [o], [d], avoid_countries=avoid, modes=modes, weight=weight)
    r = _route(net, o, d, avoid_countries=avoid, modes=modes, weight=weight)
    row = m.iloc[0]
    if r is None:
        assert row["status"] == "no route"
        return
    assert row["status"] == "ok"
    assert row["time_h"] == pytest.approx(r.time_h, rel=1e-9, abs=1e-6)
    assert row["distance_km"] == pytest.approx(r.distance_km, rel=1e-9, abs=1e-6)
    assert row["cost_usd"] == pytest.approx(r.cost_usd, rel=1e-9, abs=1e-6)


@QUICK
@given(pair=pairs, avoid=st.lists(st.sampled_from(COUNTRIES), max_size=2, unique=True))
def test_calls_do_not_change_their_inputs(net, pair, avoid):
    o, d = pair
    before = {t: getattr(net, t) for t in ("places", "links", "terminals", "borders")}
    args = {"avoid_countries": list(avoid), "modes": ["rail", "road", "ferry", "sea"],
            "via": []}
    kept = copy.deepcopy(args)
    _route(net, o, d, **args)
    tcroute.od_matrix(net, [o], [d], **{k: v for k, v in args.items() if k != "via"})
    pairs_in = [(o, d, 10.0)]
    tcroute.criticality(net, pairs_in, avoid_countries=args["avoid_countries"])
    net.with_closed(places=[o])
    assert args == kept and pairs_in == [(o, d, 10.0)]
    for t, df in before.items():
        pd.testing.assert_frame_equal(getattr(net, t), df)
