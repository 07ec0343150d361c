"""What a parameter holds at a date: a number, a text, a list or a scale (barème by tranches),
with the references of the text that sets it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, TypeAlias

from actegen.errors import ParameterError


@dataclass(frozen=True)
class Bracket:
    """One tranche of a scale: ``rate`` applies to the part of the base above ``threshold``
    (and below the next bracket's threshold)."""

    threshold: Decimal
    rate: Decimal


@dataclass(frozen=True)
class TrancheCalculee:
    """The part of a base that falls in one tranche, and the (unrounded) amount due on it."""

    de: Decimal
    a: Decimal | None  # None: no upper bound
    taux: Decimal
    assiette: Decimal
    montant: Decimal  # assiette × taux, unrounded: the caller rounds, once


@dataclass(frozen=True)
class Scale:
    """A marginal scale (barème par tranches), as OpenFisca's ``MarginalRateTaxScale``."""

    brackets: tuple[Bracket, ...]

    def tranches(self, base: Decimal) -> tuple[TrancheCalculee, ...]:
        """Split ``base`` over the tranches; tranches the base does not reach are left out."""
        out: list[TrancheCalculee] = []
        for i, bracket in enumerate(self.brackets):
            upper = self.brackets[i + 1].threshold if i + 1 < len(self.brackets) else None
            if base <= bracket.threshold:
                break
            top = base if upper is None else min(base, upper)
            part = top - bracket.threshold
            out.append(TrancheCalculee(bracket.threshold, upper, bracket.rate, part, part * bracket.rate))
        return tuple(out)

    def calc(self, base: Decimal) -> Decimal:
        """Sum over the tranches, unrounded."""
        return sum((t.montant for t in self.tranches(base)), Decimal(0))


Value: TypeAlias = Decimal | int | bool | str | tuple[str, ...] | Scale


@dataclass(frozen=True)
class ParamValue:
    """A parameter's value at a date, with what a notary needs to check it."""

    name: str
    value: Value
    start: date
    end: date | None  # first day it is no longer in force (None: still in force)
    unit: str
    description: str
    references: tuple[str, ...]
    # A value that is no rule in force from a date but a criterion or condition of a
    # document (a council's rapport): what it is, shown instead of « en vigueur depuis ».
    origine: str | None = None

    @property
    def reference(self) -> str:
        return " ; ".join(self.references)

    # Typed access: a computation says what it expects, a wrong unit stops loudly.

    def _expect(self, kind: type | tuple[type, ...], what: str) -> Any:
        if isinstance(self.value, bool) and kind is not bool:
            raise ParameterError(f"{self.name} : {what} attendu, valeur {self.value!r}")
        if not isinstance(self.value, kind):
            raise ParameterError(f"{self.name} : {what} attendu, valeur {self.value!r}")
        return self.value

    @property
    def as_decimal(self) -> Decimal:
        return self._expect(Decimal, "nombre décimal")

    @property
    def as_int(self) -> int:
        return self._expect(int, "entier")

    @property
    def as_bool(self) -> bool:
        return self._expect(bool, "booléen")

    @property
    def as_text(self) -> str:
        return self._expect(str, "texte")

    @property
    def as_list(self) -> tuple[str, ...]:
        return self._expect(tuple, "liste")

    @property
    def as_scale(self) -> Scale:
        return self._expect(Scale, "barème")


@dataclass(frozen=True)
class Entry:
    start: date
    value: Value | None  # None: no value in force from ``start``
    references: tuple[str, ...]
    origine: str | None = None  # where a value that is not a dated rule comes from (a rapport)


@dataclass(frozen=True)
class Parameter:
    name: str
    description: str
    unit: str
    source: str
    entries: tuple[Entry, ...] = field(default_factory=tuple)
