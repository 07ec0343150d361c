"""Context of the acte de vente (one per lot, every product).

The template and the clause library hold the wording; this builder hands them the case's
parties, the lot, the computed figures (``calc``) and the few choices that depend on the
product, the date or the seller: the act's title, how the buyer enters into possession, the
seller's sûreté (the privilège du vendeur became an hypothèque légale spéciale on 1 January
2022, C. civ. art. 2402), the guarantees' terms as ``compute`` read them from the dated
parameters.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from .. import french
from ..case_types import Case, Lot, Vendeur
from ..compute.dossier import LotResult
from ..money import ZERO
from ..naming import buyer_file_label
from ..parameters import lookup
from ..produits import LIBELLES_PRODUITS, Produit, act_date, jouissance
from .acte_lts import executoire_phrase, lts_context, preteur_context, surete_paragraphs
from .bien import bien_context
from .common import (
    a_lieu,
    buyers_designation,
    capitalized,
    fraction_denominator,
    group_context,
    legal_person_context,
    names_of,
    notary_context,
    ordinal,
    place_context,
)
from .comparution import buyers_context, communaute_phrase
from .convention_caf import applies as convention_caf_applies
from .figures import assurance_context, lot_calc, pct

_RANKS = {1: "premier", 2: "deuxième", 3: "troisième", 4: "quatrième", 5: "cinquième"}


_VENTE = "Le VENDEUR vend, en s’obligeant aux garanties ordinaires de fait et de droit, à l’ACQUÉREUR, qui accepte, le bien dont la désignation suit."

_STATUTS_HLM = {
    "locataire": "est locataire du logement vendu",
    "conjoint_du_locataire": "est le conjoint du locataire du logement vendu, à la demande duquel la vente lui est consentie",
    "ascendant_ou_descendant_du_locataire": "est un ascendant ou un descendant du locataire du logement vendu, à la demande duquel la vente lui est consentie",
}

_DISPENSES_CARREZ = {
    "cave": "il s’agit d’une cave",
    "garage": "il s’agit d’un garage",
    "parking": "il s’agit d’un emplacement de stationnement",
    "lot_inferieur_8m2": "la superficie du lot est inférieure à huit mètres carrés",
}


def _acte(produit: str, lot: Lot, when: date) -> dict[str, Any]:
    vefa = "vefa" in lot
    if produit == "accession_sociale" and vefa:
        return {
            "date": when,
            "titre": "Vente en l’état futur d’achèvement",
            "nature": "VENTE EN L’ÉTAT FUTUR D’ACHÈVEMENT",
            "intitule_vente": "Vente",
            "phrase_vente": "Le VENDEUR vend en l’état futur d’achèvement à l’ACQUÉREUR, qui accepte, le bien "
            "dont la désignation suit, tel qu’il résulte des plans et de la notice descriptive "
            "demeurés annexés, qu’il s’oblige à édifier et à livrer dans les conditions ci-après.",
        }
    if produit == "psla":
        return {
            "date": when,
            "titre": "Vente après levée d’option",
            "nature": "VENTE",
            "intitule_vente": "Vente",
            "phrase_vente": "Par suite de la levée de l’option d’achat stipulée au contrat de location-accession, "
            "le VENDEUR vend à l’ACQUÉREUR, qui accepte, le bien dont la désignation suit.",
        }
    if produit == "brs":
        return {
            "date": when,
            "titre": "Cession de droits réels — bail réel solidaire",
            "nature": "CESSION DE DROITS RÉELS IMMOBILIERS SOUS BAIL RÉEL SOLIDAIRE",
            "intitule_vente": "Cession",
            "phrase_vente": "Le VENDEUR cède à l’ACQUÉREUR, qui accepte, avec l’agrément de l’ORGANISME DE "
            "FONCIER SOLIDAIRE, les droits réels attachés au logement dont la désignation suit, "
            "sous le régime du bail réel solidaire.",
        }
    if produit == "vente_hlm":
        return {
            "date": when,
            "titre": "Vente d’un logement social à son occupant",
            "nature": "VENTE",
            "intitule_vente": "Vente",
            "phrase_vente": _VENTE,
        }
    return {
        "date": when,
        "titre": "Vente",
        "nature": "VENTE",
        "intitule_vente": "Vente",
        "phrase_vente": _VENTE,
    }


def _guarantee_name(when: date, *, renounced: bool = False) -> str:
    """The seller's sûreté as the act names it, with the article a verb needs (« se réserve le
    privilège … », « renonce au privilège … »)."""
    if lookup("suretes.hypotheque_legale_speciale_vendeur", when).as_bool:
        return (
            "à " if renounced else ""
        ) + "l’hypothèque légale spéciale du vendeur (article 2402, 1° du Code civil)"
    if renounced:
        return "au privilège du vendeur et à l’action résolutoire"
    return "le privilège du vendeur et l’action résolutoire"


def _surete(case: Case, calc: dict[str, Any], when: date) -> dict[str, Any]:
    fin = case.get("financement", {})
    guarantee = _guarantee_name(when)
    consigned = calc.get("paiement")
    vefa = calc.get("vefa")
    if consigned is not None:
        rank = _RANKS[fin.get("rang_garantie_vendeur", 1)]
        if case["operation"]["produit"] == "lts" and not guarantee.startswith("l’hypothèque"):
            paragraphs = surete_paragraphs(case, rank)
            return {"titre": "Garantie du solde du prix", "phrase": paragraphs[0], "suite": paragraphs[1:]}
        behind = " derrière l’inscription prise au profit du prêteur" if rank != "premier" else ""
        organe = case["vendeur"]["autorisation"]["organe"]
        # Only the privilège (or the hypothèque) is inscribed, not the action résolutoire:
        # the relative clause has one antecedent and agrees with it.
        if guarantee.startswith("le privilège"):
            guarantee, inscrit, tail = (
                "le privilège de vendeur",
                "inscrit",
                ", ainsi que l’action résolutoire",
            )
        else:
            inscrit, tail = "inscrite", ""
        return {
            "titre": "Garantie du solde du prix",
            "phrase": "À la sûreté du solde du prix consigné, le VENDEUR se réserve, conformément à "
            f"l’autorisation donnée par la délibération du {organe}, {guarantee}, qui sera {inscrit} "
            f"en {rank} rang{behind}{tail}.",
            "suite": [],
        }
    if vefa is not None and vefa["solde"] > 0:
        return {
            "titre": "Garantie du solde du prix",
            "phrase": f"À la sûreté du solde du prix, payable au fur et à mesure de l’avancement des travaux, "
            f"le VENDEUR se réserve {guarantee}, dont l’inscription sera requise par le notaire "
            "soussigné ; il en donnera mainlevée au paiement du solde.",
            "suite": [],
        }
    return {
        "titre": "Sûreté du vendeur",
        "phrase": f"Le prix étant payé comptant ce jour, le VENDEUR renonce {_guarantee_name(when, renounced=True)} "
        "et dispense le notaire d’en requérir l’inscription.",
        "suite": [],
    }


_ADRESSE = re.compile(r"^(?P<voie>.+),\s*(?P<cp>\d{5})\s+(?P<commune>[^,]+)$")


def lieu_du_bien(lot: Lot) -> str | None:
    """« À SAINT-DENIS (97400), 1 allée des Girimbelles, Montgaillard »: the commune once,
    in capitals with its postcode, then the street; None when the address does not end
    with « code postal commune »."""
    m = _ADRESSE.match(lot["adresse"])
    if m is None:
        return None
    a = capitalized(a_lieu(m["commune"]))
    head, _sep, name = a.partition(" ")
    return f"{head.upper()} {name.upper()} ({m['cp']}), {m['voie']}"


def _autorisation_phrase(vendeur: Vendeur) -> str:
    auth = vendeur["autorisation"]
    nature = {
        "deliberation": "d’une délibération",
        "decision": "d’une décision",
        "mandat": "d’un mandat",
        "procuration": "d’une procuration",
    }[auth["nature"]]
    numero = f" n° {auth['numero']}" if "numero" in auth else ""
    return f"{nature} du {auth['organe']}{numero} en date du {french.format_date_long(auth['date'])}"


def _financement(produit: str, lot: Lot) -> dict[str, Any] | None:
    plan = lot.get("plan_de_financement")
    if plan is None:
        return None
    sources: list[dict[str, Any]] = []
    if (
        produit == "psla"
        and "location_accession" in lot
        and lot["location_accession"]["part_acquisitive"] > 0
    ):
        sources.append(
            {
                "nature": "part_acquisitive",
                "montant": lot["location_accession"]["part_acquisitive"],
                "pret": None,
            }
        )
    if plan.get("apport", ZERO) > 0:
        sources.append({"nature": "apport", "montant": plan["apport"], "pret": None})
    for pret in plan.get("prets", []):
        sources.append({"nature": "pret", "montant": pret["montant"], "pret": pret})
    return {"sources": sources}


def garanties_context(case: Case, result: LotResult, produit: str) -> dict[str, Any]:
    """The terms of the guarantees chosen, in force at their start (the act; the levée
    d'option in PSLA), for the clause files."""
    chosen = case.get("garanties", {})
    rachat = None
    bareme = result.rachat
    if bareme is not None:
        r = bareme.regles
        rachat = {
            "duree": r.duree_annees,
            "date_debut": bareme.date_acte,
            "date_fin": bareme.date_fin,
            "delai_demande_mois": r.delai_demande_mois,
            "taux_base": pct(r.taux_base),
            "minoration": pct(r.minoration_annuelle),
            "annees_sans_minoration": r.annees_sans_minoration,
            "premiere_annee_minoree": ordinal(r.annees_sans_minoration + (1 if r.annee_6_minoree else 2)),
            "point_de_depart": "de la levée d’option"
            if produit == "psla"
            else "de la signature du présent acte",
            "annees": [
                {
                    "annee": a.annee,
                    "debut": a.debut,
                    "fin": a.fin,
                    "pourcentage": pct(a.pourcentage),
                    "prix_minimum": a.prix_minimum,
                }
                for a in bareme.annees
            ],
        }
    relogement = None
    terms = result.relogement
    if terms is not None:
        forme = chosen.get("forme_relogement", "au_choix")
        relogement = {
            "duree": terms.duree_annees,
            "date_fin": terms.date_fin,
            "nombre_offres": terms.nombre_offres,
            "delai_offres_mois": terms.delai_offres_mois,
            "delai_reponse_mois": terms.delai_reponse_mois,
            "delai_demande_mois": terms.delai_demande_mois,
            "plafond": terms.plafond_ressources,
            "promesse_vente_requise": terms.promesse_vente_requise,
            "forme": forme,
            "maintien": forme in ("au_choix", "maintien_dans_les_lieux"),
            "autre_logement": forme in ("au_choix", "autre_logement"),
            "au_choix": forme == "au_choix",
        }
    return {
        "rachat": rachat,
        "relogement": relogement,
        "retour_meilleure_fortune": bool(chosen.get("retour_meilleure_fortune")) and relogement is not None,
    }


def _brs(case: Case) -> dict[str, Any]:
    """The bail réel solidaire, its organisme de foncier solidaire with its agreed words."""
    brs = dict(case["bail_reel_solidaire"])
    brs["ofs"] = legal_person_context(brs["ofs"])
    return brs


def remboursement_lisse(case: Case, lot: Lot, result: LotResult) -> dict[str, Any] | None:
    """The loan's instalments as the convention CAF fixes them, when they are smoothed on the
    AL (rapport n° 93/4-18, annexe UES: « le montant des mensualités sera alors ajusté sur
    l'évolution de l'allocation logement »): the acte states the same financing — the first
    year's instalment, the household's constant share, the schedule of the convention annexed —
    instead of a constant instalment the convention contradicts. None otherwise."""
    lis = result.lissage
    if lis is None or not convention_caf_applies(case, lot, result):
        return None
    first = lis.annees[0]
    return {
        "premiere_echeance": first.echeance,
        "al": first.al,
        "part_menage": lis.solde_menage,
        "ajustement_final": lis.ajustement_final,
        "caisse": case["caf"]["denomination"],
    }


def applies(case: Case, lot: Lot, result: LotResult) -> bool:
    """Every lot has its act (``build_jobs`` leaves out a household that stays a tenant)."""
    return True


def context(case: Case, lot: Lot, result: LotResult) -> dict[str, Any]:
    """Everything the acte and its clauses print (the clauses are added by ``build_jobs``)."""
    op = case["operation"]
    produit = op["produit"]
    when = act_date(case, lot)
    people = lot["acquereurs"]
    calc = lot_calc(result)
    calc["assurance"] = assurance_context(result.assurance)
    portage = None
    if "portage_convention" in case and "portage" in lot:
        portage = {
            **place_context(case["portage_convention"], "commune"),
            "duree_max_annees": lookup("portage.duree_max_annees", lot["portage"]["date_acquisition"]).as_int,
        }
    copro = lot.get("copropriete", {})
    return {
        "op": place_context(op, "lieu_acte", "commune"),
        "produit": produit,
        "produit_libelle": LIBELLES_PRODUITS[Produit(produit)],
        "vendeur": legal_person_context(case["vendeur"]),
        "notaire": notary_context(case["notaire"]),
        "mandataire": legal_person_context(case["mandataire"]) if "mandataire" in case else None,
        "seance": case.get("seance", {}),
        "fin": case.get("financement", {}),
        "lot": lot,
        "calc": calc,
        "acquereurs": buyers_context(people),
        "acquereurs_communaute": communaute_phrase(people),
        "acquereurs_noms": names_of(people),
        "acquereurs_designation": buyers_designation(people),
        "acquereurs_accord": group_context(people),
        "acte": _acte(produit, lot, when),
        "jouissance": jouissance(produit, lot),
        "autorisation_phrase": _autorisation_phrase(case["vendeur"]) + executoire_phrase(case, when),
        "preteur": preteur_context(case) if produit == "lts" else None,
        "lts": lts_context(case, lot, calc, when),
        "cadastre_lieudit": lot["cadastre"].get("lieudit", lot["adresse"]),
        "lieu_du_bien": lieu_du_bien(lot),
        "tantiemes_denominateur": fraction_denominator(
            copro["tantiemes_total"], reform1990=op.get("orthographe") == "rectifiee_1990"
        )
        if copro
        else "",
        "dispense_carrez_phrase": (
            _DISPENSES_CARREZ[copro["dispense_carrez"]]
            + " (article 46 de la loi n° 65-557 du 10 juillet 1965)"
        )
        if "dispense_carrez" in copro
        else "",
        "surete": _surete(case, calc, when),
        "brs": _brs(case) if produit == "brs" else None,
        "portage_convention": portage,
        "assurance": case.get("assurance_revente") if calc["assurance"] is not None else None,
        "vente_hlm": {"statut_phrase": _STATUTS_HLM[lot["vente_hlm"]["statut_occupant"]]}
        if produit == "vente_hlm" and "vente_hlm" in lot
        else None,
        "financement_acquereur": _financement(produit, lot),
        "remboursement_lisse": remboursement_lisse(case, lot, result),
        "garanties": garanties_context(case, result, produit),
        "bien": bien_context(case, lot, when),
    }


def filename(lot: Lot) -> str:
    return f"acte-de-vente_{buyer_file_label(lot)}.docx"


def title(lot: Lot) -> str:
    return f"Acte de vente — lot {lot['numero']}"
