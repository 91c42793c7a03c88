"""The :class:`Network`: validated tables of places, links, terminals, borders and modes."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from . import _schema as S
from ._names import close_matches, normalize, normalize_many
from .errors import AmbiguousPlaceError, ArgumentTypeError, UnknownPlaceError
from .io import FILE_COL, LINE_COL

if TYPE_CHECKING:
    import networkx as nx

    from .graph import RoutingGraph

__all__ = ["Network"]


class Network:
    """A freight network: places, links, terminals, border rules and mode defaults.

    Build one with :func:`tcroute.load_network` (the default network) or
    :func:`tcroute.read_network` (a folder). A Network never changes after it is built: its
    tables are handed out as copies, and scenarios return a new Network.

    Examples
    --------
    >>> import tcroute
    >>> net = tcroute.load_network()
    >>> net.place("Dostyk")["country"]
    'KZ'
    >>> sorted(net.links["mode"].unique())
    ['ferry', 'rail', 'road', 'sea']
    """

    def __init__(self) -> None:  # pragma: no cover - guarded
        raise ArgumentTypeError("build a Network with tcroute.load_network() or "
                                "tcroute.read_network()")

    @classmethod
    def _from_tables(cls, tables: dict[str, pd.DataFrame], *, name: str) -> Network:
        self = object.__new__(cls)
        self._name = name
        self._tables: dict[str, pd.DataFrame] = {}
        for table, spec in S.TABLE_NAMES.items():
            df = tables.get(table)
            if df is None:
                df = pd.DataFrame({c: pd.Series(dtype=object) for c in
                                   [*spec.column_names, FILE_COL, LINE_COL]})
            df = df.reset_index(drop=True).copy()
            self._tables[table] = df
        self._graphs: dict[Any, RoutingGraph] = {}
        self._scenarios: list[str] = []
        self._names_ready = False  # the name index is built on the first resolve()
        return self

    def __getstate__(self) -> dict[str, Any]:
        # cached graphs are rebuilt on demand: no need to ship them to a worker process
        state = dict(self.__dict__)
        state["_graphs"] = {}
        return state

    # ------------------------------------------------------------------ tables
    def _public(self, table: str) -> pd.DataFrame:
        # hidden columns (file, line, a link's own values behind those its services define)
        df = self._tables[table]
        df = df.drop(columns=[c for c in df.columns if str(c).startswith("_")]).copy()
        key = S.TABLE_NAMES[table].key
        return df.set_index(key, drop=False).rename_axis(None)

    @property
    def name(self) -> str:
        """Where the network came from."""
        return self._name

    @property
    def places(self) -> pd.DataFrame:
        """Places (``nodes.csv``), indexed by id. A copy: changing it changes nothing here."""
        return self._public("places")

    @property
    def links(self) -> pd.DataFrame:
        """Links (``links.csv``), indexed by id. A copy."""
        return self._public("links")

    @property
    def terminals(self) -> pd.DataFrame:
        """Terminals (``terminals.csv``), indexed by id. A copy."""
        return self._public("terminals")

    @property
    def borders(self) -> pd.DataFrame:
        """Border rules (``borders.csv``), indexed by id. A copy."""
        return self._public("borders")

    @property
    def modes(self) -> pd.DataFrame:
        """Per-mode defaults (``modes.csv``), indexed by mode. A copy."""
        return self._public("modes")

    @property
    def services(self) -> pd.DataFrame:
        """Ferry and sea services (``services.csv``), indexed by id. A copy.

        The links they sail on carry the columns derived from them (``departures_per_week``,
        ``capacity_teu_year``, ``cost_usd_per_teu``, ``accepts``, ``services``, ...).
        """
        return self._public("services")

    @property
    def fleets(self) -> pd.DataFrame:
        """Rail rolling-stock pools (``fleets.csv``), indexed by id, with what the loader
        derives for each: ``links`` (its path), ``run_h``, ``cycle_h``, ``cycle_basis`` and
        ``capacity_teu_year`` (each direction). A copy.

        A pool of scope ``all_stock`` limits the capacity of the rail links of its path (their
        ``fleets`` column names it); one of scope ``part`` is only reported.

        Examples
        --------
        >>> import tcroute
        >>> net = tcroute.load_network()
        >>> pool = net.fleets.loc["uty_tashkent_altynkol_shuttle"]
        >>> int(pool["units"]), pool["cycle_basis"], bool(pool["capacity_teu_year"] > 0)
        (57, 'derived', True)
        """
        return self._public("fleets")

    @property
    def corridors(self) -> pd.DataFrame:
        """Named corridors (``corridors.csv``), indexed by id. A copy."""
        return self._public("corridors")

    def _row_origin(self, table: str, key: str) -> tuple[str, int] | None:
        df = self._tables[table]
        hit = df[df[S.TABLE_NAMES[table].key] == key]
        if hit.empty:
            return None
        return str(hit[FILE_COL].iloc[0]), int(hit[LINE_COL].iloc[0])

    # ------------------------------------------------------------------ names
    def _index_names(self) -> None:
        """Build the index of ids, names and aliases that :meth:`resolve` reads, once, on
        first use (a million-place network loads without paying for it). Built into locals
        and published at the end, so a thread that finds it ready finds it whole."""
        if self._names_ready:
            return
        places = self._tables["places"]
        ids_set: set[str] = set(places["id"])
        by_id_key: dict[str, str] = {}
        by_name: dict[str, list[str]] = {}
        by_alias: dict[str, list[str]] = {}
        by_short: dict[str, list[str]] = {}
        labels: dict[str, str] = {}
        ids = places["id"].astype(str)
        names = places["name"].astype(str)
        # the keys of whole columns at once; per place only dictionary work remains
        id_keys, name_keys = normalize_many(ids), normalize_many(names)
        base = names.str.replace(r"\s*\([^)]*\)", "", regex=True).str.strip()
        port = base.str.replace(r"^port of\s+|\s+port$", "", regex=True, case=False).str.strip()
        base_keys, port_keys = normalize_many(base), normalize_many(port)
        for pid, name, aliases, id_key, name_key, b, bk, p, pk in zip(
                ids, names, places["aliases"], id_keys, name_keys, base, base_keys, port,
                port_keys, strict=True):
            label = f"{name} ({pid})"
            by_id_key[id_key] = pid
            labels.setdefault(id_key, label)
            by_name.setdefault(name_key, []).append(pid)
            labels.setdefault(name_key, label)
            # shorter forms: without "(...)", without a leading "Port of" or trailing "port"
            for short, key in ((b, bk), (p, pk) if p != b else ("", "")):
                if short and short != name:
                    by_short.setdefault(key, []).append(pid)
                    labels.setdefault(key, label)
            if aliases:
                for alias in aliases.split(";"):
                    if alias.strip():
                        key = normalize(alias)
                        by_alias.setdefault(key, []).append(pid)
                        labels.setdefault(key, label)
        self._ids, self._by_id_key, self._labels = ids_set, by_id_key, labels
        self._by_name, self._by_alias, self._by_short = by_name, by_alias, by_short
        self._names_ready = True

    def resolve(self, query: str) -> str:
        """The id of the place that ``query`` names (an id, a name or an alias).

        Matching ignores case, accents, apostrophes and punctuation; an exact id wins, then a
        name, then an alias, then a shortened name: without its parenthesised part or the
        word "port" ("Chengdu" for "Chengdu (Qingbaijiang)", "Poti" for "Poti port").

        Raises
        ------
        UnknownPlaceError
            With up to five close matches.
        AmbiguousPlaceError
            When a name or alias fits several places equally well.

        Examples
        --------
        >>> import tcroute
        >>> net = tcroute.load_network()
        >>> net.resolve("xian") == net.resolve("Xi’an") == net.resolve("XI'AN")
        True
        """
        if not isinstance(query, str):
            raise ArgumentTypeError(f"a place is given by its id, name or alias as a str, got "
                                 f"{type(query).__name__} {query!r}")
        self._index_names()
        if query in self._ids:
            return query
        key = normalize(query)
        if not key:
            raise UnknownPlaceError(query, [])
        if key in self._by_id_key:
            return self._by_id_key[key]
        for table in (self._by_name, self._by_alias, self._by_short):
            hits = table.get(key)
            if hits:
                unique = list(dict.fromkeys(hits))
                if len(unique) == 1:
                    return unique[0]
                names = self._tables["places"].set_index("id")["name"]
                raise AmbiguousPlaceError(query, [f"{names[h]} ({h})" for h in unique])
        raise UnknownPlaceError(query, close_matches(query, self._labels))

    def place(self, query: str) -> pd.Series:
        """The row of the place that ``query`` names (id, name or alias), as a Series.

        Examples
        --------
        >>> import tcroute
        >>> row = tcroute.load_network().place("Xi'an")
        >>> row["id"], row["country"]
        ('cn_xian', 'CN')
        """
        pid = self.resolve(query)
        return self.places.loc[pid]

    def resolve_many(self, queries: Iterable[str]) -> list[str]:
        """Ids of several places (see :meth:`resolve`)."""
        return [self.resolve(q) for q in queries]

    # ------------------------------------------------------------------ summary
    def summary(self) -> pd.DataFrame:
        """Counts by country: places, links by mode (a cross-border link counts for both
        countries), route-km by mode (a cross-border link's length split half and half) and
        terminals; the last row is the network total.

        Examples
        --------
        >>> import tcroute
        >>> s = tcroute.load_network().summary()
        >>> int(s.loc["total", "places"]) == len(tcroute.load_network().places)
        True
        """
        places = self._tables["places"]
        links = self._tables["links"]
        terms = self._tables["terminals"]
        country = places.set_index("id")["country"]
        rows: dict[str, dict[str, float]] = {}

        def bump(cc: str, col: str, value: float = 1.0) -> None:
            rows.setdefault(cc, {})
            rows[cc][col] = rows[cc].get(col, 0.0) + value

        for cc in places["country"]:
            bump(cc, "places")
        for _, link in links.iterrows():
            ca, cb = country.get(link["from_id"]), country.get(link["to_id"])
            for cc in {ca, cb}:
                bump(cc, f"{link['mode']}_links")
            for cc in (ca, cb):
                bump(cc, f"{link['mode']}_km", float(link["length_km"]) / 2)
        for pid in terms["place_id"]:
            bump(country.get(pid), "terminals")
        cols = ["places", *[f"{m}_links" for m in S.MODES], *[f"{m}_km" for m in S.MODES],
                "terminals"]
        df = pd.DataFrame.from_dict(rows, orient="index").reindex(columns=cols).fillna(0.0)
        df = df.sort_index()
        total = pd.Series({c: df[c].sum() for c in cols}, name="total")
        for m in S.MODES:
            total[f"{m}_links"] = float((links["mode"] == m).sum())
        df = pd.concat([df, total.to_frame().T])
        for c in cols:
            df[c] = df[c].round(0).astype(int)
        df.index.name = "country"
        return df

    def __repr__(self) -> str:
        links = self._tables["links"]
        by_mode = links["mode"].value_counts()
        parts = ", ".join(f"{by_mode.get(m, 0)} {m}" for m in S.MODES)
        n_c = self._tables["places"]["country"].nunique()
        stock = [(len(self._tables["services"]), "ferry or sea service"),
                 (len(self._tables["fleets"]), "rail rolling-stock pool")]
        extra = "".join(f", {n} {what}{'s' if n != 1 else ''}" for n, what in stock if n)
        return (f"<Network {self._name!r}: {len(self._tables['places'])} places in {n_c} "
                f"countries, {len(links)} links ({parts}), "
                f"{len(self._tables['terminals'])} terminals{extra}>")

    @property
    def scenarios(self) -> list[str]:
        """Names of the scenarios applied to this network, in order."""
        return list(self._scenarios)

    # ------------------------------------------------------------------ derived networks
    def with_scenario(self, scenario: str | Iterable[str]) -> Network:
        """A new Network with a scenario (or several, in order) applied.

        ``scenario`` is the name of a shipped scenario (``tcroute scenarios`` lists them) or
        the path of a scenario CSV (see :mod:`tcroute.scenarios`). The original network is
        not changed.

        Examples
        --------
        >>> import tcroute
        >>> net = tcroute.load_network()
        >>> closed = net.with_scenario("suez_closed")
        >>> closed.scenarios
        ['suez_closed']
        >>> net.links.loc["sea_eg_suez__eg_port_said", "status"]
        'open'
        >>> closed.links.loc["sea_eg_suez__eg_port_said", "status"]
        'closed'
        """
        from .scenarios import apply_scenario, read_scenario

        one = isinstance(scenario, str) or hasattr(scenario, "__fspath__") or not isinstance(
            scenario, Iterable)
        names = [scenario] if one else list(scenario)  # read_scenario checks each
        net = self
        for name in names:
            net = apply_scenario(net, read_scenario(name))
        return net

    def with_closed(self, links: Iterable[str] = (), places: Iterable[str] = (),
                    terminals: Iterable[str] = ()) -> Network:
        """A new Network in which the given links, terminals and places are closed.

        Closing a place closes every link and terminal that touches it. The original
        network is not changed.

        Raises
        ------
        UnknownPlaceError
            A place is unknown.
        UnknownIdError
            A link or terminal id is unknown.

        Examples
        --------
        >>> import tcroute
        >>> net = tcroute.load_network()
        >>> closed = net.with_closed(places=["Dostyk"])
        >>> touching = closed.links.query("from_id == 'kz_dostyk' or to_id == 'kz_dostyk'")
        >>> set(touching["status"])
        {'closed'}
        >>> int((net.links["status"] == "closed").sum()) < int((closed.links["status"]
        ...     == "closed").sum())
        True
        """
        from . import _args as A
        from .errors import UnknownIdError

        link_ids = A.str_list(links, "links")
        term_ids = A.str_list(terminals, "terminals")
        place_ids = [self.resolve(p) for p in A.str_list(places, "places")]
        tables = {k: v.copy() for k, v in self._tables.items()}
        lk, tm = tables["links"], tables["terminals"]
        for what, ids, df in (("link", link_ids, lk), ("terminal", term_ids, tm)):
            unknown = sorted(set(ids) - set(df["id"]))
            if unknown:
                raise UnknownIdError(what, unknown, f"ids are listed in Network.{what}s")
        hit = lk["id"].isin(link_ids) | lk["from_id"].isin(place_ids) | lk["to_id"].isin(
            place_ids)
        lk.loc[hit, "status"] = "closed"
        tm.loc[tm["id"].isin(term_ids) | tm["place_id"].isin(place_ids), "status"] = "closed"
        pools = tables.get("fleets")
        if pools is not None and len(pools):
            used = {x for cell in pools["links"].dropna() for x in str(cell).split(";")}
            if used & set(lk.loc[hit, "id"]):
                # a rail pool loses part of its path: it takes another, or works nothing
                from . import _fleets

                tables = _fleets.derive(tables)
        net = Network._from_tables(tables, name=self._name)
        net._scenarios = list(self._scenarios)
        return net

    # ------------------------------------------------------------------ export
    def to_geojson(self, path: str | Path | None = None) -> dict[str, Any]:
        """The network as a GeoJSON FeatureCollection (WGS84): places as points, links as
        lines (sea links along their sea path when ``searoute`` is installed), with every
        attribute; written to ``path`` when given. See :mod:`tcroute.geometry`."""
        from .geometry import network_geojson

        return network_geojson(self, path)

    def to_geopackage(self, path: str | Path) -> Path:
        """Write a GeoPackage with layers places, links and terminals (needs geopandas)."""
        from .geometry import write_geopackage

        return write_geopackage(self, path)

    # ------------------------------------------------------------------ graphs
    def to_networkx(self, *, include_planned: bool = False) -> nx.DiGraph:
        """The layered routing graph as a networkx ``DiGraph`` (a copy, yours to change).

        Nodes are ``(place id, layer)``; each edge has a list ``legs`` of the links or
        terminal transfers it carries, each a dict of metrics priced as routes price them
        (``length_km``, ``time_h``, ``cost_usd``, ``co2_kg``, time components, ...). tcroute
        does not route on this graph; it is an export for your own analyses.

        Examples
        --------
        >>> import tcroute
        >>> g = tcroute.load_network().to_networkx()
        >>> legs = g[("kz_dostyk", "rail_1520")][("kz_beskol", "rail_1520")]["legs"]
        >>> legs[0]["mode"], legs[0]["length_km"] > 0
        ('rail', True)
        """
        return self._graph(include_planned).g.copy()

    def _graph(self, include_planned: bool = False, road_legs: str = "ends") -> RoutingGraph:
        """The layered routing graph (built once per options, cached, private)."""
        from .graph import RoutingGraph

        key: Any = (bool(include_planned), road_legs)
        if key not in self._graphs:
            self._graphs[key] = RoutingGraph(self, include_planned=key[0], road_legs=road_legs)
        return self._graphs[key]

    def _table(self, name: str) -> pd.DataFrame:
        """Internal table (no copy): for analyses that promise not to modify it."""
        return self._tables[name]
