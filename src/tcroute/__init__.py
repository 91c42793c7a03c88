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

import importlib
from typing import TYPE_CHECKING, Any

# Public names and the module that defines each. They are imported on first use (PEP 562),
# so that ``import tcroute`` and ``tcroute --help`` start fast; ``from tcroute import X``
# works as usual.
_LAZY: dict[str, str] = {
    "AppraisalResult": "appraisal", "appraise": "appraisal", "load_projects": "appraisal",
    "AssignmentResult": "assignment", "QueueModel": "assignment", "assign": "assignment",
    "SaturationResult": "assignment", "first_to_saturate": "assignment",
    "ThroughputResult": "bottlenecks", "criticality": "bottlenecks",
    "max_throughput": "bottlenecks", "widest_route": "bottlenecks",
    "compare_corridors": "compare", "compare_routes": "compare",
    "corridor_constraints": "compare", "route_bottleneck": "compare",
    "DEFAULT_VALUE_OF_TIME_USD_PER_TEU_H": "costs", "CostModel": "costs",
    "demand_scenarios": "demand", "load_demand": "demand",
    "diff": "diff",
    "fleet_requirement": "fleets",
    "od_matrix": "engine",
    "AmbiguousPlaceError": "errors", "AppraisalError": "errors", "DataFileError": "errors",
    "ArgumentTypeError": "errors", "InvalidArgumentError": "errors", "NoRouteError": "errors",
    "Problem": "errors", "ScenarioError": "errors", "TcrouteError": "errors",
    "UnknownIdError": "errors", "UnknownPlaceError": "errors",
    "default_data_dir": "io", "load_network": "io", "read_network": "io",
    "validate_folder": "io",
    "Network": "network",
    "ReliabilityResult": "reliability", "transit_time_distribution": "reliability",
    "chance_within": "reliability", "reliability_by_month": "reliability",
    "list_episodes": "episodes", "read_episodes": "episodes", "read_weather": "episodes",
    "with_episode": "episodes",
    "Route": "routing", "alternative_routes": "routing", "shortest_route": "routing",
    "Scenario": "scenarios", "list_scenarios": "scenarios", "read_scenario": "scenarios",
    "observed_volumes": "volumes",
    "volume_conversions": "volumes",
}

if TYPE_CHECKING:  # for type checkers and editors: the same names, imported eagerly
    from .appraisal import AppraisalResult, appraise, load_projects
    from .assignment import (
        AssignmentResult,
        QueueModel,
        SaturationResult,
        assign,
        first_to_saturate,
    )
    from .bottlenecks import ThroughputResult, criticality, max_throughput, widest_route
    from .compare import (
        compare_corridors,
        compare_routes,
        corridor_constraints,
        route_bottleneck,
    )
    from .costs import DEFAULT_VALUE_OF_TIME_USD_PER_TEU_H, CostModel
    from .demand import demand_scenarios, load_demand
    from .diff import diff
    from .engine import od_matrix
    from .episodes import list_episodes, read_episodes, read_weather, with_episode
    from .errors import (
        AmbiguousPlaceError,
        AppraisalError,
        ArgumentTypeError,
        DataFileError,
        InvalidArgumentError,
        NoRouteError,
        Problem,
        ScenarioError,
        TcrouteError,
        UnknownIdError,
        UnknownPlaceError,
    )
    from .fleets import fleet_requirement
    from .io import default_data_dir, load_network, read_network, validate_folder
    from .network import Network
    from .reliability import (
        ReliabilityResult,
        chance_within,
        reliability_by_month,
        transit_time_distribution,
    )
    from .routing import Route, alternative_routes, shortest_route
    from .scenarios import Scenario, list_scenarios, read_scenario
    from .volumes import observed_volumes, volume_conversions


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("tcroute")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0+unknown"


def __getattr__(name: str) -> Any:
    if name == "__version__":
        value: Any = _version()
    elif name in _LAZY:
        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    else:
        raise AttributeError(f"module 'tcroute' has no attribute {name!r}")
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "DEFAULT_VALUE_OF_TIME_USD_PER_TEU_H",
    "AmbiguousPlaceError",
    "AppraisalError",
    "AppraisalResult",
    "ArgumentTypeError",
    "AssignmentResult",
    "CostModel",
    "DataFileError",
    "InvalidArgumentError",
    "Network",
    "NoRouteError",
    "Problem",
    "QueueModel",
    "ReliabilityResult",
    "Route",
    "SaturationResult",
    "Scenario",
    "ScenarioError",
    "TcrouteError",
    "ThroughputResult",
    "UnknownIdError",
    "UnknownPlaceError",
    "__version__",
    "alternative_routes",
    "appraise",
    "assign",
    "chance_within",
    "compare_corridors",
    "compare_routes",
    "corridor_constraints",
    "criticality",
    "default_data_dir",
    "demand_scenarios",
    "diff",
    "first_to_saturate",
    "fleet_requirement",
    "list_episodes",
    "list_scenarios",
    "load_demand",
    "load_network",
    "load_projects",
    "max_throughput",
    "observed_volumes",
    "od_matrix",
    "read_episodes",
    "read_network",
    "read_scenario",
    "read_weather",
    "reliability_by_month",
    "route_bottleneck",
    "shortest_route",
    "transit_time_distribution",
    "validate_folder",
    "volume_conversions",
    "widest_route",
    "with_episode",
]
