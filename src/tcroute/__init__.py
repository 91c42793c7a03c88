"""tcroute: freight routes between China, Central Asia, the Caspian, the South Caucasus, Turkey
and Europe — the Middle Corridor and the routes it competes with — on a sourced default
network.

Examples
--------
>>> import tcroute
>>> net = tcroute.load_network()
>>> route = tcroute.shortest_route(net, "Xi'an", "Duisburg", avoid_countries=["RU", "BY"])
>>> route.countries[0], route.countries[-1]
('CN', 'DE')
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .appraisal import AppraisalResult, appraise, load_projects
from .assignment import AssignmentResult, QueueModel, assign
from .bottlenecks import ThroughputResult, criticality, max_throughput, widest_route
from .compare import compare_corridors, compare_routes, corridor_constraints, route_bottleneck
from .costs import DEFAULT_VALUE_OF_TIME_USD_PER_TEU_H, CostModel
from .diff import diff
from .engine import od_matrix
from .errors import (
    AmbiguousPlaceError,
    AppraisalError,
    DataFileError,
    NoRouteError,
    Problem,
    ScenarioError,
    TcrouteError,
    UnknownPlaceError,
)
from .io import default_data_dir, load_network, read_network, validate_folder
from .network import Network
from .reliability import ReliabilityResult, transit_time_distribution
from .routing import Route, alternative_routes, shortest_route
from .scenarios import Scenario, list_scenarios, read_scenario
from .volumes import observed_volumes, volume_conversions

try:
    __version__ = version("tcroute")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"

__all__ = [
    "DEFAULT_VALUE_OF_TIME_USD_PER_TEU_H",
    "AmbiguousPlaceError",
    "AppraisalError",
    "AppraisalResult",
    "AssignmentResult",
    "CostModel",
    "DataFileError",
    "Network",
    "NoRouteError",
    "Problem",
    "QueueModel",
    "ReliabilityResult",
    "Route",
    "Scenario",
    "ScenarioError",
    "TcrouteError",
    "ThroughputResult",
    "UnknownPlaceError",
    "__version__",
    "alternative_routes",
    "appraise",
    "assign",
    "compare_corridors",
    "compare_routes",
    "corridor_constraints",
    "criticality",
    "default_data_dir",
    "diff",
    "list_scenarios",
    "load_network",
    "load_projects",
    "max_throughput",
    "observed_volumes",
    "od_matrix",
    "read_network",
    "read_scenario",
    "route_bottleneck",
    "shortest_route",
    "transit_time_distribution",
    "validate_folder",
    "volume_conversions",
    "widest_route",
]
