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


def _leaves(
    value: Any, path: FieldPath, kind: type, keep: Callable[[Any], object] | None
) -> Iterator[tuple[FieldPath, Any]]:
    """The values of type ``kind`` inside ``value`` (those ``keep`` keeps), in document order.

    One recursive function filling a list, not nested generators: a 200-lot case has some
    13 000 values, and a path is built only for a value kept (or a collection entered)."""
    if isinstance(value, kind):
        return iter([(path, value)] if keep is None or keep(value) else [])
    found: list[tuple[FieldPath, Any]] = []

    def visit(node: Any, where: FieldPath) -> None:
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, item in items:
            if isinstance(item, kind):
                if keep is None or keep(item):
                    found.append((where + (key,), item))
            elif isinstance(item, (dict, list)):
                visit(item, where + (key,))

    if isinstance(value, (dict, list)):
        visit(value, path)
    return iter(found)


def walk_numbers(
    value: Any, path: FieldPath, keep: Callable[[Decimal], object] | None = None
) -> Iterator[tuple[FieldPath, Decimal]]:
    """Every ``Decimal`` of ``value`` (that ``keep`` keeps) with its path, in document order."""
    return _leaves(value, path, Decimal, keep)


def walk_strings(
    value: Any, path: FieldPath, keep: Callable[[str], object] | None = None
) -> Iterator[tuple[FieldPath, str]]:
    """Every text of ``value`` (that ``keep`` keeps) with its path, in document order."""
    return _leaves(value, path, str, keep)


def amount(value: Decimal, case: Case) -> str:
    try:
        return format_amount(value, case["operation"]["devise"])
    except ValueError:  # a third decimal: reported by its own rule
        return str(value)


def clause_off(case: Case, lot: Lot, name: str) -> bool:
    """The case removed the library's clause or replaced its text (the library's fields are then unused)."""
    conf = settings(case, lot).get(name, {})
    return conf.get("active") is False or "texte" in conf
