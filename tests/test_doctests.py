"""Run the docstring examples of every public module against the installed package."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["tcroute", "tcroute.io", "tcroute.network", "tcroute.routing", "tcroute.costs",
           "tcroute.geometry",
           "tcroute.compare", "tcroute.bottlenecks", "tcroute.scenarios", "tcroute.diff",
           "tcroute.reliability", "tcroute.episodes", "tcroute.engine",
           "tcroute.volumes", "tcroute._names", "tcroute._geodesy", "tcroute._args",
           "tcroute._chains"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0, f"{name} has no examples"
    assert result.failed == 0
