"""Add or replace rows of a network CSV by ``id``, keeping its layout.

The network files are sorted by ``id``, use CRLF line ends and minimal quoting; editing them
through pandas would rewrite every row. This helper touches only the rows it is given::

    from csv_rows import upsert
    upsert("data/network/borders.csv", [{"id": "kz_tm_rail", "dwell_h": "12.5", ...}])

A row whose ``id`` exists is updated in the columns given (others keep their value); a new
``id`` is inserted at its sorted place with empty cells for the columns not given.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from pathlib import Path


def read_rows(path: str | Path) -> list[list[str]]:
    """The file's rows as lists of strings, header first."""
    return list(csv.reader(io.StringIO(Path(path).read_text(encoding="utf-8"))))


def upsert(path: str | Path, rows: Iterable[Mapping[str, object]], *, key: str = "id") -> int:
    """Update or insert ``rows`` (mappings column -> value) in the CSV at ``path``.

    Returns the number of rows written. Unknown column names raise ``KeyError``.
    """
    table = read_rows(path)
    head, body = table[0], table[1:]
    col = {c: i for i, c in enumerate(head)}
    at = {r[col[key]]: r for r in body}
    n = 0
    for row in rows:
        bad = set(row) - set(col)
        if bad:
            raise KeyError(f"{path}: no column(s) {sorted(bad)}")
        k = str(row[key])
        target = at.get(k)
        if target is None:
            target = [""] * len(head)
            at[k] = target
            body.append(target)
        for c, v in row.items():
            target[col[c]] = "" if v is None else (f"{v:g}" if isinstance(v, float) else str(v))
        n += 1
    body.sort(key=lambda r: r[col[key]])
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([head, *body])
    Path(path).write_bytes(out.getvalue().encode("utf-8"))
    return n
