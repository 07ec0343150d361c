"""Assurance revente (protection revente Chubb proposée par les Coop'HLM),
« Qu'est-ce que la sécurisation Hlm ? » (FNSCHLM).

« Prise en charge en cas de mise en jeu de la garantie de la décote en cas de revente, dans
la limite de 20 % du prix d'achat du bien et jusqu'à 35 000 euros (40 000 pour les contrats
signés avant le 1er avril 2018) ; … prise en charge financière du dossier diagnostic
technique dans la limite de 1 000 euros TTC ; accès pendant 10 ans à la plateforme
téléphonique » ; prime unique de 240 € TTC (VEFA, BRS ; un ou deux co-acquéreurs). Parameters
``assurance_revente.*``, read at the date the contract is signed.

The PSLA formula is another one: the source says only « la protection revente d'ACE Europe
propose un formule spécifique à 110 euros TTC », with no cover (notarial review, B11). Its cover
is the case's own fact (``assurance_revente.couverture``, the contract's terms), never the
Chubb figures.

cover = min(rate × price rounded to the centime (half-up), ceiling).
The assistance ends N years after the contract date (same day number, CPC art. 641).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from actegen.compute.dates import add_years
from actegen.compute.explain import NOMBRE, TAUX, Explication, Ligne
from actegen.errors import ParameterError
from actegen.french import format_computed, format_computed_rate
from actegen.money import HUNDRED, round_cents, to_decimal
from actegen.parameters import lookup
from actegen.produits import LIBELLES_PRODUITS, Produit

__all__ = ["AssuranceRevente", "CouvertureFormule", "assurance_revente", "couverture_du_contrat"]

_PRIMES = {
    Produit.ACCESSION_SOCIALE: "assurance_revente.prime.accession_sociale",
    Produit.BRS: "assurance_revente.prime.brs",
    Produit.PSLA: "assurance_revente.prime.psla",
}
# Products whose formula is the Chubb contract whose cover the FNSCHLM page states.
_FORMULE_SOURCEE = frozenset({Produit.ACCESSION_SOCIALE, Produit.BRS})


@dataclass(frozen=True)
class CouvertureFormule:
    """The cover of a formula the source does not state (PSLA): the contract's own terms."""

    taux: Decimal  # a fraction of the price
    plafond: Decimal
    diagnostic_technique_max: Decimal | None = None
    duree_assistance_annees: int | None = None


def couverture_du_contrat(c: Mapping[str, Any] | None) -> CouvertureFormule | None:
    """The case's ``assurance_revente.couverture`` (a percentage as the case writes it)."""
    if not c:
        return None
    return CouvertureFormule(
        c["taux_pct"] / HUNDRED,
        c["plafond"],
        c.get("diagnostic_technique_max"),
        c.get("duree_assistance_annees"),
    )


@dataclass(frozen=True)
class AssuranceRevente:
    produit: Produit
    prix: Decimal
    date_contrat: date
    taux_couverture: Decimal
    plafond: Decimal
    indemnite_maximale: Decimal
    diagnostic_technique_max: Decimal | None
    prime: Decimal
    nombre_coacquereurs: int
    duree_assistance_annees: int | None
    date_fin_assistance: date | None
    lignes: tuple[Ligne, ...]


def assurance_revente(
    *,
    prix: Decimal,
    produit: Produit | str,
    date_contrat: date,
    nombre_coacquereurs: int = 1,
    couverture: CouvertureFormule | None = None,
    currency: str | None = "EUR",
) -> AssuranceRevente:
    """The cover, premium and dates of the resale insurance of one purchase: the Chubb
    contract's sourced terms (VEFA, BRS), or ``couverture`` for a formula the source does not
    describe (PSLA), which then must be given."""
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
    diag: Decimal | None
    duree: int | None
    refs: tuple[str, ...]
    if produit in _FORMULE_SOURCEE:
        taux_pv = lookup("assurance_revente.taux_couverture", date_contrat)
        taux = ex.parametre(taux_pv, "Taux de prise en charge de la décote")
        plafond_pv = lookup("assurance_revente.plafond_indemnite", date_contrat)
        plafond = ex.parametre(
            plafond_pv, f"Plafond pour un contrat signé le {date_contrat.strftime('%d/%m/%Y')}"
        )
        refs = taux_pv.references + plafond_pv.references
    elif couverture is None:
        raise ParameterError(
            f"assurance revente ({LIBELLES_PRODUITS[produit]}) : la source ne donne pas la couverture de cette "
            "formule ; indiquer celle du contrat (assurance_revente.couverture)"
        )
    else:
        taux = ex.ajouter(
            "Taux de prise en charge de la décote",
            "conditions du contrat (donnée)",
            couverture.taux,
            unite=TAUX,
        )
        plafond = ex.ajouter(
            "Plafond de la prise en charge", "conditions du contrat (donnée)", couverture.plafond
        )
        refs = ()
    part = round_cents(prix * taux)
    indemnite = ex.ajouter(
        "Prise en charge maximale de la décote",
        f"le plus petit de {format_computed_rate(taux)} × {format_computed(prix, currency)} = {format_computed(part, currency)} "
        f"et {format_computed(plafond, currency)}",
        min(part, plafond),
        arrondi=f"{format_computed_rate(taux)} du prix au centime le plus proche (la moitié vers le haut)",
        references=refs,
    )
    if produit in _FORMULE_SOURCEE:
        diag = ex.parametre(
            lookup("assurance_revente.diagnostic_technique_max", date_contrat),
            "Dossier de diagnostic technique pris en charge, au plus (TTC)",
        )
        duree_pv = lookup("assurance_revente.duree_assistance_annees", date_contrat)
        duree = int(ex.parametre(duree_pv, "Durée de l’assistance (années)"))
        duree_refs = duree_pv.references
    else:
        assert couverture is not None
        diag = couverture.diagnostic_technique_max
        if diag is not None:
            ex.ajouter(
                "Dossier de diagnostic technique pris en charge, au plus (TTC)",
                "conditions du contrat (donnée)",
                diag,
            )
        duree = couverture.duree_assistance_annees
        if duree is not None:
            ex.ajouter(
                "Durée de l’assistance (années)",
                "conditions du contrat (donnée)",
                Decimal(duree),
                unite=NOMBRE,
            )
        duree_refs = ()
    prime_pv = lookup(_PRIMES[produit], date_contrat)
    pluriel = "s" if nombre_coacquereurs > 1 else ""
    prime = ex.parametre(
        prime_pv,
        f"Prime unique TTC ({LIBELLES_PRODUITS[produit]}, {nombre_coacquereurs} co-acquéreur{pluriel})",
    )
    fin = None
    if duree is not None:
        fin = add_years(date_contrat, duree)
        ex.ajouter_date(
            "Fin de l’assistance", f"date du contrat + {duree}\u00a0ans", fin, references=duree_refs
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
