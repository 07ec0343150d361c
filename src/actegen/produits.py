"""Domain facts every stage shares: the products, their labels, which guarantees each
product carries, and the dates an acte is reckoned from.

One owner for each of these facts: ``validate``, ``compute`` and ``documents`` import them
from here (never the other way round), so that a rule, a figure and a clause cannot disagree
on which products open a garantie de rachat or on when a guarantee starts.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from .case_types import Case, Lot

__all__ = [
    "LIBELLES_EVENEMENTS",
    "LIBELLES_PRODUITS",
    "PRODUITS_ASSURANCE_REVENTE",
    "PRODUITS_OCCUPANT",
    "PRODUITS_RACHAT",
    "PRODUITS_RELOGEMENT",
    "Evenement",
    "Produit",
    "act_date",
    "debut_garanties",
    "jouissance",
]


class Produit(StrEnum):
    ACCESSION_SOCIALE = "accession_sociale"  # vente en VEFA par un organisme Hlm
    PSLA = "psla"  # location-accession (prêt social location-accession)
    BRS = "brs"  # bail réel solidaire
    VENTE_HLM = "vente_hlm"  # vente d'un logement Hlm à son occupant
    LTS = "lts"  # logement très social vendu par une commune (Saint-Denis, 1993)
    PORTAGE = "portage"  # revente d'un lot porté (portage ciblé)


class Evenement(StrEnum):
    DECES = "deces"
    MOBILITE_PROFESSIONNELLE = "mobilite_professionnelle"
    CHOMAGE = "chomage"
    INVALIDITE = "invalidite"
    DIVORCE = "divorce"
    DISSOLUTION_PACS = "dissolution_pacs"


PRODUITS_RACHAT = frozenset({Produit.ACCESSION_SOCIALE, Produit.PSLA, Produit.VENTE_HLM})
"""The products whose seller may give a garantie de rachat (sécurisation Hlm, CCH R.443-2)."""

PRODUITS_RELOGEMENT = frozenset({Produit.ACCESSION_SOCIALE, Produit.PSLA})
"""The products whose seller may give a garantie de relogement."""

PRODUITS_ASSURANCE_REVENTE = frozenset({Produit.ACCESSION_SOCIALE, Produit.PSLA, Produit.BRS})
"""The products for which an assurance revente can be subscribed."""

PRODUITS_OCCUPANT = frozenset({Produit.LTS, Produit.PSLA, Produit.VENTE_HLM})
"""The products whose buyer already lives in the home sold."""

LIBELLES_PRODUITS = {
    Produit.LTS: "logement très social (LTS)",
    Produit.ACCESSION_SOCIALE: "accession sociale à la propriété (VEFA)",
    Produit.PSLA: "location-accession (PSLA)",
    Produit.BRS: "bail réel solidaire (BRS)",
    Produit.VENTE_HLM: "vente d'un logement Hlm à son occupant",
    Produit.PORTAGE: "revente d'un lot porté (portage ciblé)",
}
"""The product as a document names it."""

LIBELLES_EVENEMENTS = {
    Evenement.DECES: "décès",
    Evenement.MOBILITE_PROFESSIONNELLE: "mobilité professionnelle (plus de 70 km)",
    Evenement.CHOMAGE: "chômage ou perte d'emploi de plus d'un an",
    Evenement.INVALIDITE: "invalidité",
    Evenement.DIVORCE: "divorce",
    Evenement.DISSOLUTION_PACS: "dissolution d'un pacte civil de solidarité",
}


def act_date(case: Case, lot: Lot) -> date:
    """The date of the lot's acte: its own ``date_acte``, else the operation's."""
    when: date = lot.get("date_acte", case["operation"]["date_acte"])
    return when


def debut_garanties(case: Case, lot: Lot) -> date:
    """The date the guarantees run from: the levée d'option in a PSLA (the contract of
    location-accession ends there), the acte otherwise."""
    if case["operation"]["produit"] == Produit.PSLA:
        start: date | None = lot.get("date_levee_option")
        if start is not None:
            return start
    return act_date(case, lot)


def jouissance(produit: str, lot: Lot) -> str:
    """'vefa' (a home to be built), 'occupant' (the buyer lives there already) or 'libre'."""
    if "vefa" in lot:
        return "vefa"
    if produit in PRODUITS_OCCUPANT:
        return "occupant"
    return "libre"
