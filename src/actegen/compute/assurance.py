"""Assurance revente (protection revente Chubb proposée par les Coop'HLM),
« Qu'est-ce que la sécurisation Hlm ? » (FNSCHLM).

« Prise en charge en cas de mise en jeu de la garantie de la décote en cas de revente, dans
la limite de 20 % du prix d'achat du bien et jusqu'à 35 000 euros (40 000 pour les contrats
signés avant le 1er avril 2018) ; … prise en charge financière du dossier diagnostic
technique dans la limite de 1 000 euros TTC ; accès pendant 10 ans à la plateforme
téléphonique » ; prime unique de 240 € TTC (VEFA, BRS ; un ou deux co-acquéreurs) ou 110 €
TTC (PSLA). Parameters ``assurance_revente.*``, read at the date the contract is signed.

cover = min(20 % × price rounded to the centime (half-up), ceiling at the contract date).
The assistance ends 10 years after the contract date (same day number, CPC art. 641).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from actegen.compute.dates import add_years
from actegen.compute.explain import Explication, Ligne
from actegen.errors import ParameterError
from actegen.french import format_computed, format_computed_rate
from actegen.money import round_cents, to_decimal
from actegen.parameters import lookup
from actegen.produits import LIBELLES_PRODUITS, Produit

__all__ = ["AssuranceRevente", "assurance_revente"]

_PRIMES = {
    Produit.ACCESSION_SOCIALE: "assurance_revente.prime.accession_sociale",
    Produit.BRS: "assurance_revente.prime.brs",
    Produit.PSLA: "assurance_revente.prime.psla",
}


@dataclass(frozen=True)
class AssuranceRevente:
    produit: Produit
    prix: Decimal
    date_contrat: date
    taux_couverture: Decimal
    plafond: Decimal
    indemnite_maximale: Decimal
    diagnostic_technique_max: Decimal
    prime: Decimal
    nombre_coacquereurs: int
    duree_assistance_annees: int
    date_fin_assistance: date
    lignes: tuple[Ligne, ...]


def assurance_revente(
    *,
    prix: Decimal,
    produit: Produit | str,
    date_contrat: date,
    nombre_coacquereurs: int = 1,
    currency: str | None = "EUR",
) -> AssuranceRevente:
    """The cover, premium and dates of the resale insurance of one purchase."""
    produit = Produit(produit)
    if produit not in _PRIMES:
        raise ParameterError(
            f"pas d’assurance revente pour le produit « {produit.value} » (proposée en VEFA, BRS et PSLA)"
        )
    prix = to_decimal(prix)
    ex = Explication()
    maxi = lookup("assurance_revente.coacquereurs_max", date_contrat)
    if not 1 <= nombre_coacquereurs <= maxi.as_int:
        raise ValueError(
            f"{nombre_coacquereurs} co-acquéreurs : la prime unique couvre un à {maxi.value} co-acquéreurs"
        )
    ex.ajouter("Prix d’achat", "donnée", prix)
    taux_pv = lookup("assurance_revente.taux_couverture", date_contrat)
    taux = ex.parametre(taux_pv, "Taux de prise en charge de la décote")
    plafond_pv = lookup("assurance_revente.plafond_indemnite", date_contrat)
    plafond = ex.parametre(
        plafond_pv, f"Plafond pour un contrat signé le {date_contrat.strftime('%d/%m/%Y')}"
    )
    part = round_cents(prix * taux)
    indemnite = ex.ajouter(
        "Prise en charge maximale de la décote",
        f"le plus petit de {format_computed_rate(taux)} × {format_computed(prix, currency)} = {format_computed(part, currency)} "
        f"et {format_computed(plafond, currency)}",
        min(part, plafond),
        arrondi="20 % du prix au centime le plus proche (la moitié vers le haut)",
        references=taux_pv.references + plafond_pv.references,
    )
    diag = ex.parametre(
        lookup("assurance_revente.diagnostic_technique_max", date_contrat),
        "Dossier de diagnostic technique pris en charge, au plus (TTC)",
    )
    prime_pv = lookup(_PRIMES[produit], date_contrat)
    pluriel = "s" if nombre_coacquereurs > 1 else ""
    prime = ex.parametre(
        prime_pv,
        f"Prime unique TTC ({LIBELLES_PRODUITS[produit]}, {nombre_coacquereurs} co-acquéreur{pluriel})",
    )
    duree_pv = lookup("assurance_revente.duree_assistance_annees", date_contrat)
    duree = int(ex.parametre(duree_pv, "Durée de l’assistance (années)"))
    fin = add_years(date_contrat, duree)
    ex.ajouter_date(
        "Fin de l’assistance", f"date du contrat + {duree} ans", fin, references=duree_pv.references
    )
    return AssuranceRevente(
        produit,
        prix,
        date_contrat,
        taux,
        plafond,
        indemnite,
        diag,
        prime,
        nombre_coacquereurs,
        duree,
        fin,
        ex.lignes(),
    )
