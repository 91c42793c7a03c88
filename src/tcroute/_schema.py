"""Column specifications of the network data files (see data/network/README.md)."""

from __future__ import annotations

from dataclasses import dataclass, field

MODES: tuple[str, ...] = ("rail", "road", "ferry", "sea")
STATUSES: tuple[str, ...] = ("open", "planned", "closed")
KINDS: tuple[str, ...] = (
    "rail_station",
    "junction",
    "border_station",
    "port",
    "dry_port",
    "city",
    "waypoint",
)
GAUGES_MM: tuple[int, ...] = (1435, 1520, 1668, 1676)
LAYERS: tuple[str, ...] = (*tuple(f"rail_{g}" for g in GAUGES_MM), "road", "ferry", "sea")
LENGTH_BASES: tuple[str, ...] = ("published", "circuity", "searoute", "traced")
CO2_SCOPES: tuple[str, ...] = ("TTW", "WTW")
WATER_MODES: frozenset[str] = frozenset({"ferry", "sea"})
LAND_MODES: frozenset[str] = frozenset({"rail", "road"})


@dataclass(frozen=True)
class Column:
    """One column of a data file.

    ``kind`` is one of ``text``, ``id``, ``float``, ``int``, ``bool``, ``enum``, ``country``.
    ``min_value`` with ``strict`` means ``> min_value`` (``>=`` otherwise).
    """

    name: str
    kind: str = "text"
    required: bool = False
    allowed: tuple[object, ...] = ()
    min_value: float | None = None
    strict: bool = False
    max_value: float | None = None


@dataclass(frozen=True)
class FileSpec:
    """A data file: its name, key column and columns."""

    name: str
    key: str
    columns: tuple[Column, ...]
    required_file: bool = True
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def _pos(name: str, required: bool = False) -> Column:
    return Column(name, "float", required, min_value=0.0, strict=True)


def _nonneg(name: str, required: bool = False) -> Column:
    return Column(name, "float", required, min_value=0.0)


NODES = FileSpec(
    "nodes.csv",
    "id",
    (
        Column("id", "id", True),
        Column("name", "text", True),
        Column("aliases"),
        Column("country", "country", True),
        Column("lon", "float", True, min_value=-180.0, max_value=180.0),
        Column("lat", "float", True, min_value=-90.0, max_value=90.0),
        Column("kind", "enum", True, KINDS),
        Column("source", "text", True),
        Column("note"),
    ),
)

LINKS = FileSpec(
    "links.csv",
    "id",
    (
        Column("id", "id", True),
        Column("from_id", "text", True),
        Column("to_id", "text", True),
        Column("mode", "enum", True, MODES),
        _pos("length_km", True),
        Column("length_basis", "enum", True, LENGTH_BASES),
        _pos("speed_kmh"),
        _pos("time_h"),
        _pos("capacity_teu_year"),
        Column("gauge_mm", "int", False, GAUGES_MM),
        Column("tracks", "int", False, min_value=1),
        Column("electrified", "bool"),
        Column("status", "enum", True, STATUSES),
        Column("oneway", "bool"),
        _pos("departures_per_week"),
        Column("irregular_sailings", "bool"),
        _nonneg("closure_days_per_year"),
        _pos("closure_episode_days"),
        _nonneg("cost_usd_per_teu"),
        _nonneg("cost_usd_per_teu_km"),
        _nonneg("co2_kg_per_teu_km"),
        Column("source", "text", True),
        Column("note"),
    ),
)

TERMINALS = FileSpec(
    "terminals.csv",
    "id",
    (
        Column("id", "id", True),
        Column("place_id", "text", True),
        Column("from_layer", "enum", True, LAYERS),
        Column("to_layer", "enum", True, LAYERS),
        _nonneg("transfer_h", True),
        _nonneg("transfer_p90_h"),
        _nonneg("transfer_usd_per_teu", True),
        _nonneg("co2_kg_per_teu"),
        _pos("capacity_teu_year"),
        Column("status", "enum", True, STATUSES),
        Column("oneway", "bool"),
        Column("source", "text", True),
        Column("note"),
    ),
)

BORDERS = FileSpec(
    "borders.csv",
    "id",
    (
        Column("id", "id", True),
        Column("from_country", "country", True),
        Column("to_country", "country", True),
        Column("mode", "enum", True, MODES),
        Column("link_id"),
        _nonneg("dwell_h", True),
        _nonneg("dwell_p90_h"),
        _nonneg("cost_usd_per_teu", True),
        Column("oneway", "bool"),
        Column("source", "text", True),
        Column("note"),
    ),
)

MODES_FILE = FileSpec(
    "modes.csv",
    "mode",
    (
        Column("mode", "enum", True, MODES),
        _pos("speed_kmh", True),
        _nonneg("cost_usd_per_teu_km", True),
        _nonneg("co2_kg_per_teu_km", True),
        Column("co2_scope", "enum", True, CO2_SCOPES),
        _pos("departures_per_week"),
        Column("source", "text", True),
        Column("note"),
    ),
)

CORRIDORS = FileSpec(
    "corridors.csv",
    "id",
    (
        Column("id", "id", True),
        Column("name", "text", True),
        Column("via"),
        Column("avoid_countries"),
        Column("avoid_places"),
        Column("avoid_modes"),
        Column("modes"),
        Column("segment_modes"),
        Column("include_planned", "bool"),
        Column("description", "text", True),
        Column("source", "text", True),
        Column("note"),
    ),
    required_file=False,
)

FILES: tuple[FileSpec, ...] = (NODES, LINKS, TERMINALS, BORDERS, MODES_FILE, CORRIDORS)
TABLE_NAMES: dict[str, FileSpec] = {
    "places": NODES,
    "links": LINKS,
    "terminals": TERMINALS,
    "borders": BORDERS,
    "modes": MODES_FILE,
    "corridors": CORRIDORS,
}


def layer_of(mode: str, gauge_mm: object) -> str:
    """Routing layer of a link: ``rail_<gauge>`` for rail, the mode otherwise."""
    if mode == "rail":
        return f"rail_{int(gauge_mm)}"  # type: ignore[call-overload]
    return mode
