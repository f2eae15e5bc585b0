"""Load errors: what is wrong with a plan file, and where."""

from __future__ import annotations

from dataclasses import dataclass

from wfm_tui.core.names import location, printable

KeyPath = tuple[str | int, ...]  # a key in a TOML document: ("apps", "WFM Server", "port")


@dataclass(frozen=True, slots=True)
class Pending:
    """A load problem before it is placed: the key path it is about (placed on the line of
    that key, or of its nearest enclosing key or table), or a place already known. `also` is
    where the same thing was first defined: the message ends with its line and column.
    `as_written`: the paths hold app names as the file spells them, not as stored (NFC)."""

    message: str
    path: KeyPath | None = None
    place: tuple[int, int] | None = None
    also: KeyPath | None = None
    as_written: bool = False


@dataclass(frozen=True, slots=True)
class Problem:
    """One reason a file could not be loaded; line and column are 1-based when known. `path`
    names the file they are in when it is not the one being loaded (a plan's catalog)."""

    message: str
    line: int | None = None
    column: int | None = None
    path: str | None = None


class LoadError(Exception):
    """A plan file that cannot be used, with every problem found in it."""

    def __init__(self, path: str, problems: list[Problem]) -> None:
        super().__init__(path, problems)
        self.path = path
        self.problems = problems

    def __str__(self) -> str:
        return "\n".join(format_problem(self.path, p) for p in self.problems)


def format_problem(path: str, problem: Problem) -> str:
    where = location(problem.path or path, problem.line, problem.column)
    return f"{where}: {printable(problem.message)}"


class SaveError(Exception):
    """A plan could not be written: the file on disk is unchanged, or (a write in place that
    failed) the reason names the file that holds what was to be saved."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(path, reason)
        self.path = path
        self.reason = reason

    def __str__(self) -> str:
        return f"cannot save {printable(self.path)}: {printable(self.reason)}"
