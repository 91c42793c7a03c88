"""Running the pieces of a sweep on an executor, with the shared inputs sent once.

Criticality, Monte Carlo draws and scenario sweeps split their work into tasks that all read
the same large input (a compiled network, a network, the distributions of a route). Any
``concurrent.futures``-style executor runs them; a Dask executor (``client.get_executor()``
of ``dask.distributed``, on one machine or a cluster) first *scatters* that input to every
worker, so each task carries a reference to it instead of a copy.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")


def _scatter(executor: Any, shared: Any) -> Any:
    """``shared`` placed on every worker of a Dask executor (a reference to it), or itself."""
    client = getattr(executor, "_client", None)
    scatter = getattr(client, "scatter", None)
    if client is None or not callable(scatter) or not hasattr(client, "get_executor"):
        return shared
    return scatter(shared, broadcast=True, hash=False)


def map_shared(executor: Any, fn: Callable[[S, T], R], shared: S, items: Sequence[T]
               ) -> list[R]:
    """``[fn(shared, item) for item in items]``, on ``executor`` when given, in order.

    ``fn`` must be picklable (a module-level function) for process pools and clusters.
    """
    from ._args import executor as _check_executor

    if _check_executor(executor) is None:
        return [fn(shared, item) for item in items]
    handle = _scatter(executor, shared)
    return list(executor.map(fn, [handle] * len(items), list(items)))


def call(job: Callable[[T], R], item: T) -> R:
    """``job(item)``: run a picklable work unit on one piece (for :func:`map_shared`)."""
    return job(item)
