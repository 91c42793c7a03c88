"""Text for people: tables that fit the terminal, names instead of ids, and the comparison's
answer in words. Used by the command line; nothing here changes a result.
"""

from __future__ import annotations

import math
import shutil
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from .network import Network

MISSING = "–"
"""The one mark for a value that is missing or does not apply, in every table."""

COUNTRY_NAMES = {
    "AF": "Afghanistan", "AM": "Armenia", "AT": "Austria", "AZ": "Azerbaijan", "BE": "Belgium",
    "BG": "Bulgaria", "BY": "Belarus", "CN": "China", "CZ": "Czechia", "DE": "Germany",
    "EG": "Egypt", "FR": "France", "GE": "Georgia", "GR": "Greece", "HU": "Hungary",
    "IR": "Iran", "IT": "Italy", "KG": "Kyrgyzstan", "KZ": "Kazakhstan", "LT": "Lithuania",
    "LV": "Latvia", "MD": "Moldova", "MN": "Mongolia", "NL": "the Netherlands", "PL": "Poland",
    "RO": "Romania", "RS": "Serbia", "RU": "Russia", "SK": "Slovakia", "TJ": "Tajikistan",
    "TM": "Turkmenistan", "TR": "Turkey", "UA": "Ukraine", "UZ": "Uzbekistan",
}

_LAYER_NAMES = {"rail_1435": "standard-gauge rail", "rail_1520": "broad-gauge rail",
                "rail_1000": "metre-gauge rail", "rail_1668": "Iberian-gauge rail"}


def terminal_width(default: int = 100) -> int:
    """Columns of the terminal (``COLUMNS`` wins; ``default`` when not a terminal)."""
    return max(40, shutil.get_terminal_size((default, 24)).columns)


def is_missing(value: Any) -> bool:
    """None, NaN, NA or NaT."""
    if value is None:
        return True
    from pandas import isna

    try:
        return bool(isna(value))
    except (TypeError, ValueError):  # a list or an array: not a missing scalar
        return False


# ------------------------------------------------------------------ number formats
def fmt_num(decimals: int = 0, *, sign: bool = False) -> Callable[[Any], str]:
    """A formatter with thousands separators; ``sign`` shows + on positive values."""
    spec = f"{'+' if sign else ''},.{decimals}f"

    def f(v: Any) -> str:
        v = float(v)
        if math.isinf(v):
            return "unlimited" if v > 0 else "-unlimited"
        text = format(v, spec)
        return "0" if sign and float(text.replace(",", "")) == 0 else text

    return f


def fmt_text(v: Any) -> str:
    return str(v)


# ------------------------------------------------------------------ tables
@dataclass(frozen=True)
class Col:
    """One column of a text table.

    ``head`` may hold two lines (name, then unit) separated by a newline. Columns with
    a lower ``keep`` are dropped first when the table is too wide; ``flex`` columns take
    the width that is left and wrap their text over several lines.
    """

    key: str
    head: str
    fmt: Callable[[Any], str] = fmt_text
    keep: int = 5
    flex: bool = False
    min_width: int = 12

    @property
    def text_like(self) -> bool:
        return self.fmt is fmt_text


def table(rows: Sequence[Mapping[str, Any]], cols: Sequence[Col], width: int | None = None,
          *, wide: bool = False) -> str:
    """Rows as a text table no wider than ``width`` (unless ``wide``): the fewest columns
    are dropped (lowest ``keep`` first), flexible columns wrap; every missing value shows as
    :data:`MISSING`."""
    width = terminal_width() if width is None else width
    cells = [[MISSING if is_missing(r.get(c.key)) else c.fmt(r.get(c.key)) for c in cols]
             for r in rows]
    heads = [c.head.split("\n") for c in cols]
    nhead = max(len(h) for h in heads)
    heads = [[""] * (nhead - len(h)) + h for h in heads]

    def natural(j: int) -> int:
        return max([len(x) for x in heads[j]] + [len(row[j]) for row in cells] + [1])

    def head_min(j: int) -> int:
        return max(len(w) for line in heads[j] for w in (line.split() or [""]))

    shown = list(range(len(cols)))
    widths = {j: natural(j) for j in shown}

    def need(idx: list[int]) -> int:
        fixed = sum(widths[j] if not cols[j].flex else
                    min(widths[j], max(cols[j].min_width, head_min(j))) for j in idx)
        return fixed + 2 * (len(idx) - 1)

    if not wide:
        while len(shown) > 1 and need(shown) > width:
            drop = min((j for j in shown if j != 0), key=lambda j: (cols[j].keep, -j))
            shown.remove(drop)
        flex = [j for j in shown if cols[j].flex]
        room = width - sum(widths[j] for j in shown if not cols[j].flex) - 2 * (len(shown) - 1)
        if flex and sum(widths[j] for j in flex) > room:
            want = {j: widths[j] for j in flex}
            for j in flex:  # each flexible column its floor, then share the rest
                widths[j] = min(want[j], max(cols[j].min_width, head_min(j)))
            left = room - sum(widths[j] for j in flex)
            while left > 0:
                short = [j for j in flex if widths[j] < want[j]]
                if not short:
                    break
                j = max(short, key=lambda j: (want[j] - widths[j]) / want[j])
                widths[j] += 1
                left -= 1

    def wrap(text: str, w: int) -> list[str]:
        # whole words, and a word too long for the column at its hyphens rather than
        # mid-word ("China-Kyrgyzstan-" / "Uzbekistan", not "...Uzbekista" / "n")
        long_word = any(len(word) > w for word in text.split())
        return textwrap.wrap(text, w, break_on_hyphens=long_word) or [""]

    out: list[str] = []
    body: list[list[str]] = []
    head_lines = [[] for _ in range(nhead)]  # type: list[list[str]]
    for j in shown:
        align = "<" if cols[j].text_like else ">"
        for i in range(nhead):
            h = heads[j][i]
            if len(h) > widths[j]:
                h = h[: widths[j]]
            head_lines[i].append(format(h, f"{align}{widths[j]}"))
    out += ["  ".join(line).rstrip() for line in head_lines]
    spaced = False
    for row in cells:
        parts = {j: (wrap(row[j], widths[j]) if cols[j].flex and not wide else [row[j]])
                 for j in shown}
        height = max(len(p) for p in parts.values())
        if len(parts[shown[0]]) > 1:  # the first column wraps: tell rows apart by a gap
            spaced = True
        body.append([])
        for i in range(height):
            line = []
            for j in shown:
                text = parts[j][i] if i < len(parts[j]) else ""
                align = "<" if cols[j].text_like else ">"
                line.append(format(text, f"{align}{widths[j]}"))
            body[-1].append("  ".join(line).rstrip())
    for k, block in enumerate(body):
        if spaced and k:
            out.append("")
        out += block
    return "\n".join(out)


def paragraph(text: str, width: int | None = None, indent: str = "") -> str:
    """Wrap a paragraph to the terminal width."""
    width = terminal_width() if width is None else width
    return textwrap.fill(text, width, initial_indent=indent, subsequent_indent=indent,
                         break_on_hyphens=False)


# ------------------------------------------------------------------ names
def layer_name(layer: str) -> str:
    if layer in _LAYER_NAMES:
        return _LAYER_NAMES[layer]
    # chain states (tcroute._chains): "ferry:wagons" -> "ferry (wagons)", "road@post" -> road
    base, _, load = layer.split("@", 1)[0].partition(":")
    base = _LAYER_NAMES.get(base, base.replace("_", " "))
    return f"{base} ({load})" if load else base


class Names:
    """Human names for the ids of a network: places, links, terminals, borders."""

    def __init__(self, network: Network) -> None:
        places = network._table("places")
        self.place = dict(zip(places["id"], places["name"], strict=True))
        links = network._table("links")
        self.link = {i: (a, b, m) for i, a, b, m in
                     zip(links["id"], links["from_id"], links["to_id"], links["mode"],
                         strict=True)}
        terms = network._table("terminals")
        self.terminal = {i: (p, a, b) for i, p, a, b in
                         zip(terms["id"], terms["place_id"], terms["from_layer"],
                             terms["to_layer"], strict=True)}

    def __call__(self, ident: Any) -> str:
        """The name of a place, link or terminal id (the id itself if unknown)."""
        if is_missing(ident):
            return MISSING
        ident = str(ident)
        if "+" in ident:  # the assets of a min cut
            return " + ".join(self(part) for part in ident.split("+"))
        if ident in self.place:
            return str(self.place[ident])
        if ident in self.link:
            a, b, mode = self.link[ident]
            return f"{self.place.get(a, a)} – {self.place.get(b, b)} {mode}"
        if ident in self.terminal:
            p, la, lb = self.terminal[ident]
            where = self.place.get(p, p)
            if la.startswith("rail_") and lb.startswith("rail_"):
                return f"{where} gauge change"
            return f"{where} transfer {layer_name(la)} – {layer_name(lb)}"
        return ident


def countries_text(codes: Iterable[str]) -> str:
    names = [COUNTRY_NAMES.get(c, c) for c in codes]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


# ------------------------------------------------------------------ the comparison in words
def _kind(route: Any) -> str:
    """'sea' when the route sails an ocean leg, 'road' when most of it is by truck, else
    'rail' (rail with any ferries)."""
    legs = route._legs
    links = legs[legs["kind"] == "link"]
    if (links["mode"] == "sea").any():
        return "sea"
    road = float(links.loc[links["mode"] == "road", "length_km"].sum())
    return "road" if road > 0.5 * float(links["length_km"].sum()) else "rail"


def _days_span(values: Sequence[float]) -> str:
    lo, hi = min(values), max(values)
    return f"{lo:+.1f} days" if f"{lo:.1f}" == f"{hi:.1f}" else f"{lo:+.1f} to {hi:+.1f} days"


def _usd_span(values: Sequence[float]) -> str:
    lo, hi = min(values), max(values)
    if lo >= 0:
        return f"+USD {lo:,.0f}" if round(lo) == round(hi) else f"+USD {lo:,.0f} to {hi:,.0f}"
    if hi < 0:
        return (f"USD {-hi:,.0f} less" if round(lo) == round(hi)
                else f"USD {-hi:,.0f} to {-lo:,.0f} less")
    return f"-USD {-lo:,.0f} to +USD {hi:,.0f}"


def _kg_span(values: Sequence[float]) -> str:
    lo, hi = min(values), max(values)
    return (f"{lo:+,.0f} kg CO2e" if round(lo) == round(hi)
            else f"{lo:+,.0f} to {hi:+,.0f} kg CO2e")


def comparison_story(df: pd.DataFrame, names: Names, *,
                     avoided: Sequence[str] = ("RU", "BY"),
                     planned: Iterable[str] = ()) -> str:
    """The comparison's answer in a paragraph: the first row's route; what avoiding
    ``avoided`` costs against it (days, USD and kg CO2e per TEU, ranges by rail, truck and
    sea) when it passes them; and where the fastest open corridor that avoids them chokes.
    Rows named in ``planned`` (corridors that need planned links) are kept out of the ranges
    and named apart. Computed from ``df`` only."""
    ok = df[df["feasible"]]
    if ok.empty:
        return "No corridor has a route between these places under these constraints."
    first = df.iloc[0]
    if not bool(first["feasible"]):
        return ("The first row has no route, so no differences are shown; the corridors' "
                "own figures are in the table.")
    best = first["route"]
    text = [f"{first['name']}: {first['time_days']:.1f} days, USD {first['cost_usd']:,.0f} "
            f"and {first['co2_kg']:,.0f} kg CO2e per TEU, through "
            f"{countries_text(best.countries)}."]
    used = [c for c in avoided if c in best.countries]
    planned = set(planned)
    others = ok.iloc[1:]
    if used:
        passes = others["route"].map(lambda r: bool(set(used) & set(r.countries)))
        others = others[~passes.astype(bool)]
    later = others[others.index.isin(planned)]
    others = others[~others.index.isin(planned)]
    if used and not others.empty:
        kinds = others["route"].map(_kind)
        parts = []
        for kind, label in (("rail", "by rail"), ("road", "by truck"), ("sea", "by sea")):
            sub = others[kinds == kind]
            if not sub.empty:
                parts.append(f"{label}, {_days_span(list(sub['delta_days']))}, "
                             f"{_usd_span(list(sub['delta_cost_usd']))} and "
                             f"{_kg_span(list(sub['delta_co2_kg']))} per TEU")
        text.append(f"Avoiding {countries_text(used)} costs, against it: " + "; ".join(parts)
                    + ".")
    elif not used and len(others):
        fastest = others.loc[others["time_days"].idxmin()]
        text.append(f"The fastest corridor is {fastest['name']}: "
                    f"{_days_span([fastest['delta_days']])}, "
                    f"{_usd_span([fastest['delta_cost_usd']])} and "
                    f"{_kg_span([fastest['delta_co2_kg']])} per TEU against the first row.")
    for r in later.itertuples():
        text.append(f"{r.name} would take {_days_span([r.delta_days])}, "
                    f"{_usd_span([r.delta_cost_usd])} per TEU.")
    pick = others if not others.empty else ok.iloc[:1]
    chosen = pick.loc[pick["time_days"].idxmin()]
    cap, asset = chosen["bottleneck_teu_year"], chosen["bottleneck_asset"]
    rcap = chosen.get("route_bottleneck_teu_year")
    rasset = chosen.get("route_bottleneck_asset")
    who = f"The fastest of these, {chosen['name']}," if used and not others.empty \
        else f"{chosen['name']}" if chosen.name != first.name else "The first row's route"
    unknown = chosen["unknown_capacities"]
    more = (f" ({int(unknown)} of its links and terminals have no known capacity)"
            if not is_missing(unknown) and int(unknown) else "")
    if not is_missing(cap):
        text.append(f"{who} chokes at {names(asset)}, {cap:,.0f} TEU per year (the "
                    f"corridor's max-flow cut){more}.")
        if not is_missing(rasset) and str(rasset) not in str(asset).split("+"):
            text.append(f"Its single route's weakest asset is another one: {names(rasset)}, "
                        f"{rcap:,.0f} TEU per year.")
    elif not is_missing(rcap):
        text.append(f"{who}: known capacities do not bound its corridor; its route's "
                    f"weakest known asset is {names(rasset)}, {rcap:,.0f} TEU per year{more}.")
    else:
        text.append(f"{who} has no link or terminal of known capacity.")
    return " ".join(text)
