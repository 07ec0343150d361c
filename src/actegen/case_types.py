"""The shape of a validated case, for the type checker.

``schemas/case.schema.json`` is the contract a case file is validated against; these
``TypedDict`` mirror its main objects so that a misspelt key (``lot["acquereus"]``) is a
type error rather than a ``KeyError`` at render time. A test keeps them in line with the
schema (same keys, same required keys). Sub-objects that only one module reads stay
``dict[str, Any]``. (No ``from __future__ import annotations`` here: ``TypedDict``
reads ``NotRequired`` at class creation.)
"""

import datetime as dt
from decimal import Decimal
from typing import Any, NotRequired, TypedDict

__all__ = ["Acquereur", "Case", "Lot", "Notaire", "Operation", "Seance", "Vendeur"]


class Acquereur(TypedDict):
    civilite: str
    nom: str
    nom_usage: NotRequired[str]
    prenoms: str
    date_naissance: dt.date
    lieu_naissance: str
    nationalite: NotRequired[str]
    adresse: str
    situation_matrimoniale: str
    regime_matrimonial: NotRequired[str]
    profession: str
    numero_caf: NotRequired[str]
    telephone: NotRequired[str]
    courriel: NotRequired[str]
    quote_part: NotRequired[Decimal]
    conjoint: NotRequired[dict[str, Any]]


class Lot(TypedDict):
    numero: Any
    designation: str
    adresse: str
    type_logement: NotRequired[str]
    surface_habitable_m2: NotRequired[Decimal]
    cadastre: dict[str, Any]
    copropriete: NotRequired[dict[str, Any]]
    origine_propriete: str
    bien: NotRequired[dict[str, Any]]
    date_acte: NotRequired[dt.date]
    date_levee_option: NotRequired[dt.date]
    prix: dict[str, Any]
    acquereurs: list[Acquereur]
    diagnostics: NotRequired[list[str]]
    vefa: NotRequired[dict[str, Any]]
    location_accession: NotRequired[dict[str, Any]]
    bail_reel_solidaire: NotRequired[dict[str, Any]]
    vente_hlm: NotRequired[dict[str, Any]]
    plan_de_financement: NotRequired[dict[str, Any]]
    assurance_revente: NotRequired[dict[str, Any]]
    menage: NotRequired[dict[str, Any]]
    portage: NotRequired[dict[str, Any]]
    demande_rachat: NotRequired[dict[str, Any]]
    clauses: NotRequired[dict[str, Any]]
    derogation_accession: NotRequired[dict[str, Any]]
    acte_initial: NotRequired[dict[str, Any]]
    travaux_remise_en_etat: NotRequired[dict[str, Any]]


class Operation(TypedDict):
    nom: str
    objet: NotRequired[str]
    commune: str
    departement: NotRequired[str]
    programme: str
    produit: str
    devise: str
    orthographe: NotRequired[str]
    date_acte: dt.date
    lieu_acte: str
    office: str
    service_publicite_fonciere: NotRequired[str]
    support_acte: NotRequired[str]


class Notaire(TypedDict):
    civilite: str
    nom: str
    prenoms: str
    residence: str
    office: NotRequired[str]
    delegue_protection_donnees: NotRequired[str]


class Vendeur(TypedDict):
    type: str
    denomination: str
    forme_juridique: NotRequired[str]
    siege: str
    siren: NotRequired[str]
    representant: dict[str, Any]
    autorisation: dict[str, Any]
    autorisation_vente_hlm: NotRequired[dict[str, Any]]
    service_impots: NotRequired[str]
    comptable_public: NotRequired[str]


class Seance(TypedDict):
    numero_rapport: NotRequired[str]
    numero_deliberation: str
    date: dt.date
    date_convocation: NotRequired[dt.date]
    lieu: str
    objet: str
    president: dict[str, Any]
    rapporteur: NotRequired[dict[str, Any]]
    expose: NotRequired[list[str]]
    visas: list[str]
    avis: NotRequired[str]
    considerants: NotRequired[list[str]]
    vote: dict[str, Any]
    membres_en_exercice: NotRequired[int]
    presents: NotRequired[int]
    representes: NotRequired[int]
    secretaire: NotRequired[str]
    articles: list[str]
    date_certification: dt.date
    date_transmission_prefecture: NotRequired[dt.date]
    date_publication: NotRequired[dt.date]
    document: NotRequired[str]
    registre: NotRequired[dict[str, Any]]


class Case(TypedDict):
    version: int
    id: str
    operation: Operation
    notaire: Notaire
    vendeur: Vendeur
    mandataire: NotRequired[dict[str, Any]]
    financement: NotRequired[dict[str, Any]]
    garanties: NotRequired[dict[str, Any]]
    clauses: NotRequired[dict[str, Any]]
    seance: NotRequired[Seance]
    caf: NotRequired[dict[str, Any]]
    assurance_revente: NotRequired[dict[str, Any]]
    bail_reel_solidaire: NotRequired[dict[str, Any]]
    portage_convention: NotRequired[dict[str, Any]]
    bien: NotRequired[dict[str, Any]]
    documents: NotRequired[dict[str, Any]]
    lots: list[Lot]
