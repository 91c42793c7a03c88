"""Packaging: public API, shipped data, no plotting imports in the core."""

from __future__ import annotations

import subprocess
import sys

import tcroute


def test_public_api_names_exist():
    for name in tcroute.__all__:
        assert hasattr(tcroute, name), name


def test_import_does_not_pull_plotting_or_slow_libraries():
    """Heavy modules are imported where they are used, not when tcroute is imported or a
    network loaded (the start-up time is measured in benchmarks/startup.py)."""
    code = ("import sys, tcroute; [getattr(tcroute, n) for n in tcroute.__all__]; "
            "tcroute.load_network(); "
            "bad = [m for m in ('matplotlib', 'folium', 'offlinefolium', 'cartopy', "
            "'geopandas', 'scipy.stats', 'scipy.optimize', 'mpl_toolkits.basemap') "
            "if m in sys.modules]; print(bad); sys.exit(1 if bad else 0)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_default_data_is_shipped():
    folder = tcroute.default_data_dir()
    for name in ("nodes.csv", "links.csv", "terminals.csv", "borders.csv", "modes.csv",
                 "README.md"):
        assert (folder / name).is_file(), name


def test_py_typed_shipped():
    from importlib import resources

    assert resources.files("tcroute").joinpath("py.typed").is_file()


def test_version():
    assert tcroute.__version__ and tcroute.__version__ != "0+unknown"


def test_volume_data_is_shipped():
    from tcroute.volumes import volumes_dir

    for name in ("volumes.csv", "conversions.csv", "README.md"):
        assert (volumes_dir() / name).is_file(), name


def test_import_is_lazy_but_complete():
    code = ("import sys, tcroute; lazy = 'pandas' not in sys.modules; "
            "from tcroute import *; "
            "print(lazy, all(n in dir(tcroute) for n in tcroute.__all__))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert proc.stdout.split() == ["True", "True"]
    assert tcroute.shortest_route is __import__("tcroute.routing").routing.shortest_route


def test_every_public_name_is_in_the_lazy_table():
    """A public name is added in two places of tcroute/__init__.py: ``__all__`` and
    ``_LAZY`` (name -> defining module), plus the TYPE_CHECKING import for editors."""
    assert set(tcroute._LAZY) | {"__version__"} == set(tcroute.__all__)
