"""The taxes of a sale, as its « Déclarations fiscales » and « Frais » state them.

- **Nature of the transfer**: a price stated TVA incluse is a livraison soumise à la TVA
  immobilière (CGI art. 257): the acte states the price HT and the TVA (HT = TTC ÷ (1 + t),
  rounded to the centime, the TVA the difference, so that HT + TVA is the price), the basis of
  a reduced rate (``tva.fondement_<produit>``, CGI art. 278 sexies, III) and the reversal period
  of art. 284, II (``tva.delai_complement_annees``); the first transfer of a new building under
  TVA bears the taxe de publicité foncière of art. 1594 F quinquies, A. Any other sale bears the
  droits de mutation of droit commun (CGI art. 1594 D, 1584/1595 bis, 1647).
- **Modern acts** (parameters from 2013–2016 on): the duties, the contribution de sécurité
  immobilière (CGI art. 879), the notary's émoluments and the débours come from
  ``frais.frais_acquisition``; their total is the provision the buyer pays on top of the price
  (C. civ. art. 1593).
- **LTS 1993**: the duties are liquidated on the price stated in the acte (the prix hors frais) at
  the rates of the rapport n° 93/4-18's barème (``frais_vente.*``: taxe de publicité foncière
  0,62 %, droits d'enregistrement 7,11 %, salaire du conservateur 0,01 %); the provision is the
  frais de vente of the rapport, paid on top of the price.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from actegen.compute import frais as frais_mod
from actegen.compute.explain import TAUX, Explication, Ligne
from actegen.french import format_computed, format_computed_rate
from actegen.money import HUNDRED, ZERO, round_cents, to_decimal
from actegen.parameters import lookup

__all__ = ["Droit", "Fiscalite", "fiscalite"]

ARRONDI = "au centime le plus proche (la moitié vers le haut)"

_FONDEMENTS = {
    "psla": "tva.fondement_psla",
    "accession_sociale": "tva.fondement_accession_sociale",
    "brs": "tva.fondement_brs",
}

_LTS_DROITS = (
    ("frais_vente.taxe_publicite_fonciere", "Taxe de publicité foncière"),
    ("frais_vente.droits_enregistrement", "Droits d’enregistrement"),
    ("frais_vente.salaire_conservateur", "Salaire du conservateur des hypothèques"),
)


@dataclass(frozen=True)
class Droit:
    """One duty as the acte states it: its rate, base and amount."""

    libelle: str
    taux: Decimal  # fraction
    assiette: Decimal
    montant: Decimal


@dataclass(frozen=True)
class Fiscalite:
    regime: str  # "tva" or "droits"
    prix: Decimal
    taux_tva: Decimal | None  # fraction
    prix_ht: Decimal | None
    montant_tva: Decimal | None
    taux_reduit: bool
    fondement_tva: str | None
    delai_complement_annees: int | None
    droits: tuple[Droit, ...]
    total_droits: Decimal
    csi: Decimal | None
    taux_csi: Decimal | None
    emoluments_ht: Decimal | None
    tva_emoluments: Decimal | None
    debours: Decimal | None
    provision: Decimal
    lignes: tuple[Ligne, ...]
    articles_plus_value: str = ""  # the regime of the particuliers the seller is outside


def _tva(ex: Explication, prix: Decimal, rate: Decimal, currency: str | None) -> tuple[Decimal, Decimal]:
    ex.ajouter("Prix toutes taxes comprises", "donnée", prix)
    ex.ajouter("Taux de la TVA", "donnée du dossier", rate, unite=TAUX)
    ht = ex.ajouter(
        "Prix hors taxe",
        f"{format_computed(prix, currency)} ÷ (1 + {format_computed_rate(rate)})",
        round_cents(prix / (1 + rate)),
        arrondi=ARRONDI,
    )
    tva = ex.ajouter("Montant de la TVA", "prix toutes taxes comprises − prix hors taxe", prix - ht)
    return ht, tva


def _lts(
    ex: Explication, assiette: Decimal, frais_de_vente: Decimal, when: date, currency: str | None
) -> tuple[Droit, ...]:
    ex.ajouter("Assiette des droits (prix hors frais stipulé à l’acte)", "donnée", assiette)
    droits = []
    for name, libelle in _LTS_DROITS:
        pv = lookup(name, when)
        montant = ex.ajouter(
            libelle,
            f"{format_computed_rate(pv.as_decimal)} × {format_computed(assiette, currency)}",
            round_cents(assiette * pv.as_decimal),
            arrondi=ARRONDI,
            references=pv.references,
        )
        droits.append(Droit(libelle, pv.as_decimal, assiette, montant))
    ex.ajouter("Droits de la mutation", "somme des droits", sum((d.montant for d in droits), ZERO))
    ex.ajouter(
        "Frais de vente (provision versée en sus du prix)",
        "frais de vente du lot (rapport n° 93/4-18), droits ci-dessus compris",
        frais_de_vente,
    )
    return tuple(droits)


def fiscalite(
    *,
    produit: str,
    prix: Decimal,
    date_acte: date,
    tva_incluse: bool = False,
    taux_tva_pourcent: Decimal | None = None,
    prix_hors_frais: Decimal | None = None,
    frais_de_vente: Decimal = ZERO,
    currency: str | None = "EUR",
) -> Fiscalite:
    """The taxes of one sale at ``date_acte`` (see the module doc); ``prix`` is the price of
    the acte (TTC when ``tva_incluse``)."""
    prix = to_decimal(prix)
    ex = Explication()
    plus_value = lookup("plus_value.articles_particuliers", date_acte).as_text
    if produit == "lts":
        assiette = prix if prix_hors_frais is None else to_decimal(prix_hors_frais)
        lts = _lts(ex, assiette, to_decimal(frais_de_vente), date_acte, currency)
        total = sum((d.montant for d in lts), ZERO)
        return Fiscalite(
            "droits",
            assiette,
            None,
            None,
            None,
            False,
            None,
            None,
            lts,
            total,
            None,
            None,
            None,
            None,
            None,
            to_decimal(frais_de_vente),
            ex.lignes(),
            plus_value,
        )
    rate = ht = tva = None
    reduit = False
    fondement = None
    delai = None
    if tva_incluse:
        if taux_tva_pourcent is None:
            raise ValueError("prix TVA incluse sans taux")
        rate = to_decimal(taux_tva_pourcent) / HUNDRED
        ht, tva = _tva(ex, prix, rate, currency)
        reduit = rate == lookup("tva.taux_reduit_accession_sociale", date_acte).as_decimal
        if reduit and produit in _FONDEMENTS:
            pv = lookup(_FONDEMENTS[produit], date_acte)
            fondement = pv.as_text
            if produit != "brs":  # CGI art. 284, II excepts the 4° du III (bail réel solidaire)
                dv = lookup("tva.delai_complement_annees", date_acte)
                delai = dv.as_int
    frais = frais_mod.frais_acquisition(prix=prix, date_acte=date_acte, neuf=tva_incluse, currency=currency)
    ex.etendre(frais.lignes)
    if tva_incluse:
        tpf = lookup("dmto.taux_neuf", date_acte).as_decimal
        droits: tuple[Droit, ...] = (
            Droit("Taxe de publicité foncière", tpf, prix, frais.droit_departemental),
            Droit(
                "Prélèvement pour frais d’assiette et de recouvrement",
                lookup("dmto.frais_assiette_neuf", date_acte).as_decimal,
                frais.droit_departemental,
                frais.frais_assiette,
            ),
        )
    else:
        droits = (
            Droit(
                "Droit départemental d’enregistrement ou taxe de publicité foncière",
                lookup("dmto.taux_departemental", date_acte).as_decimal,
                prix,
                frais.droit_departemental,
            ),
            Droit(
                "Taxe communale additionnelle",
                lookup("dmto.taux_communal", date_acte).as_decimal,
                prix,
                frais.taxe_communale,
            ),
            Droit(
                "Prélèvement pour frais d’assiette et de recouvrement",
                lookup("dmto.frais_assiette", date_acte).as_decimal,
                frais.droit_departemental,
                frais.frais_assiette,
            ),
        )
    return Fiscalite(
        "tva" if tva_incluse else "droits",
        prix,
        rate,
        ht,
        tva,
        reduit,
        fondement,
        delai,
        droits,
        frais.droits_mutation,
        frais.contribution_securite_immobiliere,
        lookup("csi.taux", date_acte).as_decimal,
        frais.emoluments_ht,
        frais.tva_emoluments,
        frais.debours_et_formalites,
        frais.total,
        ex.lignes(),
        plus_value,
    )
