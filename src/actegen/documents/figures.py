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
from ..compute.fiscalite import Fiscalite
from ..compute.location_accession import PrixLocationAccession
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


def fiscalite_context(f: Fiscalite | None) -> dict[str, Any] | None:
    """The taxes of the sale, rates as percentages (« Déclarations fiscales », « Frais »)."""
    if f is None:
        return None
    return {
        "regime": f.regime,
        "prix": f.prix,
        "taux_tva": pct(f.taux_tva) if f.taux_tva is not None else None,
        "prix_ht": f.prix_ht,
        "montant_tva": f.montant_tva,
        "taux_reduit": f.taux_reduit,
        "fondement_tva": f.fondement_tva,
        "delai_complement_annees": f.delai_complement_annees,
        "droits": [
            {"libelle": d.libelle, "taux": pct(d.taux), "assiette": d.assiette, "montant": d.montant}
            for d in f.droits
        ],
        "total_droits": f.total_droits,
        "csi": f.csi,
        "taux_csi": pct(f.taux_csi) if f.taux_csi is not None else None,
        "emoluments_ht": f.emoluments_ht,
        "tva_emoluments": f.tva_emoluments,
        "debours": f.debours,
        "provision": f.provision,
        "articles_plus_value": f.articles_plus_value,
    }


def location_accession_context(la: PrixLocationAccession | None) -> dict[str, Any] | None:
    """The PSLA price justification (clause « Location-accession »)."""
    if la is None:
        return None
    return {
        "prix_initial": la.prix_initial,
        "minoration": pct(la.minoration),
        "dates_anniversaires": list(la.dates_anniversaires),
        "nombre_anniversaires": la.nombre_anniversaires,
        "prix_minore": la.prix_minore,
        "part_acquisitive": la.part_acquisitive,
        "solde": la.solde,
        "prix_ht": la.prix_ht,
        "prix_ht_m2": la.prix_ht_m2,
        "plafond_prix_m2_ht": la.plafond_prix_m2_ht,
        "revenu_fiscal_reference": la.revenu_fiscal_reference,
        "plafond_ressources": la.plafond_ressources,
        "prix_sous_plafond": la.prix_sous_plafond,
        "ressources_sous_plafond": la.ressources_sous_plafond,
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
        "fiscalite": fiscalite_context(r.fiscalite),
        "location_accession": location_accession_context(r.location_accession),
        "lissage": r.lissage,  # instalments smoothed on the AL (None when the case gives no forecast)
    }
