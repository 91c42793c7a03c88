"""Image regression: compare a rendered figure with its reference image in tests/baseline/,
within a tolerance (matplotlib's RMS difference on 0-255 grey levels, as pytest-mpl uses).

Regenerate the references after an intended change of the figures, and look at them:
    TCROUTE_UPDATE_IMAGES=1 pytest tests/test_plot.py tests/test_maps.py -p no:xdist
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

BASELINE = Path(__file__).parent / "baseline"
DPI = 60  # small references: enough to see layout, colours and labels move


def assert_image_matches(fig: Any, name: str, tmp_path: Path, tol: float = 6.0) -> None:
    from matplotlib.testing.compare import compare_images

    actual = tmp_path / f"{name}.png"
    fig.savefig(actual, dpi=DPI)
    expected = BASELINE / f"{name}.png"
    if os.environ.get("TCROUTE_UPDATE_IMAGES") or not expected.exists():
        if not os.environ.get("TCROUTE_UPDATE_IMAGES"):
            raise AssertionError(f"no reference image {expected}; create it with "
                                 "TCROUTE_UPDATE_IMAGES=1 and look at it")
        BASELINE.mkdir(exist_ok=True)
        shutil.copyfile(actual, expected)
        return
    result = compare_images(str(expected), str(actual), tol=tol, in_decorator=True)
    assert result is None, (f"{name}: differs from {expected} by RMS {result['rms']:.2f} > "
                            f"{tol} (see {result['diff']})")
