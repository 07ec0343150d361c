"""Explanations: every computed figure as a line a notary can check by hand.

A computation returns, with its result, a tuple of :class:`Ligne`: what the figure is
(``libelle``), how it is obtained (``formule``, in French, with the figures put in by
``french.format_computed``), its value, how it was rounded and the references of the rules
and parameters used. ``documents.note_de_calcul`` shows the lines as text, JSON and DOCX.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from actegen.parameters import ParamValue

__all__ = ["DATE", "MONTANT", "NOMBRE", "TAUX", "Explication", "Ligne"]

# Units of a line's value: how to show it.
MONTANT = "montant"
TAUX = "taux"  # a fraction: 0.105 is shown 10,5 %
NOMBRE = "nombre"  # a count, months, years
DATE = "date"  # a date (a deadline, the end of a guarantee): the value column shows the date


@dataclass(frozen=True)
class Ligne:
    """One figure of a note de calcul."""

    libelle: str
    formule: str
    valeur: Decimal | date
    arrondi: str | None = None
    references: tuple[str, ...] = ()
    unite: str = MONTANT


class Explication:
    """Collects the lines of a computation, in order; ``lignes()`` freezes them.

    Used inside the pure functions of ``actegen.compute``; results only hold the tuple.
    """

    def __init__(self) -> None:
        self._lignes: list[Ligne] = []

    def ajouter(
        self,
        libelle: str,
        formule: str,
        valeur: Decimal,
        *,
        arrondi: str | None = None,
        references: Iterable[str] = (),
        unite: str = MONTANT,
    ) -> Decimal:
        """Add a line and return its value (so the computation reads as it explains)."""
        self._lignes.append(Ligne(libelle, formule, valeur, arrondi, tuple(references), unite))
        return valeur

    def ajouter_date(
        self, libelle: str, formule: str, valeur: date, *, references: Iterable[str] = ()
    ) -> date:
        """Add a line whose value is a date (shown as the date, not as the years added)."""
        self._lignes.append(Ligne(libelle, formule, valeur, None, tuple(references), DATE))
        return valeur

    def parametre(self, pv: ParamValue, libelle: str | None = None) -> Decimal:
        """Add the line of a dated parameter (its value, period and references)."""
        value = pv.value
        if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
            raise TypeError(f"{pv.name} n’est pas numérique : {value!r}")
        if pv.origine:
            # A criterion of a document (the 1993 rapport), not a rule in force from a date.
            period = pv.origine
        else:
            period = f"en vigueur depuis le {pv.start.strftime('%d/%m/%Y')}"
            if pv.end is not None:
                period += f" jusqu’au {pv.end.strftime('%d/%m/%Y')} exclu"
        unite = TAUX if pv.unit == "/1" else NOMBRE if isinstance(value, int) else MONTANT
        self._lignes.append(
            Ligne(
                libelle or pv.description,
                f"paramètre « {pv.name} », {period}",
                Decimal(value),
                None,
                pv.references,
                unite,
            )
        )
        return Decimal(value)

    def etendre(self, lignes: Iterable[Ligne]) -> None:
        self._lignes.extend(lignes)

    def lignes(self) -> tuple[Ligne, ...]:
        return tuple(self._lignes)
