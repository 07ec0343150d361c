"""Prix de cession d'un logement très social (LTS), rapport n° 93/4-18 au conseil municipal
de Saint-Denis (1993).

Rule (rapport n° 93/4-18 au conseil municipal de Saint-Denis, « Détermination du prix de
vente », approuvé par l'article 2 de la délibération du 24 juillet 1993)::

    prix de vente = prix du logement fixé dans l'acte initial (prix de revient technique)
                    − subventions
                    − mensualités de remboursement échues à la date de la vente
                    + montant des loyers impayés        (négatif : un crédit du ménage)
                    + prix du foncier (estimation domaniale)
                    + travaux de remise en état
                    + frais de vente

The first three terms make the **capital restant dû** on the home (rapport n° 93/4-18, price formula). The
**prix hors frais** (price excluding the frais de vente) is the base of the commune's 70 %
and of the 30 % consigned (``paiement``).

Rounding: the components are amounts to the centime and the price is their exact sum; a
component given with more than two decimals is rounded to the centime, half-up, first
(``money.round_cents``), and the line says so. The commune's loan on each LTS was repaid
without interest over 216 monthly instalments (the printed MLE is exactly emprunt / 216
for every lot), so the capital repaid is the number of instalments due × the instalment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from actegen.compute.explain import NOMBRE, Explication, Ligne
from actegen.french import format_computed
from actegen.money import ZERO, round_cents, to_decimal
from actegen.parameters import lookup

__all__ = [
    "CapitalRembourse",
    "ComposantesPrix",
    "FoncierEstime",
    "PrixDeCession",
    "capital_rembourse_lineaire",
    "foncier_estime",
    "prix_de_cession",
]

SEED_004 = (
    "Rapport n° 93/4-18 au conseil municipal de Saint-Denis, « Détermination du prix "
    "de vente » (séance du 24 juillet 1993)"
)
DELIBERATION_ART_2 = "Délibération n° 93/4-18 du 24 juillet 1993, art. 2 (mode de calcul en annexe)"


@dataclass(frozen=True)
class ComposantesPrix:
    """The components of an LTS price, in the currency of the act (francs in 1993)."""

    prix_de_revient: Decimal
    subventions: Decimal
    capital_rembourse: Decimal
    loyers_impayes: Decimal = ZERO  # negative: a credit of the household
    foncier: Decimal = ZERO
    travaux: Decimal = ZERO
    frais_de_vente: Decimal = ZERO


@dataclass(frozen=True)
class PrixDeCession:
    composantes: ComposantesPrix
    capital_restant_du: Decimal
    prix_hors_frais: Decimal
    frais_de_vente: Decimal
    prix_de_cession: Decimal
    lignes: tuple[Ligne, ...]


@dataclass(frozen=True)
class CapitalRembourse:
    emprunt: Decimal
    nombre_mensualites: int
    mensualites_echues: int
    mensualite: Decimal
    capital_rembourse: Decimal
    capital_restant: Decimal
    lignes: tuple[Ligne, ...]


def _cents(value: Decimal, what: str, notes: list[str]) -> Decimal:
    value = to_decimal(value)
    rounded = round_cents(value)
    if rounded != value:
        notes.append(f"{what} arrondi au centime le plus proche (la moitié vers le haut)")
    return rounded


def prix_de_cession(c: ComposantesPrix, currency: str | None = "FRF") -> PrixDeCession:
    """The price of an LTS from its components, each step shown (rapport n° 93/4-18)."""
    notes: list[str] = []
    prt = _cents(c.prix_de_revient, "prix de revient", notes)
    sub = _cents(c.subventions, "subventions", notes)
    krb = _cents(c.capital_rembourse, "capital remboursé", notes)
    imp = _cents(c.loyers_impayes, "loyers impayés", notes)
    fon = _cents(c.foncier, "foncier", notes)
    trv = _cents(c.travaux, "travaux", notes)
    fv = _cents(c.frais_de_vente, "frais de vente", notes)
    arrondi = " ; ".join(notes) or None
    refs = (SEED_004, DELIBERATION_ART_2)

    ex = Explication()
    ex.ajouter(
        "Prix de revient technique (prix fixé dans l’acte initial)", "donnée du lot", prt, references=refs
    )
    ex.ajouter("Subventions", "donnée du lot", sub, references=refs)
    ex.ajouter(
        "Capital remboursé (mensualités échues à la date de la vente)", "donnée du lot", krb, references=refs
    )
    crd = ex.ajouter(
        "Capital restant dû",
        f"prix de revient − subventions − capital remboursé = {format_computed(prt, currency)} − "
        f"{format_computed(sub, currency)} − {format_computed(krb, currency)}",
        prt - sub - krb,
        arrondi=arrondi,
        references=refs,
    )
    ex.ajouter("Loyers impayés (négatif : crédit du ménage)", "donnée du lot", imp, references=refs)
    ex.ajouter("Foncier (estimation domaniale)", "donnée du lot", fon, references=refs)
    ex.ajouter("Travaux de remise en état", "donnée du lot", trv, references=refs)
    phf = ex.ajouter(
        "Prix hors frais de vente",
        f"capital restant dû + loyers impayés + foncier + travaux = {format_computed(crd, currency)} + "
        f"{format_computed(imp, currency)} + {format_computed(fon, currency)} + {format_computed(trv, currency)}",
        crd + imp + fon + trv,
        references=refs,
    )
    ex.ajouter("Frais de vente", "donnée du lot ou barème (frais.frais_de_vente_bareme)", fv, references=refs)
    prix = ex.ajouter(
        "Prix de cession",
        f"prix hors frais + frais de vente = {format_computed(phf, currency)} + {format_computed(fv, currency)}",
        phf + fv,
        references=refs,
    )
    return PrixDeCession(c, crd, phf, fv, prix, ex.lignes())


def capital_rembourse_lineaire(
    emprunt: Decimal,
    mensualites_echues: int,
    *,
    nombre_mensualites: int | None = None,
    date_parametres: date = date(1993, 1, 1),
    currency: str | None = "FRF",
) -> CapitalRembourse:
    """Capital of the commune's LTS loan repaid after ``mensualites_echues`` instalments.

    The loan was repaid without interest in ``nombre_mensualites`` equal instalments
    (default: parameter ``lts.duree_pret_commune_mois``, 216 = 18 years): instalment =
    emprunt / n rounded to the centime (half-up); capital repaid = instalments due ×
    instalment, the last instalment absorbing the rounding so that n instalments repay the
    loan exactly. Girimbelles: 71 280 / 216 = 330 F; 123 × 330 = 40 590 F (lot 1).
    Not yet used by a document: the case gives the capital remboursé; this rebuilds it
    from the rapport n° 93/4-18 (golden tests).
    """
    emprunt = to_decimal(emprunt)
    ex = Explication()
    if nombre_mensualites is None:
        pv = lookup("lts.duree_pret_commune_mois", date_parametres)
        nombre_mensualites = pv.as_int
        ex.parametre(pv, "Nombre de mensualités du prêt de la commune")
    if not 0 <= mensualites_echues <= nombre_mensualites:
        raise ValueError(f"mensualités échues ({mensualites_echues}) hors de 0 à {nombre_mensualites}")
    ex.ajouter("Emprunt", "donnée du lot", emprunt, references=(SEED_004,))
    exact = emprunt / nombre_mensualites
    mensualite = ex.ajouter(
        "Mensualité de l’emprunt (MLE)",
        f"emprunt / {nombre_mensualites}",
        round_cents(exact),
        arrondi=None if round_cents(exact) == exact else "au centime le plus proche (la moitié vers le haut)",
        references=(SEED_004,),
    )
    ex.ajouter(
        "Mensualités échues",
        "donnée (au 31/12/1992 : 123 pour les Girimbelles)",
        Decimal(mensualites_echues),
        unite=NOMBRE,
        references=(SEED_004,),
    )
    if mensualites_echues == nombre_mensualites:
        rembourse = ex.ajouter(
            "Capital remboursé", "emprunt (toutes les mensualités échues)", emprunt, references=(SEED_004,)
        )
    else:
        rembourse = ex.ajouter(
            "Capital remboursé",
            f"mensualités échues × MLE = {mensualites_echues} × {format_computed(mensualite, currency)}",
            mensualite * mensualites_echues,
            references=(SEED_004,),
        )
    restant = ex.ajouter(
        "Capital restant dû sur l’emprunt",
        "emprunt − capital remboursé",
        emprunt - rembourse,
        references=(SEED_004,),
    )
    return CapitalRembourse(
        emprunt, nombre_mensualites, mensualites_echues, mensualite, rembourse, restant, ex.lignes()
    )


@dataclass(frozen=True)
class FoncierEstime:
    surface_m2: Decimal
    prix_m2: Decimal
    foncier: Decimal
    lignes: tuple[Ligne, ...]


def foncier_estime(
    surface_m2: Decimal, prix_m2: Decimal | None = None, *, date_parametres: date = date(1993, 1, 1)
) -> FoncierEstime:
    """Estimation domaniale of the land: surface × price per m² (default: parameter
    ``lts.foncier_prix_m2``, 400 F at the Girimbelles), rounded to the centime, half-up.
    Not yet used by a document: the case gives the foncier."""
    ex = Explication()
    surface = to_decimal(surface_m2)
    if prix_m2 is None:
        prix = ex.parametre(
            lookup("lts.foncier_prix_m2", date_parametres), "Prix du terrain au m² (estimation domaniale)"
        )
    else:
        prix = ex.ajouter("Prix du terrain au m²", "donnée", to_decimal(prix_m2))
    ex.ajouter("Surface du terrain (m²)", "donnée du lot", surface, unite=NOMBRE)
    value = ex.ajouter(
        "Foncier (estimation domaniale)",
        "surface × prix au m²",
        round_cents(surface * prix),
        arrondi="au centime le plus proche (la moitié vers le haut)",
    )
    return FoncierEstime(surface, prix, value, ex.lignes())
