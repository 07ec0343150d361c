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
follow CPC art. 641 (``dates.add_months``). A guarantee of N years runs from the act to the
eve of its N-th anniversary (``fin_de_garantie``): every year of the tables, the last one
included, runs from an anniversary to the eve of the next (legal review B17).

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
    Evenement,
    Produit,
)

__all__ = [
    "AnneeRachat",
    "BaremeRachat",
    "ConditionsRachat",
    "EligibiliteRachat",
    "bareme_rachat",
    "eligibilite_rachat",
    "pourcentage_rachat",
]


def fin_de_garantie(debut: date, annees: int) -> date:
    """The last day of a guarantee of ``annees`` years starting on ``debut``: the eve of its
    ``annees``-th anniversary, so that every year, the last included, runs from an anniversary
    to the eve of the next (one rule for the tables, the clause and the eligibility checks)."""
    return add_years(debut, annees) - timedelta(days=1)


def d(d: date) -> str:
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
    operateur_emploi: ParamValue
    preuve_invalidite: ParamValue


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
        lookup("garantie_rachat.operateur_emploi", date_acte),
        lookup("garantie_rachat.preuve_invalidite", date_acte),
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
    operateur_emploi: str  # where a year's unemployment is attested, named as at the act's date
    preuve_invalidite: str  # how invalidity is recognised at the act's date


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
    fin = fin_de_garantie(date_acte, duree)
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
        dernier = fin_de_garantie(date_acte, n)
        montant = round_cents(prix * pct)
        annees.append(AnneeRachat(n, debut, dernier, pct, montant))
        ex.ajouter(
            f"Prix minimum, année {n} (du {d(debut)} au {d(dernier)})",
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
        r.operateur_emploi.as_text,
        r.preuve_invalidite.as_text,
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


def verifier_delais(
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
    fin = fin_de_garantie(date_acte, duree.as_int)
    limite_evt = add_months(date_evenement, delai.as_int)
    limite = min(limite_evt, fin)
    ex.parametre(duree, f"Durée de la garantie de {nom} (années)")
    ex.parametre(delai, "Délai de la demande après le fait générateur (mois)")
    ex.ajouter_date(
        "Fin de la garantie",
        f"acte du {d(date_acte)} + {duree.value} ans (CPC art. 641)",
        fin,
        references=duree.references,
    )
    ex.ajouter_date(
        "Date limite de la demande",
        f"le plus tôt de fait générateur ({d(date_evenement)}) + {delai.value} mois "
        f"= {d(limite_evt)} et fin de la garantie ({d(fin)})",
        limite,
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
    fin, limite = verifier_delais(
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
