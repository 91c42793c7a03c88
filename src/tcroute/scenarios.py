"""Scenarios: small data files that close, open, add or change rows of a network.

A scenario is one CSV file (``data/scenarios/<name>.csv``, or any path) in *long* form, one
change per row, so that it reads well in a spreadsheet and in a diff:

==========  ===============================================================================
column      meaning
==========  ===============================================================================
table       ``scenario`` (its name and description), ``places``, ``links``, ``terminals``,
            ``borders``, ``modes``, ``services`` (a ferry or sea service: set its
            ``vessels`` to add a ship; the link's frequency and capacity follow) or
            ``fleets`` (a rail pool of platforms or locomotives: set its ``units`` to add
            stock; the capacity of the links it limits follows)
id          the row's id (``mode`` for ``modes``)
action      ``describe`` (table ``scenario``: column ``name`` or ``description``),
            ``close`` / ``open`` (set ``status``), ``set`` (one column to a value), ``add``
            (a new row, one column per scenario row; all ``add`` rows of an id make the row)
column      the column to set or add
value       the value
source      where the change comes from (required for every change)
note        free text
==========  ===============================================================================

``Network.with_scenario(name_or_path)`` applies it and returns a new, validated Network: the
original is untouched, and scenarios compose (``net.with_scenario("a").with_scenario("b")``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from . import _fleets
from . import _schema as S
from ._data import shipped_folder
from ._parallel import call, map_shared
from .errors import DataFileError, Problem, ScenarioError

if TYPE_CHECKING:
    from .network import Network

__all__ = ["Scenario", "list_scenarios", "read_scenario", "scenario_dir", "sweep"]

COLUMNS = ["table", "id", "action", "column", "value", "source", "note"]
TABLES = {"places": S.NODES, "links": S.LINKS, "terminals": S.TERMINALS, "borders": S.BORDERS,
          "modes": S.MODES_FILE, "services": S.SERVICES, "fleets": S.FLEETS}
ACTIONS = ("describe", "close", "open", "set", "add")
#: columns the loader derives, which a scenario cannot set (they would be replaced), and what
#: to set instead
_DERIVED: dict[str, dict[str, str]] = {
    "fleets": {col: what for col, (what, _shown) in _fleets.SET_BY.items()},
    "links": {"services": "rows of services.csv (table services)",
              "fleets": "rows of fleets.csv (table fleets): their scope and status"},
}


def scenario_dir() -> Path:
    """Folder of the scenarios shipped with tcroute."""
    return shipped_folder("tcroute.scenario_data", "README.md", "scenarios")


@dataclass(frozen=True)
class Change:
    table: str
    id: str
    action: str
    column: str | None
    value: str | None
    source: str
    line: int


@dataclass(frozen=True)
class Scenario:
    """A parsed scenario file."""

    name: str
    description: str
    path: str
    changes: tuple[Change, ...]

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame([c.__dict__ for c in self.changes])


def _resolve_path(name_or_path: str | Path) -> Path:
    from ._args import path

    p = Path(path(name_or_path, "scenario"))
    if p.suffix == ".csv" and p.is_file():
        return p
    if p.is_file():
        return p
    shipped = scenario_dir() / f"{name_or_path}.csv"
    if shipped.is_file():
        return shipped
    names = ", ".join(sorted(x.stem for x in scenario_dir().glob("*.csv")))
    raise ScenarioError(f"no scenario {str(name_or_path)!r}: give a path to a scenario CSV or "
                        f"one of the shipped scenarios: {names}")


def read_scenario(name_or_path: str | Path) -> Scenario:
    """Read and check a scenario file (shipped name or path).

    Raises
    ------
    ScenarioError
        Unknown name.
    DataFileError
        A malformed row (file, line, column and what was expected).

    Examples
    --------
    >>> s = read_scenario("suez_closed")
    >>> s.name, len(s.changes) >= 1
    ('suez_closed', True)
    """
    from .io import _read_table

    path = _resolve_path(name_or_path)
    fname = path.name
    problems: list[Problem] = []
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataFileError([Problem(fname, None, None, f"byte at {exc.start} not UTF-8",
                                     "a UTF-8 text file")], folder=str(path)) from None
    if not text.strip():
        raise DataFileError([Problem(fname, None, None, "an empty file",
                                     "a header line and rows")], folder=str(path))
    table = _read_table(text, fname, problems)
    if table is None:
        raise DataFileError(problems, folder=str(path))
    header = [h.strip() for h in table[0]]
    rows = list(zip(table[2].tolist(), *table[1], strict=True))
    missing = [c for c in COLUMNS[:6] if c not in header]
    if missing:
        raise DataFileError([Problem(fname, 1, c, "no such column", f"a column named {c!r}")
                             for c in missing], folder=str(path))
    name, description = path.stem, ""
    changes = []
    for i, *raw in rows:
        if not any(x.strip() for x in raw):
            continue
        rec = dict(zip(header, [x.strip() for x in raw] + [""] * (len(header) - len(raw)),
                       strict=False))
        table, action = rec["table"], rec["action"]
        if table not in (*TABLES, "scenario"):
            problems.append(Problem(fname, i, "table", repr(table),
                                    "one of scenario, " + ", ".join(TABLES)))
            continue
        if action not in ACTIONS:
            problems.append(Problem(fname, i, "action", repr(action),
                                    "one of " + ", ".join(ACTIONS)))
            continue
        if table == "scenario":
            if action != "describe" or rec["column"] not in ("name", "description"):
                problems.append(Problem(fname, i, "column", repr(rec["column"]),
                                        "describe with column name or description"))
            elif rec["column"] == "name":
                name = rec["value"] or name
            else:
                description = rec["value"]
            continue
        if not rec["id"]:
            problems.append(Problem(fname, i, "id", "an empty cell", "the id of a row"))
        if not rec.get("source"):
            problems.append(Problem(fname, i, "source", "an empty cell",
                                    "where the change comes from"))
        if action in ("set", "add"):
            spec = TABLES[table]
            if rec["column"] not in spec.column_names:
                problems.append(Problem(fname, i, "column", repr(rec["column"]),
                                        f"a column of {spec.name}"))
        changes.append(Change(table, rec["id"], action, rec["column"] or None,
                              rec["value"] if rec["value"] != "" else None,
                              rec.get("source", ""), i))
    if problems:
        raise DataFileError(problems, folder=str(path))
    return Scenario(name, description, str(path), tuple(changes))


def apply_scenario(network: Network, scenario: Scenario) -> Network:
    """A new Network with the scenario's changes applied and validated."""
    from .io import FILE_COL, LINE_COL, _check, _parse_cell, _typed
    from .network import Network

    tables = {k: v.copy() for k, v in network._tables.items()}
    fname = Path(scenario.path).name
    problems: list[Problem] = []
    adds: dict[tuple[str, str], dict[str, Any]] = {}
    for ch in scenario.changes:
        spec = TABLES[ch.table]
        df = tables[ch.table]
        key = spec.key
        if ch.action == "add":
            rec = adds.setdefault((ch.table, ch.id), {key: ch.id, FILE_COL: scenario.path,
                                                      LINE_COL: ch.line})
            rec[ch.column] = ch.value
            continue
        hit = df[key] == ch.id
        if not hit.any():
            problems.append(Problem(fname, ch.line, "id", repr(ch.id),
                                    f"the id of a row of {spec.name}"))
            continue
        if ch.action in ("close", "open"):
            if "status" not in spec.column_names:
                problems.append(Problem(fname, ch.line, "action", repr(ch.action),
                                        f"set (rows of {spec.name} have no status)"))
                continue
            df.loc[hit, "status"] = "closed" if ch.action == "close" else "open"
        elif ch.column in _DERIVED.get(ch.table, {}):
            problems.append(Problem(fname, ch.line, "column", repr(ch.column),
                                    f"a column the loader does not derive: "
                                    f"{_DERIVED[ch.table][ch.column]}"))
            continue
        else:  # set
            col = next(c for c in spec.columns if c.name == ch.column)
            value, expected = _parse_cell(col, ch.value or "")
            if expected is not None:
                problems.append(Problem(fname, ch.line, "value",
                                        repr(ch.value) if ch.value else "an empty cell",
                                        f"{expected} for {spec.name} column {ch.column}"))
                continue
            if col.kind in ("float", "int"):
                df[col.name] = df[col.name].astype(float)
                df.loc[hit, col.name] = float("nan") if value is None else float(value)
            else:
                df[col.name] = df[col.name].astype(object)
                df.loc[hit, col.name] = pd.Series([value] * int(hit.sum()),
                                                  index=df.index[hit], dtype=object)
        df.loc[hit, FILE_COL] = scenario.path
        df.loc[hit, LINE_COL] = ch.line
    for (table, rid), rec in adds.items():
        spec = TABLES[table]
        if (tables[table][spec.key] == rid).any():
            problems.append(Problem(fname, int(rec[LINE_COL]), "id", repr(rid),
                                    f"a new id (use set to change an existing row of "
                                    f"{spec.name})"))
            continue
        parsed: dict[str, Any] = {FILE_COL: rec[FILE_COL], LINE_COL: rec[LINE_COL]}
        for col in spec.columns:
            value, expected = _parse_cell(col, str(rec.get(col.name) or ""))
            if expected is not None:
                got = repr(rec.get(col.name)) if rec.get(col.name) else "no value"
                problems.append(Problem(fname, int(rec[LINE_COL]), col.name, got,
                                        f"{expected} for the new row {rid!r}"))
            parsed[col.name] = value
        row = _typed(pd.DataFrame([parsed]), spec)
        tables[table] = pd.concat([tables[table], row], ignore_index=True)
    if problems:
        raise DataFileError(problems, folder=scenario.path)
    checked = _check(tables, [], scenario.path)
    net = Network._from_tables(checked, name=f"{network.name} + {scenario.name}")
    net._scenarios = [*network.scenarios, scenario.name]
    return net


def list_scenarios() -> pd.DataFrame:
    """The scenarios shipped with tcroute: name, description, number of changes.

    Examples
    --------
    >>> "suez_closed" in set(list_scenarios()["name"])
    True
    """
    rows = []
    for path in sorted(scenario_dir().glob("*.csv")):
        s = read_scenario(path)
        rows.append({"name": s.name, "description": s.description, "changes": len(s.changes)})
    return pd.DataFrame(rows, columns=["name", "description", "changes"])


class _SweepJob:
    """Picklable: apply one scenario (or a composition) and run the analysis on it."""

    def __init__(self, network: Network, analysis: Callable[[Network], Any]) -> None:
        self.network = network
        self.analysis = analysis

    def __call__(self, scenario: str | Sequence[str] | None) -> Any:
        net = self.network if scenario is None else self.network.with_scenario(scenario)
        return self.analysis(net)


def sweep(
    network: Network,
    scenarios: Mapping[str, str | Sequence[str] | None] | Sequence[str],
    analysis: Callable[[Network], Any],
    *,
    executor: Executor | None = None,
) -> dict[str, Any]:
    """Run one analysis on the network under each of several scenarios.

    Parameters
    ----------
    scenarios : list of scenario names/paths, or mapping label -> scenario (a name, a list
        of names applied in order, or None for the network as it is)
    analysis : callable taking a Network
        E.g. ``lambda net: tcroute.compare_corridors(net, "Xi'an", "Duisburg")``; for a
        process pool it must be picklable (a module-level function).
    executor : concurrent.futures.Executor, optional
        Run the scenarios on it; the results do not depend on it.

    Returns
    -------
    dict label -> result

    Examples
    --------
    >>> import tcroute
    >>> from tcroute.scenarios import sweep
    >>> out = sweep(tcroute.load_network(), {"today": None, "no Suez": "suez_closed"},
    ...             lambda net: tcroute.shortest_route(net, "Shanghai", "Rotterdam",
    ...                                                modes=["sea"]).days)
    >>> out["no Suez"] > out["today"]
    True
    """
    from ._args import executor as _check_executor

    _check_executor(executor)
    items = dict(scenarios) if isinstance(scenarios, Mapping) else \
        {str(s): s for s in scenarios}
    job = _SweepJob(network, analysis)
    keys = list(items)
    results = map_shared(executor, call, job, [items[k] for k in keys])
    return dict(zip(keys, results, strict=True))
