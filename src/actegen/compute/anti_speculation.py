"""Clause anti-spéculative d'une vente Hlm à une personne physique (CCH L.443-12-1).

On a resale within the delay (parameter ``anti_speculation.duree_annees``, five years) the
buyer owes the landlord at most the gap between the reference price and the purchase price.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from actegen.compute.dates import add_years
from actegen.compute.explain import Explication, Ligne
from actegen.french import format_computed
from actegen.money import ZERO
from actegen.parameters import lookup

__all__ = ["AntiSpeculation", "anti_speculation"]


@dataclass(frozen=True)
class AntiSpeculation:
    prix_reference: Decimal
    prix: Decimal
    ecart: Decimal
    date_fin: date
    lignes: tuple[Ligne, ...]


def anti_speculation(price: Decimal, reference: Decimal, act: date, currency: str) -> AntiSpeculation:
    """The most the buyer may owe the landlord on a resale within the delay: the gap
    between the reference price and the purchase price (CCH L.443-12-1)."""
    refs = ("CCH art. L.443-12-1",)
    ans = lookup("anti_speculation.duree_annees", act).as_int
    ex = Explication()
    ex.ajouter("Prix d’acquisition", "donnée", price)
    ex.ajouter("Prix de référence (logement comparable libre d’occupation)", "donnée", reference)
    ecart = ex.ajouter(
        "Somme due au plus en cas de revente dans le délai",
        f"le plus grand de {format_computed(reference, currency)} − "
        f"{format_computed(price, currency)} et zéro",
        max(reference - price, ZERO),
        references=refs,
    )
    fin = add_years(act, ans)
    ex.ajouter_date("Fin du délai", f"acte du {act.strftime('%d/%m/%Y')} + {ans} ans", fin, references=refs)
    return AntiSpeculation(reference, price, ecart, fin, ex.lignes())
