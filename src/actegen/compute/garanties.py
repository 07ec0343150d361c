"""Garantie de rachat and garantie de relogement (« Qu'est-ce que la sécurisation Hlm ? »; CCH;
arrêté du 26 mars 2004).

**Rachat.** The seller buys the home back at a guaranteed minimum price during 15 years
(accession sociale, PSLA) or 10 years (vente Hlm), counted from the authentic act — from the
levée d'option in PSLA — « et non pas à partir de l'entrée dans les lieux » (« Qu'est-ce que la
sécurisation Hlm ? »):

- years 1 to 5: the base (80 % of the initial price; PSLA 100 %);
- from year 6: base − yearly reduction × (n − 5): accession sociale and vente Hlm 1,5 %,
  PSLA 2,5 % of the initial value per year elapsed (year 6 → 78,5 %, year 15 → 65 %;
  PSLA 97,5 % and 75 %). Whether year 6 already carries a step is the parameter
  ``garantie_rachat.annee_6_minoree`` (the texts read do not settle it);
- the price may be reduced by repairs beyond normal wear, the lowest of three quotes.

The minimum price of each year is rounded to the centime, half-up; the percentage never
rises, so neither does the rounded floor.

Conditions (CCH R*443-2, III; R.443-12-2; « Qu'est-ce que la sécurisation Hlm ? »): the home is
still the main residence
and still owned; one of the triggering events listed for the product (parameters
``garantie_rachat.<produit>.evenements``); a request by lettre recommandée avec avis de
réception within 12 months of the event (``garantie_rachat.delai_demande_mois``) and within
the guarantee's duration. The deadline is the earlier of the two dates; deadlines in months
and years follow CPC art. 641 (``dates.add_months``).

**Relogement.** Same events except professional mobility; in accession sociale the household
must have signed a promise to sell its home; income under the PLS (accession sociale) or
PLUS (PSLA) ceilings; three written offers within 3 (accession sociale) or 6 (PSLA) months of
the request; one month from the last offer to answer, after which the guarantee lapses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from actegen.compute.dates import add_months, add_years, annee_de_garantie
from actegen.compute.explain import NOMBRE, Explication, Ligne
from actegen.errors import ParameterError
from actegen.french import format_computed, format_computed_rate
from actegen.money import round_cents, to_decimal
from actegen.parameters import ParamValue, lookup
from actegen.produits import (
    LIBELLES_PRODUITS,
    PRODUITS_RACHAT,
    PRODUITS_RELOGEMENT,
    Evenement,
    Produit,
)

__all__ = [
    "AnneeRachat",
    "BaremeRachat",
    "ConditionsRachat",
    "ConditionsRelogement",
    "EligibiliteRachat",
    "Relogement",
    "bareme_rachat",
    "conditions_relogement",
    "eligibilite_rachat",
    "garantie_relogement",
    "pourcentage_rachat",
]


def _d(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def pourcentage_rachat(
    annee: int,
    *,
    taux_base: Decimal,
    minoration_annuelle: Decimal,
    annees_sans_minoration: int = 5,
    annee_6_minoree: bool = True,
) -> Decimal:
    """The guaranteed percentage of the initial price in year ``annee`` (1-based).

    ``annee_6_minoree``: the first year after the ``annees_sans_minoration`` already
    carries one step (year 6 → base − minoration); otherwise the first step falls a year
    later.
    """
    if annee < 1:
        raise ValueError(f"année de garantie invalide : {annee}")
    pas = annee - annees_sans_minoration - (0 if annee_6_minoree else 1)
    return taux_base - minoration_annuelle * max(pas, 0)


@dataclass(frozen=True)
class _Regles:
    taux_base: ParamValue
    minoration: ParamValue
    sans_minoration: ParamValue
    duree: ParamValue
    evenements: ParamValue
    annee_6: ParamValue
    delai: ParamValue


def _regles(produit: Produit, date_acte: date) -> _Regles:
    if produit not in PRODUITS_RACHAT:
        raise ParameterError(
            f"pas de garantie de rachat réglementaire pour le produit « {produit.value} » "
            "(garantie contractuelle à décrire dans l’acte)"
        )
    p = f"garantie_rachat.{produit.value}"
    return _Regles(
        lookup(f"{p}.taux_base", date_acte),
        lookup(f"{p}.minoration_annuelle", date_acte),
        lookup(f"{p}.annees_sans_minoration", date_acte),
        lookup(f"{p}.duree_annees", date_acte),
        lookup(f"{p}.evenements", date_acte),
        lookup("garantie_rachat.annee_6_minoree", date_acte),
        lookup("garantie_rachat.delai_demande_mois", date_acte),
    )


@dataclass(frozen=True)
class ConditionsRachat:
    """The terms of the buy-back guarantee in force at its start, as the act states them."""

    duree_annees: int
    delai_demande_mois: int
    taux_base: Decimal  # fraction of the initial price
    minoration_annuelle: Decimal  # fraction of the initial price per year elapsed
    annees_sans_minoration: int
    annee_6_minoree: bool


@dataclass(frozen=True)
class AnneeRachat:
    annee: int
    debut: date
    fin: date  # last day of the year of guarantee
    pourcentage: Decimal
    prix_minimum: Decimal


@dataclass(frozen=True)
class BaremeRachat:
    produit: Produit
    prix_initial: Decimal
    date_acte: date
    date_fin: date  # last day a request can be made
    annees: tuple[AnneeRachat, ...]
    lignes: tuple[Ligne, ...]
    regles: ConditionsRachat


def bareme_rachat(
    prix_initial: Decimal, produit: Produit | str, date_acte: date, currency: str | None = "EUR"
) -> BaremeRachat:
    """The minimum buy-back price for each year of the guarantee."""
    produit = Produit(produit)
    prix = to_decimal(prix_initial)
    r = _regles(produit, date_acte)
    duree = r.duree.as_int
    ex = Explication()
    ex.ajouter(
        "Prix initial (acte authentique" + (", levée d’option)" if produit is Produit.PSLA else ")"),
        "donnée",
        prix,
    )
    ex.parametre(r.taux_base, "Prix garanti les premières années (proportion du prix initial)")
    ex.parametre(r.minoration, "Minoration par année écoulée")
    ex.parametre(r.sans_minoration, "Années sans minoration")
    ex.parametre(r.duree, "Durée de la garantie (années)")
    annee_6 = r.annee_6.as_bool
    ex.ajouter(
        "Décompte : la sixième année porte déjà une minoration"
        if annee_6
        else "Décompte : la première minoration tombe en septième année",
        f"paramètre « {r.annee_6.name} »",
        Decimal(int(annee_6)),
        unite=NOMBRE,
        references=r.annee_6.references,
    )
    fin = add_years(date_acte, duree)
    annees: list[AnneeRachat] = []
    for n in range(1, duree + 1):
        pct = pourcentage_rachat(
            n,
            taux_base=r.taux_base.as_decimal,
            minoration_annuelle=r.minoration.as_decimal,
            annees_sans_minoration=r.sans_minoration.as_int,
            annee_6_minoree=annee_6,
        )
        debut = add_years(date_acte, n - 1)
        dernier = fin if n == duree else add_years(date_acte, n) - timedelta(days=1)
        montant = round_cents(prix * pct)
        annees.append(AnneeRachat(n, debut, dernier, pct, montant))
        ex.ajouter(
            f"Prix minimum, année {n} (du {_d(debut)} au {_d(dernier)})",
            f"{format_computed_rate(pct)} × {format_computed(prix, currency)}",
            montant,
            arrondi="au centime le plus proche (la moitié vers le haut)",
            references=(r.minoration.references if n > r.sans_minoration.as_int else r.taux_base.references),
        )
    regles = ConditionsRachat(
        duree,
        r.delai.as_int,
        r.taux_base.as_decimal,
        r.minoration.as_decimal,
        r.sans_minoration.as_int,
        annee_6,
    )
    return BaremeRachat(produit, prix, date_acte, fin, tuple(annees), ex.lignes(), regles)


@dataclass(frozen=True)
class EligibiliteRachat:
    eligible: bool
    motifs: tuple[str, ...]  # why not (empty when eligible)
    date_limite_demande: date
    date_fin_garantie: date
    annee: int | None  # year of guarantee of the request, when within it
    lignes: tuple[Ligne, ...]


def _verifier_delais(
    ex: Explication,
    motifs: list[str],
    *,
    date_acte: date,
    duree: ParamValue,
    delai: ParamValue,
    date_evenement: date,
    date_demande: date,
    nom: str,
) -> tuple[date, date]:
    fin = add_years(date_acte, duree.as_int)
    limite_evt = add_months(date_evenement, delai.as_int)
    limite = min(limite_evt, fin)
    ex.parametre(duree, f"Durée de la garantie de {nom} (années)")
    ex.parametre(delai, "Délai de la demande après le fait générateur (mois)")
    ex.ajouter(
        f"Fin de la garantie : {_d(fin)}",
        f"acte du {_d(date_acte)} + {duree.value} ans (CPC art. 641)",
        Decimal(duree.as_int),
        unite=NOMBRE,
        references=duree.references,
    )
    ex.ajouter(
        f"Date limite de la demande : {_d(limite)}",
        f"le plus tôt de fait générateur ({_d(date_evenement)}) + {delai.value} mois "
        f"= {_d(limite_evt)} et fin de la garantie ({_d(fin)})",
        Decimal(delai.as_int),
        unite=NOMBRE,
        references=delai.references,
    )
    if date_evenement < date_acte:
        motifs.append("fait générateur (date_evenement) antérieur à l'acte")
    if date_evenement > fin:
        motifs.append(
            f"fait générateur (date_evenement) après la fin de la garantie ({duree.value} ans après l'acte)"
        )
    if date_demande < date_evenement:
        motifs.append("demande (date_demande) antérieure au fait générateur")
    if date_demande > limite_evt:
        motifs.append(f"demande (date_demande) au-delà de {delai.value} mois après le fait générateur")
    if date_demande > fin:
        motifs.append(f"demande (date_demande) au-delà de la durée de la garantie ({duree.value} ans)")
    return fin, limite


def eligibilite_rachat(
    *,
    produit: Produit | str,
    date_acte: date,
    evenement: Evenement | str,
    date_evenement: date,
    date_demande: date,
    residence_principale: bool,
    toujours_proprietaire: bool,
    lettre_recommandee: bool = True,
) -> EligibiliteRachat:
    """Whether a buy-back request can be honoured, with the reasons if not and the deadline.

    Parameters are read at ``date_acte`` (the contract's rules)."""
    produit, evenement = Produit(produit), Evenement(evenement)
    r = _regles(produit, date_acte)
    ex = Explication()
    motifs: list[str] = []
    if evenement.value not in r.evenements.as_list:
        motifs.append(
            f"le fait générateur déclaré (evenement) n'ouvre pas la garantie de rachat en "
            f"{LIBELLES_PRODUITS[produit]}"
        )
    fin, limite = _verifier_delais(
        ex,
        motifs,
        date_acte=date_acte,
        duree=r.duree,
        delai=r.delai,
        date_evenement=date_evenement,
        date_demande=date_demande,
        nom="rachat",
    )
    if not residence_principale:
        motifs.append(
            "la garantie exige un logement occupé à titre de résidence principale (residence_principale)"
        )
    if not toujours_proprietaire:
        motifs.append(
            "la garantie exige un logement resté dans le patrimoine de l'accédant (toujours_proprietaire)"
        )
    if not lettre_recommandee:
        motifs.append(
            "la demande doit être faite par lettre recommandée avec avis de réception (lettre_recommandee)"
        )
    annee = (
        min(annee_de_garantie(date_acte, date_demande), r.duree.as_int)
        if date_acte <= date_demande <= fin
        else None
    )
    return EligibiliteRachat(not motifs, tuple(motifs), limite, fin, annee, ex.lignes())


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
        add_years(date_debut, r.duree.as_int),
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
    fin, limite = _verifier_delais(
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
    ex.ajouter(
        f"Date limite des offres : {_d(limite_offres)}",
        f"demande du {_d(date_demande)} + {delai_offres.value} mois (CPC art. 641)",
        Decimal(delai_offres.as_int),
        unite=NOMBRE,
        references=delai_offres.references,
    )
    ex.parametre(delai_reponse, "Délai de réponse après la dernière offre (mois)")
    base = date_derniere_offre if date_derniere_offre is not None else limite_offres
    limite_reponse = add_months(base, delai_reponse.as_int)
    ex.ajouter(
        f"Date limite de la réponse : {_d(limite_reponse)}",
        (
            f"dernière offre du {_d(base)}"
            if date_derniere_offre is not None
            else f"au plus tard : date limite des offres ({_d(base)})"
        )
        + f" + {delai_reponse.value} mois",
        Decimal(delai_reponse.as_int),
        unite=NOMBRE,
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
