"""Shared fixtures: the hand-made 'tiny' network and helpers to break it on purpose."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import tcroute

DATA = Path(__file__).parent / "data"
TINY = DATA / "tiny"


@pytest.fixture(scope="session")
def tiny() -> tcroute.Network:
    """The tiny fixture network (see tests/data/tiny and test_routing.py for its sketch)."""
    return tcroute.read_network(TINY)


@pytest.fixture(scope="session")
def default_net() -> tcroute.Network:
    return tcroute.load_network()


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def write_rows(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=header)
        w.writeheader()
        w.writerows(rows)


def set_cells(path: Path, where: dict[str, str], **changes: str) -> None:
    """In a CSV file, set ``changes`` on every row whose columns equal ``where``."""
    header, rows = read_rows(path)
    hits = 0
    for r in rows:
        if all(r[k] == v for k, v in where.items()):
            r.update(changes)
            hits += 1
    assert hits, f"no row of {path.name} matches {where}"
    write_rows(path, header, rows)


@pytest.fixture
def tiny_copy(tmp_path: Path) -> Callable[[], Path]:
    """Copy the tiny network to a temporary folder and return the folder."""

    def make() -> Path:
        dest = tmp_path / "net"
        shutil.copytree(TINY, dest)
        return dest

    return make
