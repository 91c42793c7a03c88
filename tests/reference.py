"""Independent reference computations for the tests."""

from __future__ import annotations

import math

import networkx as nx

from tcroute import CostModel


def nx_reference(net, origin, destination, weight="time", **constraints):
    """Independent optimum: networkx Dijkstra on the layered graph with a super source/sink."""
    rg = net._graph(False)
    model = CostModel()
    view = rg.view(**constraints)
    g = nx.DiGraph()
    for u, v, data in view.edges(data=True):
        ws = [rg.metrics(leg, model)[weight if weight != "time" else "time_h"]
              for leg in data["legs"]]
        g.add_edge(u, v, w=min(ws))
    for n in rg.nodes_at(origin):
        if n in view:
            g.add_edge("SRC", n, w=0.0)
    for n in rg.nodes_at(destination):
        if n in view:
            g.add_edge(n, "DST", w=0.0)
    try:
        return nx.dijkstra_path_length(g, "SRC", "DST", weight="w")
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return math.inf
