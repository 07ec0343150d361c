"""The computed figures as the templates name them (``calc.…``).

``compute`` returns frozen results in the units of the rules (a rate is a fraction, a loan
lasts months); this is the one place that turns them into what the documents print
(percentages × 100, durations in years), so that every family shows the same values.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..compute.anti_speculation import AntiSpeculation
from ..compute.assurance import AssuranceRevente
from ..compute.dossier import LotResult, PaiementLot, PretLot
from ..compute.vefa import EcheancierVefa
from ..money import HUNDRED


def pct(fraction: Decimal) -> Decimal:
    """A fraction as the percentage an act writes: 0.785 → 78.5."""
    return (fraction * HUNDRED).normalize()


def pret_context(p: PretLot | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {
        "capital": p.pret.capital,
        "taux": p.pret.taux_annuel * HUNDRED,
        "duree_annees": p.pret.duree_mois // 12,
        "mensualite": p.mensualite,
        "apport": p.apport,
        "convention": str(p.pret.convention),
    }


def paiement_context(p: PaiementLot | None) -> dict[str, Any] | None:
    if p is None:
        return None
    split = p.repartition
    return {
        "part_signature_taux": split.taux_signature * HUNDRED,
        "part_consignee_taux": HUNDRED - split.taux_signature * HUNDRED,
        "signature": split.part_signature,
        "consigne": split.consignation,
        "duree_consignation": p.duree_consignation,
    }


def vefa_context(v: EcheancierVefa | None) -> dict[str, Any] | None:
    if v is None:
        return None
    etapes = [
        {
            "stade": e.stade,
            "libelle": e.libelle,
            "pourcentage": e.pourcentage,
            "montant_cumule": e.montant_cumule,
            "montant_appel": e.montant_appel,
        }
        for e in v.etapes
    ]
    return {
        "etapes": etapes,
        "stade_atteint": v.stade_atteint,
        "stade_atteint_libelle": v.stade_atteint_libelle,
        "exigible_signature": v.exigible_signature,
        "solde": v.solde,
    }


def anti_speculation_context(a: AntiSpeculation | None) -> dict[str, Any] | None:
    if a is None:
        return None
    return {"prix_reference": a.prix_reference, "prix": a.prix, "ecart": a.ecart, "date_fin": a.date_fin}


def assurance_context(assurance: AssuranceRevente | None) -> dict[str, Any] | None:
    """The resale insurance's figures, with its cover rate also as a percentage."""
    if assurance is None:
        return None
    return {
        "produit": str(assurance.produit),
        "prix": assurance.prix,
        "date_contrat": assurance.date_contrat,
        "taux_couverture_pct": assurance.taux_couverture * HUNDRED,
        "plafond": assurance.plafond,
        "indemnite_maximale": assurance.indemnite_maximale,
        "diagnostic_technique_max": assurance.diagnostic_technique_max,
        "prime": assurance.prime,
        "nombre_coacquereurs": assurance.nombre_coacquereurs,
        "duree_assistance_annees": assurance.duree_assistance_annees,
        "date_fin_assistance": assurance.date_fin_assistance,
    }


def lot_calc(r: LotResult) -> dict[str, Any]:
    """A lot's figures under the names the templates use (``calc.…``)."""
    return {
        "prix": r.prix,
        "prix_de_vente": r.prix_de_vente,
        "pret": pret_context(r.pret),
        "paiement": paiement_context(r.paiement),
        "solvabilite": r.solvabilite,
        "rachat": r.rachat,
        "assurance": r.assurance,
        "portage": r.portage,
        "couverture_mutuelle_mois": r.couverture_mutuelle_mois,
        "vefa": vefa_context(r.vefa),
        "anti_speculation": anti_speculation_context(r.anti_speculation),
        "lissage": r.lissage,  # instalments smoothed on the AL (None when the case gives no forecast)
    }
