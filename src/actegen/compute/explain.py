"""Explanations: every computed figure as a line a notary can check by hand.

A computation returns, with its result, a tuple of :class:`Ligne`: what the figure is
(``libelle``), how it is obtained (``formule``, in French, with the figures put in), its
value, how it was rounded and the references of the rules and parameters used. The same
lines give the plain-text « note de calcul » (:func:`to_text`) and a JSON export
(:func:`to_json`, Decimal written as strings so that nothing goes through a float).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from actegen.money import CENT
from actegen.parameters import ParamValue

__all__ = ["Explication", "Ligne", "fmt", "fmt_taux", "to_data", "to_json", "to_text"]

NNBSP = "\u202f"
NBSP = "\u00a0"

# Units of a line's value: how to show it.
MONTANT = "montant"
TAUX = "taux"  # a fraction: 0.105 is shown 10,5 %
NOMBRE = "nombre"  # a count, months, years


@dataclass(frozen=True)
class Ligne:
    """One figure of a note de calcul."""

    libelle: str
    formule: str
    valeur: Decimal
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

    def parametre(self, pv: ParamValue, libelle: str | None = None) -> Decimal:
        """Add the line of a dated parameter (its value, period and references)."""
        value = pv.value
        if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
            raise TypeError(f"{pv.name} n'est pas numérique : {value!r}")
        period = f"en vigueur depuis le {pv.start.strftime('%d/%m/%Y')}"
        if pv.end is not None:
            period += f" jusqu'au {pv.end.strftime('%d/%m/%Y')} exclu"
        unite = TAUX if pv.unit == "/1" else NOMBRE if isinstance(value, int) else MONTANT
        self._lignes.append(
            Ligne(libelle or pv.description, f"paramètre « {pv.name} », {period}",
                  Decimal(value), None, pv.references, unite)
        )
        return Decimal(value)

    def etendre(self, lignes: Iterable[Ligne]) -> None:
        self._lignes.extend(lignes)

    def lignes(self) -> tuple[Ligne, ...]:
        return tuple(self._lignes)


# --------------------------------------------------------------------------- formatting


def _fallback_number(value: Decimal, decimals: int | None) -> str:
    if decimals is not None:
        value = value.quantize(Decimal(1).scaleb(-decimals))
    text = format(value, "f")
    negative = text.startswith("-")
    whole, _, fraction = text.lstrip("-").partition(".")
    head = len(whole) % 3 or 3
    groups = [whole[:head]] + [whole[i : i + 3] for i in range(head, len(whole), 3)]
    out = NNBSP.join(groups) + ("," + fraction if fraction else "")
    return ("-" if negative else "") + out


def fmt(amount: Decimal, currency: str | None = None) -> str:
    """An amount in figures, "182 550,14 F" / "1 000,00 €" (two decimals shown when the
    amount has centimes or when a currency is given).

    Uses ``actegen.french.format_amount`` when that module is present (issue 3), else a
    local formatting with the same conventions (narrow no-break spaces, decimal comma).
    """
    if currency is not None:
        try:
            from actegen.french import format_amount
        except ImportError:  # pragma: no cover - french.py is written in parallel
            symbol = {"EUR": "€", "FRF": "F"}.get(currency.upper(), currency)
            return f"{_fallback_number(amount, 2)}{NBSP}{symbol}"
        cents = amount.quantize(CENT)
        if cents != amount:  # an unrounded intermediate value
            symbol = {"EUR": "€", "FRF": "F"}.get(currency.upper(), currency)
            return f"{_intermediaire(amount)}{NBSP}{symbol}"
        return format_amount(cents, currency)
    return _intermediaire(amount)


def _intermediaire(value: Decimal) -> str:
    """At most six decimals, an ellipsis when digits are cut: "24 689,541612…"."""
    exponent = value.as_tuple().exponent
    long = isinstance(exponent, int) and exponent < -6
    shown = value.quantize(Decimal("0.000001")) if long else value
    cut = shown != value
    if cut:
        shown = shown.normalize()
    return _fallback_number(shown, None) + ("…" if cut else "")


def fmt_taux(rate: Decimal) -> str:
    """A fraction as a percentage: Decimal("0.105") → "10,5 %"."""
    percent = (rate * 100).normalize()
    if percent == percent.to_integral_value():
        percent = percent.quantize(Decimal(1))
    return f"{_fallback_number(percent, None)}{NBSP}%"


def format_valeur(ligne: Ligne, currency: str | None) -> str:
    if ligne.unite == TAUX:
        return fmt_taux(ligne.valeur)
    if ligne.unite == NOMBRE:
        return _fallback_number(ligne.valeur, None)
    return fmt(ligne.valeur, currency)


def to_text(lignes: Sequence[Ligne], currency: str | None = "EUR", titre: str | None = None) -> str:
    """A plain French « note de calcul »: one numbered paragraph per line.

    ``currency`` is "EUR" or "FRF" (amounts are shown with € or F), or None for bare
    numbers.
    """
    out: list[str] = []
    if titre:
        out += [titre, "=" * len(titre), ""]
    for i, ligne in enumerate(lignes, 1):
        out.append(f"{i}. {ligne.libelle} : {format_valeur(ligne, currency)}")
        out.append(f"   Calcul : {ligne.formule}")
        if ligne.arrondi:
            out.append(f"   Arrondi : {ligne.arrondi}")
        for ref in ligne.references:
            out.append(f"   Référence : {ref}")
    return "\n".join(out) + "\n"


def to_data(lignes: Sequence[Ligne]) -> list[dict[str, object]]:
    """The lines as JSON-ready dicts, every Decimal as its exact string."""
    return [
        {
            "libelle": ligne.libelle,
            "formule": ligne.formule,
            "valeur": str(ligne.valeur),
            "unite": ligne.unite,
            "arrondi": ligne.arrondi,
            "references": list(ligne.references),
        }
        for ligne in lignes
    ]


def to_json(lignes: Sequence[Ligne], *, indent: int | None = 2) -> str:
    """The lines as a JSON text (UTF-8, Decimal as strings)."""
    return json.dumps(to_data(lignes), ensure_ascii=False, indent=indent)
