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
#: What a vessel carries or a terminal transfers (a ``;``-list of these in ``accepts`` and
#: ``handles``): lifted containers, rail wagons (train ferries, bogie exchange), trucks.
LOADS: tuple[str, ...] = ("containers", "wagons", "trucks")
VESSEL_TYPES: tuple[str, ...] = ("container_feeder", "rail_ferry", "ro_ro", "ro_pax")
SCHEDULES: tuple[str, ...] = ("scheduled", "when_full")
FLEET_UNITS: tuple[str, ...] = ("platform", "locomotive")
FLEET_SCOPES: tuple[str, ...] = ("all_stock", "part")
LAND_MODES: frozenset[str] = frozenset({"rail", "road"})


@dataclass(frozen=True)
class Column:
    """One column of a data file.

    ``kind`` is one of ``text``, ``id``, ``float``, ``int``, ``bool``, ``enum``, ``country``,
    ``loads`` (a ``;``-list of ``allowed`` values).
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


def _pos(name: str, required: bool = False, max_value: float | None = None) -> Column:
    return Column(name, "float", required, min_value=0.0, strict=True, max_value=max_value)


def _nonneg(name: str, required: bool = False, max_value: float | None = None) -> Column:
    return Column(name, "float", required, min_value=0.0, max_value=max_value)


# Upper bounds: far beyond any real value, low enough that no analysis overflows (a value
# past them is a typo or a unit slip: metres for km, TEU per day for TEU per year, ...).
_MAX_KM = 40_000.0  # once round the Earth
_MAX_KMH = 300.0  # faster than any freight train, truck or ship
_MAX_H = 8_760.0  # a year
_MAX_TEU_YEAR = 1e8  # twice the world's largest port
_MAX_USD = 1e6  # per TEU
_MAX_USD_KM = 1_000.0  # per TEU-km
_MAX_CO2_KM = 100.0  # kg per TEU-km


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
        _pos("length_km", True, _MAX_KM),
        Column("length_basis", "enum", True, LENGTH_BASES),
        _pos("speed_kmh", max_value=_MAX_KMH),
        _pos("time_h", max_value=_MAX_H),
        _pos("capacity_teu_year", max_value=_MAX_TEU_YEAR),
        Column("gauge_mm", "int", False, GAUGES_MM),
        Column("tracks", "int", False, min_value=1, max_value=8),
        Column("electrified", "bool"),
        Column("status", "enum", True, STATUSES),
        Column("oneway", "bool"),
        # at least one departure in two years: rarer service is no service
        Column("departures_per_week", "float", min_value=0.01, max_value=2_000.0),
        Column("irregular_sailings", "bool"),
        _nonneg("closure_days_per_year", max_value=365.0),
        _pos("closure_episode_days", max_value=365.0),
        _nonneg("cost_usd_per_teu", max_value=_MAX_USD),
        _nonneg("cost_usd_per_teu_km", max_value=_MAX_USD_KM),
        _nonneg("co2_kg_per_teu_km", max_value=_MAX_CO2_KM),
        Column("accepts", "loads", False, LOADS),
        Column("services"),  # derived from services.csv; a value in links.csv is replaced
        Column("fleets"),  # derived from fleets.csv; a value in links.csv is replaced
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
        _nonneg("transfer_h", True, _MAX_H),
        _nonneg("transfer_p90_h", max_value=_MAX_H),
        _nonneg("onward_wait_h", max_value=_MAX_H),
        _nonneg("transfer_usd_per_teu", True, _MAX_USD),
        _nonneg("co2_kg_per_teu", max_value=1e5),
        _pos("capacity_teu_year", max_value=_MAX_TEU_YEAR),
        Column("status", "enum", True, STATUSES),
        Column("oneway", "bool"),
        Column("handles", "loads", False, LOADS),
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
        _nonneg("dwell_h", True, _MAX_H),
        _nonneg("dwell_p90_h", max_value=_MAX_H),
        _nonneg("cost_usd_per_teu", True, _MAX_USD),
        Column("oneway", "bool"),
        Column("source", "text", True),
        Column("note"),
        _nonneg("block_train_dwell_h", max_value=_MAX_H),
        _nonneg("block_train_dwell_p90_h", max_value=_MAX_H),
    ),
)

MODES_FILE = FileSpec(
    "modes.csv",
    "mode",
    (
        Column("mode", "enum", True, MODES),
        _pos("speed_kmh", True, _MAX_KMH),
        _nonneg("cost_usd_per_teu_km", True, _MAX_USD_KM),
        _nonneg("co2_kg_per_teu_km", True, _MAX_CO2_KM),
        Column("co2_scope", "enum", True, CO2_SCOPES),
        Column("departures_per_week", "float", min_value=0.01, max_value=2_000.0),
        Column("source", "text", True),
        Column("note"),
        _pos("eastbound_cost_factor"),
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

SERVICES = FileSpec(
    "services.csv",
    "id",
    (
        Column("id", "id", True),
        Column("operator", "text", True),
        Column("link_id", "text", True),
        Column("from_id", "text", True),
        Column("to_id", "text", True),
        Column("vessel_type", "enum", True, VESSEL_TYPES),
        Column("accepts", "text", True),
        Column("vessels", "int", False, min_value=1),
        _pos("capacity_teu_per_sailing"),
        _pos("round_trip_days"),
        _pos("mean_interval_days"),
        Column("schedule", "enum", True, SCHEDULES),
        _pos("sea_time_h"),
        _nonneg("tariff_usd_per_teu"),
        _nonneg("tariff_usd_per_feu"),
        _nonneg("tariff_usd_per_wagon"),
        _nonneg("tariff_usd_per_truck"),
        Column("tariff_year", "int", False, min_value=1990, max_value=2100),
        Column("status", "enum", True, STATUSES),
        Column("source", "text", True),
        Column("note"),
    ),
    required_file=False,
)

FLEETS = FileSpec(
    "fleets.csv",
    "id",
    (
        Column("id", "id", True),
        Column("operator", "text", True),
        Column("unit", "enum", True, FLEET_UNITS),
        Column("units", "int", True, min_value=1, max_value=1_000_000),
        _pos("teu_per_unit", True, 250.0),
        Column("from_id", "text", True),
        Column("to_id", "text", True),
        Column("via"),
        _pos("cycle_days", max_value=365.0),
        _nonneg("turnaround_h", max_value=_MAX_H),
        Column("scope", "enum", True, FLEET_SCOPES),
        Column("status", "enum", True, STATUSES),
        Column("year", "int", True, min_value=1990, max_value=2100),
        # derived by the loader; a value in the file must agree with the derivation
        Column("gauge_mm", "int", False, GAUGES_MM),
        Column("links"),
        _nonneg("run_h", max_value=_MAX_H),
        _nonneg("cycle_h", max_value=_MAX_H),
        Column("cycle_basis", "enum", False, ("published", "derived")),
        _nonneg("capacity_teu_year", max_value=_MAX_TEU_YEAR),
        Column("source", "text", True),
        Column("note"),
    ),
    required_file=False,
)

FILES: tuple[FileSpec, ...] = (NODES, LINKS, TERMINALS, BORDERS, MODES_FILE, CORRIDORS,
                               SERVICES, FLEETS)
TABLE_NAMES: dict[str, FileSpec] = {
    "places": NODES,
    "links": LINKS,
    "terminals": TERMINALS,
    "borders": BORDERS,
    "modes": MODES_FILE,
    "corridors": CORRIDORS,
    "services": SERVICES,
    "fleets": FLEETS,
}


def layer_of(mode: str, gauge_mm: object) -> str:
    """Routing layer of a link: ``rail_<gauge>`` for rail, the mode otherwise."""
    if mode == "rail":
        return f"rail_{int(gauge_mm)}"  # type: ignore[call-overload]
    return mode
