"""The tcroute error hierarchy.

Every error raised on purpose by tcroute derives from :class:`TcrouteError`, and each subclass
also derives from the builtin exception it refines, so ``except ValueError`` or
``except LookupError`` keeps working for callers who do not know tcroute's classes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "AmbiguousPlaceError",
    "AppraisalError",
    "DataFileError",
    "MissingDependencyError",
    "NoRouteError",
    "Problem",
    "ScenarioError",
    "TcrouteError",
    "UnknownPlaceError",
]


class TcrouteError(Exception):
    """Base class of every error raised by tcroute.

    The hierarchy (each class also derives from the builtin in brackets)::

        TcrouteError
        ├── InvalidArgumentError [ValueError]   an argument has a value tcroute cannot use
        ├── ArgumentTypeError [TypeError]       an argument of the wrong type, or an
        │                                       unknown keyword argument
        ├── UnknownIdError [LookupError]        a link, terminal, corridor or scenario
        │                                       element id that the network does not have
        ├── UnknownPlaceError [LookupError]     a place name, alias or id matches nothing
        │   └── AmbiguousPlaceError             ... or matches several places
        ├── DataFileError [ValueError]          problems in data files (file, line, column)
        ├── ScenarioError [ValueError]          a scenario cannot be found or applied
        ├── AppraisalError [ValueError]         an appraisal that cannot be done as asked
        └── NoRouteError [LookupError]          no route satisfies the request

    Every message says what was expected.
    """


class InvalidArgumentError(TcrouteError, ValueError):
    """An argument has a value that tcroute cannot use (out of range, unknown choice).

    Attributes
    ----------
    parameter : str
        The parameter's name.
    """

    def __init__(self, parameter: str, message: str) -> None:
        self.parameter = parameter
        super().__init__(f"{parameter}: {message}")


class ArgumentTypeError(TcrouteError, TypeError):
    """An argument of the wrong type, or a keyword argument the function does not take."""


class UnknownIdError(TcrouteError, LookupError):
    """An id (of a link, terminal, corridor, ...) that the network does not have.

    Attributes
    ----------
    kind : str
        What the id was meant to name (``link``, ``terminal``, ``corridor``, ...).
    ids : list of str
        The unknown ids.
    """

    def __init__(self, kind: str, ids: Sequence[str], hint: str = "") -> None:
        self.kind = kind
        self.ids = list(ids)
        plural = "s" if len(self.ids) != 1 else ""
        msg = f"unknown {kind} id{plural}: {', '.join(map(repr, self.ids))}"
        super().__init__(msg + (f"; {hint}" if hint else ""))

    def __str__(self) -> str:  # plain, not quoted as KeyError would
        return str(self.args[0])


@dataclass(frozen=True)
class Problem:
    """One problem found in a data file.

    Attributes
    ----------
    file : str
        File name (``links.csv``) or path.
    line : int or None
        1-based line number in the file (the header is line 1), or None for the whole file.
    column : str or None
        Column name, or None when the problem concerns the whole row or file.
    got : str
        What was found.
    expected : str
        What was expected instead.
    """

    file: str
    line: int | None
    column: str | None
    got: str
    expected: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        col = f" {self.column}:" if self.column else ""
        return f"{where}:{col} got {self.got}, expected {self.expected}"


class DataFileError(TcrouteError, ValueError):
    """A network or scenario data folder has one or more problems.

    The message lists every problem as ``file:line: column: got X, expected Y``; the list is
    also available as :attr:`problems`.
    """

    def __init__(self, problems: Sequence[Problem], *, folder: str | None = None) -> None:
        self.problems: list[Problem] = list(problems)
        self.folder = folder
        head = f"{len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}"
        if folder:
            head += f" in {folder}"
        lines = [head + ":"] + [f"  {p}" for p in self.problems]
        super().__init__("\n".join(lines))


class UnknownPlaceError(TcrouteError, LookupError):
    """A place name, alias or id matches no place of the network.

    Attributes
    ----------
    query : str
        What was asked for.
    suggestions : list of str
        Up to five close matches, as ``"Name (id)"``.
    """

    def __init__(self, query: str, suggestions: Sequence[str] = ()) -> None:
        self.query = query
        self.suggestions = list(suggestions)[:5]
        msg = f"no place matches {query!r}"
        if self.suggestions:
            msg += "; did you mean " + ", ".join(self.suggestions) + "?"
        else:
            msg += "; list places with `tcroute places` or Network.places"
        super().__init__(msg)

    def __str__(self) -> str:  # LookupError would quote the message like KeyError; keep it plain
        return str(self.args[0])


class AmbiguousPlaceError(UnknownPlaceError):
    """A place name matches several places equally well; use an id instead."""

    def __init__(self, query: str, candidates: Sequence[str]) -> None:
        self.query = query
        self.suggestions = list(candidates)
        msg = (
            f"{query!r} matches {len(self.suggestions)} places: "
            + ", ".join(self.suggestions)
            + "; pass one of the ids"
        )
        LookupError.__init__(self, msg)


class NoRouteError(TcrouteError, LookupError):
    """No route satisfies the request.

    Attributes
    ----------
    origin, destination : str
        Place ids.
    constraints : dict
        The constraints in force.
    reason : str
        Which constraint makes the route impossible, when one could be identified.
    """

    def __init__(
        self, origin: str, destination: str, constraints: dict[str, object], reason: str
    ) -> None:
        self.origin = origin
        self.destination = destination
        self.constraints = dict(constraints)
        self.reason = reason
        super().__init__(reason)


class ScenarioError(TcrouteError, ValueError):
    """A scenario cannot be found or applied."""


class AppraisalError(TcrouteError, ValueError):
    """An appraisal that cannot be done as asked: no demand, an unknown or completed project,
    a bad period, rate or budget."""


class MissingDependencyError(TcrouteError, ImportError):
    """An optional dependency is not installed; the message names the extra that installs
    it (``pip install '.[maps]'`` in a tcroute checkout)."""

    def __init__(self, module: str, extra: str, needed_for: str) -> None:
        self.module = module
        self.extra = extra
        super().__init__(f"{needed_for} needs {module}, which is not installed; install the "
                         f"'{extra}' extra: pip install '.[{extra}]' in a tcroute checkout",
                         name=module)


def require(module: str, extra: str, needed_for: str) -> object:
    """Import an optional module, or raise :class:`MissingDependencyError`."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingDependencyError(module, extra, needed_for) from exc
