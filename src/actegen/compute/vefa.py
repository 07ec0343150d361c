"""Échéancier de paiement d'une vente en l'état futur d'achèvement (CCH R.261-14).

The act states each stage's cumulated percentage of the price; the amounts are that rate ×
the price, to the centime, and each call of funds is the increase over the previous stage.
The sum due at signing is the cumulated amount of the stage reached by then.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from actegen.compute.explain import Explication, Ligne
from actegen.french import format_computed, format_computed_rate
from actegen.money import HUNDRED, ZERO, round_cents

__all__ = ["STADES_VEFA", "EcheancierVefa", "EtapeVefa", "echeancier_vefa"]

STADES_VEFA = {
    "fondations": "Achèvement des fondations",
    "hors_d_eau": "Mise hors d’eau",
    "achevement": "Achèvement de l’immeuble",
    "livraison": "Livraison (mise à disposition)",
}
_R261_14 = (
    "CCH art. R.261-14 (au plus 35 % à l’achèvement des fondations, 70 % à la mise hors "
    "d’eau, 95 % à l’achèvement)",
)


@dataclass(frozen=True)
class EtapeVefa:
    stade: str
    pourcentage: Decimal  # cumulated, as the act writes it (35 for 35 %)
    montant_cumule: Decimal
    montant_appel: Decimal

    @property
    def libelle(self) -> str:
        return STADES_VEFA[self.stade]


@dataclass(frozen=True)
class EcheancierVefa:
    etapes: tuple[EtapeVefa, ...]
    stade_atteint: str
    exigible_signature: Decimal
    solde: Decimal
    lignes: tuple[Ligne, ...]

    @property
    def stade_atteint_libelle(self) -> str:
        return STADES_VEFA.get(self.stade_atteint, "")


def echeancier_vefa(price: Decimal, vefa: dict[str, Any], currency: str) -> EcheancierVefa:
    """Each stage's cumulated amount (rate × price, to the centime) and the call it makes;
    the sum due at signing is the cumulated amount of the stage reached."""
    ex = Explication()
    ex.ajouter("Prix de vente", "donnée", price)
    etapes = []
    previous = ZERO
    reached = list(STADES_VEFA).index(vefa["stade_atteint"]) if vefa["stade_atteint"] in STADES_VEFA else -1
    exigible = ZERO
    for step in vefa["echeancier"]:
        rate = step["pourcentage_cumule"] / HUNDRED
        cumul = ex.ajouter(
            f"Montant cumulé : {STADES_VEFA[step['stade']].lower()}",
            f"{format_computed_rate(rate)} × {format_computed(price, currency)}",
            round_cents(price * rate),
            arrondi="au centime le plus proche (la moitié vers le haut)",
            references=_R261_14,
        )
        etapes.append(EtapeVefa(step["stade"], step["pourcentage_cumule"], cumul, cumul - previous))
        if list(STADES_VEFA).index(step["stade"]) <= reached:
            exigible = cumul
        previous = cumul
    ex.ajouter("Exigible à la signature", "montant cumulé du stade atteint à la signature", exigible)
    solde = ex.ajouter(
        "Solde payable aux appels de fonds",
        f"{format_computed(price, currency)} − {format_computed(exigible, currency)}",
        price - exigible,
    )
    return EcheancierVefa(tuple(etapes), vefa["stade_atteint"], exigible, solde, ex.lignes())
