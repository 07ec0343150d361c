"""The products of social home ownership and the events that open the guarantees.

Named once, used by the guarantee, insurance and solvency computations; the parameter
files list events by these values (``garantie_rachat.<produit>.evenements``).
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["LIBELLES_EVENEMENTS", "LIBELLES_PRODUITS", "Evenement", "Produit"]


class Produit(StrEnum):
    ACCESSION_SOCIALE = "accession_sociale"  # vente en VEFA par un organisme Hlm
    PSLA = "psla"  # location-accession (prêt social location-accession)
    BRS = "brs"  # bail réel solidaire
    VENTE_HLM = "vente_hlm"  # vente d'un logement Hlm à son occupant
    LTS = "lts"  # logement très social vendu par une commune (seed 004)


class Evenement(StrEnum):
    DECES = "deces"
    MOBILITE_PROFESSIONNELLE = "mobilite_professionnelle"
    CHOMAGE = "chomage"
    INVALIDITE = "invalidite"
    DIVORCE = "divorce"
    DISSOLUTION_PACS = "dissolution_pacs"


LIBELLES_PRODUITS = {
    Produit.ACCESSION_SOCIALE: "accession sociale (VEFA)",
    Produit.PSLA: "location-accession (PSLA)",
    Produit.BRS: "bail réel solidaire (BRS)",
    Produit.VENTE_HLM: "vente Hlm à l'occupant",
    Produit.LTS: "logement très social (LTS)",
}

LIBELLES_EVENEMENTS = {
    Evenement.DECES: "décès",
    Evenement.MOBILITE_PROFESSIONNELLE: "mobilité professionnelle (plus de 70 km)",
    Evenement.CHOMAGE: "chômage ou perte d'emploi de plus d'un an",
    Evenement.INVALIDITE: "invalidité",
    Evenement.DIVORCE: "divorce",
    Evenement.DISSOLUTION_PACS: "dissolution d'un pacte civil de solidarité",
}
