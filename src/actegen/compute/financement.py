"""The financing of the price as the acte states it (« L'ACQUÉREUR déclare financer … à
concurrence de … »): each source — the part acquisitive already paid in PSLA, the personal
contribution, each loan — and their total, which makes the price (validated by
``financing_adds_up_to_the_price``). The note de calcul then holds every amount of the acte's
financing clause (notarial review, §2.5)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from actegen.compute.explain import Explication, Ligne
from actegen.french import format_computed, format_computed_short
from actegen.money import ZERO

__all__ = ["Financement", "financement"]


@dataclass(frozen=True)
class Financement:
    prix: Decimal
    part_acquisitive: Decimal
    apport: Decimal
    prets: tuple[Decimal, ...]
    total: Decimal
    lignes: tuple[Ligne, ...]


def financement(
    prix: Decimal,
    plan: Mapping[str, Any],
    *,
    part_acquisitive: Decimal = ZERO,
    currency: str | None = "EUR",
) -> Financement:
    """The sources of the price, line by line, and their total."""
    ex = Explication()
    ex.ajouter("Prix", "donnée du lot", prix)
    terms: list[Decimal] = []
    if part_acquisitive:
        terms.append(
            ex.ajouter(
                "Part acquisitive des redevances (imputée sur le prix)",
                "contrat de location-accession (donnée)",
                part_acquisitive,
            )
        )
    apport = plan.get("apport", ZERO)
    if apport:
        terms.append(ex.ajouter("Apport personnel", "plan de financement (donnée)", apport))
    prets: Sequence[Mapping[str, Any]] = plan.get("prets", [])
    amounts = []
    for p in prets:
        detail = f"{p['nature']}, {p['preteur']}"
        if "taux" in p and "duree_annees" in p:
            detail += (
                f", au taux de {format_computed_short(p['taux'])}\u00a0% sur {p['duree_annees']}\u00a0ans"
            )
        amounts.append(ex.ajouter(f"Prêt\u00a0: {detail}", "plan de financement (donnée)", p["montant"]))
    terms += amounts
    total = sum(terms, ZERO)
    ex.ajouter(
        "Total des sources de financement",
        (" + ".join(format_computed(t, currency) for t in terms) if terms else "aucune source")
        + " (égal au prix)",
        total,
    )
    return Financement(prix, part_acquisitive, apport, tuple(amounts), total, ex.lignes())
