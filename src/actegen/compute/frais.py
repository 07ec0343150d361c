"""Frais de vente (rapport n° 93/4-18) and the modern buyer's acquisition costs
(« Qu'est-ce que la sécurisation Hlm ? »).

**Frais de vente of an LTS** (rapport n° 93/4-18, « FV = », « Sur le prix du vendeur »):
taxe de publicité foncière 0,62 %, droits d'enregistrement 7,11 %, salaire du conservateur
0,01 % of the base; timbre et copie 3 000 F; dossier UES 1 200 F; caution 2 % of the
capital borrowed; SODIAC 3 500 F; honoraires du notaire (the rapport's line is illegible: an
input here). Parameters ``frais_vente.*``, dated. Each proportional item is rounded to the
centime, half-up; the total is the sum of the rounded items. The printed F.V. of the 14
Girimbelles lots are *inputs* of the golden case: they follow 7,86 % × foncier +
9 484,94 F within a centime, a fit that the legible lines (7,74 % × foncier + 7 700 F)
explain only in part (rapport n° 93/4-18, fee schedule).

**Frais d'acquisition** (for the « coût global et réel » shown to the household, « Qu'est-ce que la
sécurisation Hlm ? »):

- droits de mutation (old homes): droit départemental (CGI art. 1594 D; 4,50 % in almost
  every département, 5 % from 1 April 2025 to 31 March 2028 where the département voted it,
  except a first purchase of the main home), taxe communale 1,20 % (CGI art. 1584, 1595 bis),
  frais d'assiette 2,37 % of the droit départemental (CGI art. 1647, V); new homes sold with
  VAT: taxe de publicité foncière 0,70 % (CGI art. 1594 F quinquies, A) + frais d'assiette
  (``dmto.frais_assiette_neuf``: 0,715 % in all).
  Each duty is rounded to the nearest euro, 0,50 counting for 1 (CGI art. 675; art. 1647-00 A
  for the frais d'assiette);
- contribution de sécurité immobilière 0,10 % of the price, at least 15 € (CGI art. 879,
  881 D), rounded to the centime (half-up);
- émoluments proportionnels du notaire by tranches (C. com. art. A444-91; scale parameter
  ``emoluments_notaire.vente``), each tranche rounded to the centime (half-up), plus VAT
  on their sum, rounded to the centime (half-up);
- débours et formalités: a flat estimate (parameter ``frais_acquisition.debours_et_formalites``)
  to be replaced by the notary's figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from actegen.compute.explain import Explication, Ligne
from actegen.errors import ParameterError
from actegen.french import format_computed, format_computed_rate
from actegen.money import ZERO, round_cents, round_units, to_decimal
from actegen.parameters import ParamValue, lookup

__all__ = ["FraisAcquisition", "FraisDeVente", "Poste", "frais_acquisition", "frais_de_vente_bareme"]

ARRONDI_CENTIME = "au centime le plus proche (la moitié vers le haut)"
ARRONDI_EURO = "à l’euro le plus proche, 0,50 compté pour 1 (CGI art. 675)"
ARRONDI_EURO_ASSIETTE = "à l’euro le plus proche, 0,50 compté pour 1 (CGI art. 1647-00 A)"


@dataclass(frozen=True)
class Poste:
    libelle: str
    montant: Decimal


@dataclass(frozen=True)
class FraisDeVente:
    assiette: Decimal
    capital_emprunte: Decimal
    postes: tuple[Poste, ...]
    total: Decimal
    lignes: tuple[Ligne, ...]


def _taux(
    ex: Explication, pv: ParamValue, base: Decimal, libelle: str, base_txt: str, currency: str | None
) -> Decimal:
    rate = pv.as_decimal
    return ex.ajouter(
        libelle,
        f"{format_computed_rate(rate)} × {base_txt} = {format_computed_rate(rate)} × "
        f"{format_computed(base, currency)}",
        round_cents(base * rate),
        arrondi=ARRONDI_CENTIME,
        references=pv.references,
    )


def frais_de_vente_bareme(
    *,
    assiette: Decimal,
    capital_emprunte: Decimal,
    date_acte: date,
    honoraires_notaire: Decimal = ZERO,
    currency: str | None = "FRF",
) -> FraisDeVente:
    """Frais de vente of an LTS from the dated barème of the rapport n° 93/4-18.

    ``assiette`` is the « prix du vendeur » the proportional duties apply to;
    ``capital_emprunte`` the capital the buyer borrows (base of the 2 % caution);
    ``honoraires_notaire`` the notary's fee, given (its line in the rapport is illegible).
    """
    assiette = to_decimal(assiette)
    capital = to_decimal(capital_emprunte)
    ex = Explication()
    ex.ajouter("Assiette (prix du vendeur)", "donnée", assiette)
    postes: list[Poste] = []

    def poste(libelle: str, montant: Decimal) -> None:
        postes.append(Poste(libelle, montant))

    for name, libelle in (
        ("frais_vente.taxe_publicite_fonciere", "Taxe de publicité foncière"),
        ("frais_vente.droits_enregistrement", "Droits d’enregistrement"),
        ("frais_vente.salaire_conservateur", "Salaire du conservateur"),
    ):
        poste(libelle, _taux(ex, lookup(name, date_acte), assiette, libelle, "assiette", currency))
    for name, libelle in (
        ("frais_vente.timbre_et_copie", "Frais de timbre et de copie"),
        ("frais_vente.dossier_ues", "Frais de dossier UES"),
        ("frais_vente.mandataire_sodiac", "Frais du mandataire (SODIAC)"),
    ):
        pv = lookup(name, date_acte)
        poste(libelle, ex.ajouter(libelle, "forfait du barème", pv.as_decimal, references=pv.references))
    poste(
        "Garantie de caution",
        _taux(
            ex,
            lookup("frais_vente.caution_taux", date_acte),
            capital,
            "Garantie de caution",
            "capital emprunté",
            currency,
        ),
    )
    honoraires = round_cents(to_decimal(honoraires_notaire))
    poste(
        "Honoraires du notaire",
        ex.ajouter("Honoraires du notaire", "donnée (ligne du barème illisible dans le rapport)", honoraires),
    )
    total = ex.ajouter("Frais de vente", "somme des postes arrondis", sum((p.montant for p in postes), ZERO))
    return FraisDeVente(assiette, capital, tuple(postes), total, ex.lignes())


@dataclass(frozen=True)
class FraisAcquisition:
    prix: Decimal
    droit_departemental: Decimal  # or taxe de publicité foncière réduite (neuf)
    taxe_communale: Decimal
    frais_assiette: Decimal
    droits_mutation: Decimal  # the three above
    contribution_securite_immobiliere: Decimal
    emoluments_ht: Decimal
    tva_emoluments: Decimal
    emoluments_ttc: Decimal
    debours_et_formalites: Decimal
    total: Decimal
    cout_global: Decimal  # price + total
    lignes: tuple[Ligne, ...]


def frais_acquisition(
    *,
    prix: Decimal,
    date_acte: date,
    neuf: bool = False,
    primo_accedant: bool = True,
    taux_majore_vote: bool = False,
    taux_departemental: Decimal | None = None,
    taux_tva: Decimal | None = None,
    debours_et_formalites: Decimal | None = None,
    currency: str | None = "EUR",
) -> FraisAcquisition:
    """Estimate of a buyer's acquisition costs at the date of the act (see module doc).

    ``taux_departemental`` overrides the département's rate; otherwise 4,50 %, or 5 % when
    ``taux_majore_vote`` (the département voted the 2025 increase), the buyer is not a
    first-time buyer of a main home and the date is in the 2025-2028 window.
    ``taux_tva`` overrides the metropolitan VAT rate (outre-mer).
    Used by ``compute.fiscalite`` for the acte's « Frais » and the note de calcul.
    """
    prix = to_decimal(prix)
    ex = Explication()
    ex.ajouter("Prix", "donnée", prix)
    assiette_pv = lookup("dmto.frais_assiette_neuf" if neuf else "dmto.frais_assiette", date_acte)
    if neuf:
        pv = lookup("dmto.taux_neuf", date_acte)
        dep = ex.ajouter(
            "Taxe de publicité foncière (immeuble neuf)",
            f"{format_computed_rate(pv.as_decimal)} × prix",
            round_units(prix * pv.as_decimal),
            arrondi=ARRONDI_EURO,
            references=pv.references,
        )
        communale = ZERO
    else:
        if taux_departemental is not None:
            rate = to_decimal(taux_departemental)
            refs: tuple[str, ...] = ("taux voté par le département (donnée)",)
        else:
            pv = lookup("dmto.taux_departemental", date_acte)
            rate, refs = pv.as_decimal, pv.references
            if taux_majore_vote and not primo_accedant:
                try:
                    pvm = lookup("dmto.taux_departemental_majore", date_acte)
                except ParameterError:
                    pass  # outside the 2025-2028 window
                else:
                    rate, refs = pvm.as_decimal, pvm.references
        dep = ex.ajouter(
            "Droit départemental",
            f"{format_computed_rate(rate)} × prix",
            round_units(prix * rate),
            arrondi=ARRONDI_EURO,
            references=refs,
        )
        pvc = lookup("dmto.taux_communal", date_acte)
        communale = ex.ajouter(
            "Taxe communale additionnelle",
            f"{format_computed_rate(pvc.as_decimal)} × prix",
            round_units(prix * pvc.as_decimal),
            arrondi=ARRONDI_EURO,
            references=pvc.references,
        )
    assiette = ex.ajouter(
        "Frais d’assiette et de recouvrement",
        f"{format_computed_rate(assiette_pv.as_decimal)} × {format_computed(dep, currency)}",
        round_units(dep * assiette_pv.as_decimal),
        arrondi=ARRONDI_EURO_ASSIETTE,
        references=assiette_pv.references,
    )
    dmto = ex.ajouter(
        "Droits de mutation",
        "droit départemental + taxe communale + frais d’assiette",
        dep + communale + assiette,
    )

    csi_t = lookup("csi.taux", date_acte)
    csi_min = lookup("csi.minimum", date_acte)
    csi = ex.ajouter(
        "Contribution de sécurité immobilière",
        f"le plus grand de {format_computed_rate(csi_t.as_decimal)} × prix et "
        f"{format_computed(csi_min.as_decimal, currency)}",
        max(round_cents(prix * csi_t.as_decimal), csi_min.as_decimal),
        arrondi=ARRONDI_CENTIME,
        references=csi_t.references,
    )

    bareme_pv = lookup("emoluments_notaire.vente", date_acte)
    scale = bareme_pv.as_scale
    ht = ZERO
    for t in scale.tranches(prix):
        bornes = (
            f"de {format_computed(t.de, currency)} à {format_computed(t.a, currency)}"
            if t.a is not None
            else f"au-delà de {format_computed(t.de, currency)}"
        )
        ht += ex.ajouter(
            f"Émolument, tranche {bornes}",
            f"{format_computed_rate(t.taux)} × {format_computed(t.assiette, currency)}",
            round_cents(t.montant),
            arrondi=ARRONDI_CENTIME,
            references=bareme_pv.references,
        )
    ex.ajouter("Émoluments proportionnels hors taxes", "somme des tranches", ht)
    if taux_tva is not None:
        tva_rate = to_decimal(taux_tva)
        tva_refs: tuple[str, ...] = ("taux de TVA applicable (donnée)",)
    else:
        tva_pv = lookup("tva.taux_normal", date_acte)
        tva_rate, tva_refs = tva_pv.as_decimal, tva_pv.references
    tva = ex.ajouter(
        "TVA sur les émoluments",
        f"{format_computed_rate(tva_rate)} × {format_computed(ht, currency)}",
        round_cents(ht * tva_rate),
        arrondi=ARRONDI_CENTIME,
        references=tva_refs,
    )
    ttc = ex.ajouter("Émoluments toutes taxes comprises", "hors taxes + TVA", ht + tva)
    if debours_et_formalites is not None:
        debours = ex.ajouter(
            "Débours et formalités", "donnée (décompte du notaire)", to_decimal(debours_et_formalites)
        )
    else:
        pvd = lookup("frais_acquisition.debours_et_formalites", date_acte)
        debours = ex.ajouter(
            "Débours et formalités (estimation)",
            "forfait d’estimation",
            pvd.as_decimal,
            references=pvd.references,
        )
    total = ex.ajouter(
        "Frais d’acquisition",
        "droits de mutation + CSI + émoluments TTC + débours",
        dmto + csi + ttc + debours,
    )
    cout = ex.ajouter("Coût global de l’acquisition", "prix + frais d’acquisition", prix + total)
    return FraisAcquisition(
        prix, dep, communale, assiette, dmto, csi, ht, tva, ttc, debours, total, cout, ex.lignes()
    )
