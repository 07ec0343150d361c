"""The frozen results of ``compute``: what ``documents`` formats and the note de calcul shows,
one ``LotResult`` per lot and a ``CaseResults`` for the case (``compute/dossier.py`` builds them)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from actegen.compute import assurance as assurance_mod
from actegen.compute import fiscalite as fiscalite_mod
from actegen.compute import garanties as garanties_mod
from actegen.compute import paiement as paiement_mod
from actegen.compute import portage as portage_mod
from actegen.compute import pret as pret_mod
from actegen.compute import relogement as relogement_mod
from actegen.compute import solvabilite as solvabilite_mod
from actegen.compute.anti_speculation import AntiSpeculation
from actegen.compute.explain import Ligne
from actegen.compute.lissage_al import LissageAL
from actegen.compute.location_accession import PrixLocationAccession
from actegen.compute.vefa import EcheancierVefa
from actegen.errors import FieldPath


@dataclass(frozen=True)
class Section:
    """A titled group of explanation lines: one computation of the note de calcul."""

    titre: str
    lignes: tuple[Ligne, ...]


@dataclass(frozen=True)
class Avertissement:
    """A figure the act may state but the office should look at. Compute knows no file
    positions: the pipeline makes it a ``CaseError`` of severity « avertissement » at the
    loader's position of ``path``, beside the warnings of ``validate``."""

    path: FieldPath
    message: str


@dataclass(frozen=True)
class PretLot:
    """The case's loan for one lot (price − apport, at the case's rate)."""

    pret: pret_mod.Pret
    mensualite: Decimal
    apport: Decimal


@dataclass(frozen=True)
class PaiementLot:
    """The split of the price between signature and consignation, and how long it is consigned."""

    repartition: paiement_mod.RepartitionPaiement
    duree_consignation: int


@dataclass(frozen=True)
class LotResult:
    numero: Any
    prix: dict[str, Decimal]
    prix_de_vente: Decimal
    pret: PretLot | None
    paiement: PaiementLot | None
    solvabilite: solvabilite_mod.Solvabilite | None
    rachat: garanties_mod.BaremeRachat | None
    relogement: relogement_mod.ConditionsRelogement | None
    assurance: assurance_mod.AssuranceRevente | None
    portage: portage_mod.Portage | None
    couverture_mutuelle_mois: int
    vefa: EcheancierVefa | None
    anti_speculation: AntiSpeculation | None
    sections: tuple[Section, ...]
    location_accession: PrixLocationAccession | None = None
    fiscalite: fiscalite_mod.Fiscalite | None = None
    lissage: LissageAL | None = None


@dataclass(frozen=True)
class CaseResults:
    lots: tuple[LotResult, ...]
    totaux: paiement_mod.TotauxOperation | None
    sections: tuple[Section, ...]
    warnings: tuple[Avertissement, ...]
    currency: str
