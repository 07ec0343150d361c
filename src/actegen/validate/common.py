"""What the rule modules share: the rule type, a located error, and the questions several
rules ask of a case (its numbers, a clause switched off, an amount in the case's currency)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from ..case_types import Case, Lot
from ..clause_catalogue import settings
from ..errors import CaseError, FieldPath
from ..french import format_amount
from ..load import LoadedCase

Rule = Callable[[Case, LoadedCase], Iterator[CaseError]]
"""A business rule: the coerced case and the loaded file in, located errors out."""


def err(loaded: LoadedCase, path: FieldPath, message: str, *, warning: bool = False) -> CaseError:
    return CaseError(loaded.source_of(path), path, message, "avertissement" if warning else "erreur")


def walk_numbers(value: Any, path: FieldPath) -> Iterator[tuple[FieldPath, Decimal]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from walk_numbers(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from walk_numbers(v, path + (i,))
    elif isinstance(value, Decimal):
        yield path, value


def walk_strings(value: Any, path: FieldPath) -> Iterator[tuple[FieldPath, str]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from walk_strings(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from walk_strings(v, path + (i,))
    elif isinstance(value, str):
        yield path, value


def amount(value: Decimal, case: Case) -> str:
    try:
        return format_amount(value, case["operation"]["devise"])
    except ValueError:  # a third decimal: reported by its own rule
        return str(value)


def clause_off(case: Case, lot: Lot, name: str) -> bool:
    """The case removed the library's clause or replaced its text (the library's fields are then unused)."""
    conf = settings(case, lot).get(name, {})
    return conf.get("active") is False or "texte" in conf
