"""The garantie de relogement: its terms at the date it starts, and whether a request opens
it (CCH R.443-2; FNSCHLM, « Qu’est-ce que la sécurisation Hlm ? »)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from actegen.compute.dates import add_months
from actegen.compute.explain import Explication, Ligne
from actegen.errors import ParameterError
from actegen.parameters import ParamValue, lookup
from actegen.produits import (
    PRODUITS_RELOGEMENT,
    Evenement,
    Produit,
)

from .garanties import d, fin_de_garantie, verifier_delais

__all__ = ["ConditionsRelogement", "Relogement", "conditions_relogement", "garantie_relogement"]


@dataclass(frozen=True)
class _ReglesRelogement:
    evenements: ParamValue
    duree: ParamValue
    delai: ParamValue
    nombre_offres: ParamValue
    delai_offres: ParamValue
    delai_reponse: ParamValue
    plafond: ParamValue
    promesse: ParamValue


def _regles_relogement(produit: Produit, date_debut: date) -> _ReglesRelogement:
    if produit not in PRODUITS_RELOGEMENT:
        raise ParameterError(
            f"pas de garantie de relogement réglementaire pour le produit « {produit.value} »"
        )
    p = f"garantie_relogement.{produit.value}"
    return _ReglesRelogement(
        lookup(f"{p}.evenements", date_debut),
        lookup(f"{p}.duree_annees", date_debut),
        lookup("garantie_relogement.delai_demande_mois", date_debut),
        lookup(f"{p}.nombre_offres", date_debut),
        lookup(f"{p}.delai_offres_mois", date_debut),
        lookup(f"{p}.delai_reponse_mois", date_debut),
        lookup(f"{p}.plafond_ressources", date_debut),
        lookup(f"{p}.promesse_vente_requise", date_debut),
    )


@dataclass(frozen=True)
class ConditionsRelogement:
    """The terms of the relogement guarantee in force at its start, as the act states them."""

    produit: Produit
    date_debut: date
    date_fin: date
    duree_annees: int
    nombre_offres: int
    delai_offres_mois: int
    delai_reponse_mois: int
    delai_demande_mois: int
    plafond_ressources: str  # "PLS" or "PLUS"
    promesse_vente_requise: bool


def conditions_relogement(produit: Produit | str, date_debut: date) -> ConditionsRelogement:
    """The relogement guarantee's terms from ``date_debut`` (the act; the levée d'option in PSLA)."""
    produit = Produit(produit)
    r = _regles_relogement(produit, date_debut)
    return ConditionsRelogement(
        produit,
        date_debut,
        fin_de_garantie(date_debut, r.duree.as_int),
        r.duree.as_int,
        r.nombre_offres.as_int,
        r.delai_offres.as_int,
        r.delai_reponse.as_int,
        r.delai.as_int,
        r.plafond.as_text,
        r.promesse.as_bool,
    )


@dataclass(frozen=True)
class Relogement:
    eligible: bool
    motifs: tuple[str, ...]
    avertissements: tuple[str, ...]
    plafond_ressources: str  # "PLS" or "PLUS"
    nombre_offres: int
    date_limite_demande: date
    date_fin_garantie: date
    date_limite_offres: date  # the 3 offers are due by this date
    date_limite_reponse: date  # one month after the last offer (or after the offers' deadline)
    lignes: tuple[Ligne, ...]


def garantie_relogement(
    *,
    produit: Produit | str,
    date_acte: date,
    evenement: Evenement | str,
    date_evenement: date,
    date_demande: date,
    revenus_sous_plafond: bool | None,
    promesse_de_vente_signee: bool = False,
    date_derniere_offre: date | None = None,
) -> Relogement:
    """The relogement guarantee: eligibility and its dates (see the module docstring).
    Not yet used by a document (a request comes years after the act).

    ``revenus_sous_plafond`` None means not yet checked: a warning, not a refusal.
    Without ``date_derniere_offre`` the answer deadline is the latest possible one (one
    month after the offers' deadline).
    """
    produit, evenement = Produit(produit), Evenement(evenement)
    r = _regles_relogement(produit, date_acte)
    evts, duree, delai, n_offres = r.evenements, r.duree, r.delai, r.nombre_offres
    delai_offres, delai_reponse, plafond, promesse = r.delai_offres, r.delai_reponse, r.plafond, r.promesse
    ex = Explication()
    motifs: list[str] = []
    warnings: list[str] = []
    if evenement.value not in evts.as_list:
        motifs.append("le fait générateur déclaré (evenement) n'ouvre pas la garantie de relogement")
    fin, limite = verifier_delais(
        ex,
        motifs,
        date_acte=date_acte,
        duree=duree,
        delai=delai,
        date_evenement=date_evenement,
        date_demande=date_demande,
        nom="relogement",
    )
    if promesse.as_bool and not promesse_de_vente_signee:
        motifs.append("l'accédant doit avoir signé une promesse de vente de son logement")
    if revenus_sous_plafond is False:
        motifs.append(f"revenus au-dessus des plafonds {plafond.value}")
    elif revenus_sous_plafond is None:
        warnings.append(f"revenus à comparer aux plafonds {plafond.value}")
    ex.parametre(n_offres, "Nombre d’offres écrites de relogement")
    ex.parametre(delai_offres, "Délai des offres (mois)")
    limite_offres = add_months(date_demande, delai_offres.as_int)
    ex.ajouter_date(
        "Date limite des offres",
        f"demande du {d(date_demande)} + {delai_offres.value} mois (CPC art. 641)",
        limite_offres,
        references=delai_offres.references,
    )
    ex.parametre(delai_reponse, "Délai de réponse après la dernière offre (mois)")
    base = date_derniere_offre if date_derniere_offre is not None else limite_offres
    limite_reponse = add_months(base, delai_reponse.as_int)
    ex.ajouter_date(
        "Date limite de la réponse",
        (
            f"dernière offre du {d(base)}"
            if date_derniere_offre is not None
            else f"au plus tard : date limite des offres ({d(base)})"
        )
        + f" + {delai_reponse.value} mois",
        limite_reponse,
        references=delai_reponse.references,
    )
    return Relogement(
        not motifs,
        tuple(motifs),
        tuple(warnings),
        plafond.as_text,
        n_offres.as_int,
        limite,
        fin,
        limite_offres,
        limite_reponse,
        ex.lignes(),
    )
