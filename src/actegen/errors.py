"""User mistakes are values; exceptions are for stopping.

A ``CaseError`` says where (file, line, column), what (the field path, e.g.
``lots[3].prix.foncier``) and why (a French message). Loaders and validators return
lists of them so that every problem of a case is reported at once. The exception
hierarchy below is caught only by the CLI, which maps each class to an exit code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

FieldPath = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Source:
    """A position in a case file; line and column count from 1, as editors show them."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class CaseError:
    """One problem in a case file, located and explained in French."""

    source: Source
    path: FieldPath
    message: str
    severity: str = "erreur"  # "erreur" stops the render; "avertissement" does not

    def __str__(self) -> str:
        where = format_path(self.path)
        prefix = "avertissement : " if self.severity == "avertissement" else ""
        if where:
            return f"{self.source}: {prefix}{where} : {self.message}"
        return f"{self.source}: {prefix}{self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "erreur"


def format_path(path: FieldPath) -> str:
    """``("lots", 3, "prix", "foncier")`` → ``lots[3].prix.foncier``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


class ActegenError(Exception):
    """Base of the errors that stop a command; the CLI prints them and exits 1."""

    exit_code = 1


class CaseInvalid(ActegenError):
    """A case file has errors; carries them all."""

    def __init__(self, errors: Iterable[CaseError]):
        self.errors = sorted(errors, key=lambda e: (e.source, format_path(e.path)))
        super().__init__("\n".join(str(e) for e in self.errors))

    def __reduce__(self) -> tuple[type[CaseInvalid], tuple[list[CaseError]]]:
        # Rebuilt from its errors, so that it crosses to and from the worker processes.
        return (type(self), (self.errors,))


class TemplateError(ActegenError):
    """A template is missing, malformed or uses a variable the context lacks."""


class RenderError(ActegenError):
    """A document could not be produced."""


class OutputError(ActegenError):
    """The output folder cannot be written safely."""


class UsageError(ActegenError):
    """The command line itself is wrong (exit 2)."""

    exit_code = 2


class ParameterError(ActegenError):
    """A parameter is missing, malformed, or has no value in force at the date asked."""


class DiffError(ActegenError):
    """A document to compare cannot be read (``actegen diff`` exits 2, as diff does)."""


def plural(word: str, n: int) -> str:
    """``word`` as French writes it after the number ``n``: a regular plural beyond one."""
    return f"{word}s" if n > 1 else word


def format_errors(exc: CaseInvalid, *, summary: str | None = None) -> list[str]:
    """The lines that report ``exc``: each error as ``file:line:col: field : message``, then,
    when ``summary`` is given, the count « 3 erreurs : <summary> »."""
    lines = [str(e) for e in exc.errors]
    if summary is not None:
        n = len(exc.errors)
        lines.append(f"{n} {plural('erreur', n)} : {summary}")
    return lines


def display_path(path: Path | str) -> str:
    """A path as the user typed it, relative to the working directory when possible."""
    p = Path(path)
    try:  # the folder resolved, not the file: a link is shown by its own name, a loop too
        return str((p.parent.resolve() / p.name).relative_to(Path.cwd().resolve()))
    except (ValueError, RuntimeError, OSError):  # RuntimeError: a link loop in the folder (Python < 3.13)
        return str(p)
