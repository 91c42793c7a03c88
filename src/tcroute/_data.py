"""Where the data folders shipped with tcroute are."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def shipped_folder(package: str, probe: str, folder: str) -> Path:
    """The folder of package data ``package`` (a data folder the build maps into tcroute).

    ``files()`` of such a namespace package is a MultiplexedPath, so locate the file
    ``probe`` and take its folder. In a source checkout or an editable install the build has
    not mapped ``data/<folder>/`` into the package: use the repository folder itself.
    """
    try:
        return Path(str(resources.files(package).joinpath(probe))).parent
    except ModuleNotFoundError:
        repo = Path(__file__).resolve().parents[2] / "data" / folder
        if (repo / probe).is_file():
            return repo
        raise
