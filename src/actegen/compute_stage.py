"""Stage 3 — compute: a validated case → every figure its documents state.

This module only adapts the case (percentages as the case writes them, optional
fields) to the pure functions of ``actegen.compute`` and gathers their results and
explanations per lot and per operation. No figure is computed here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from .compute import assurance as assurance_mod
from .compute import frais as frais_mod
from .compute import garanties as garanties_mod
from .compute import paiement as paiement_mod
from .compute import portage as portage_mod
from .compute import pret as pret_mod
from .compute import prix as prix_mod
from .compute import solvabilite as solvabilite_mod
from .compute.explain import Ligne
from .errors import FieldPath
from .money import HUNDRED, ZERO
from .parameters import lookup

PRODUITS_AVEC_RACHAT = {"accession_sociale", "psla", "vente_hlm"}
PRODUITS_AVEC_RELOGEMENT = {"accession_sociale", "psla"}


@dataclass(frozen=True)
class Section:
    """A titled group of explanation lines: one computation of the note de calcul."""

    titre: str
    lignes: tuple[Ligne, ...]


@dataclass
class Warning_:
    path: FieldPath
    message: str


@dataclass
class LotResult:
    numero: Any
    prix: dict[str, Decimal]
    prix_de_vente: Decimal
    pret: dict[str, Any] | None
    paiement: dict[str, Any] | None
    solvabilite: solvabilite_mod.Solvabilite | None
    rachat: garanties_mod.BaremeRachat | None
    assurance: assurance_mod.AssuranceRevente | None
    portage: portage_mod.Portage | None
    couverture_mutuelle_mois: int
    sections: list[Section] = field(default_factory=list)

    def as_context(self) -> dict[str, Any]:
        """The figures under the names the templates use (``calc.…``)."""
        return {
            "prix": self.prix,
            "prix_de_vente": self.prix_de_vente,
            "pret": self.pret,
            "paiement": self.paiement,
            "solvabilite": self.solvabilite,
            "rachat": self.rachat,
            "assurance": self.assurance,
            "portage": self.portage,
            "couverture_mutuelle_mois": self.couverture_mutuelle_mois,
        }


@dataclass
class CaseResults:
    lots: list[LotResult]
    totaux: paiement_mod.TotauxOperation | None
    sections: list[Section]
    warnings: list[Warning_]
    currency: str


def _fraction(percent: Decimal | None) -> Decimal | None:
    return None if percent is None else percent / HUNDRED


def _act_date(case: dict[str, Any], lot: dict[str, Any]) -> date:
    return lot.get("date_acte", case["operation"]["date_acte"])


def _prix(case: dict[str, Any], lot: dict[str, Any], currency: str) -> tuple[dict[str, Decimal], Decimal, list[Section]]:
    p = lot["prix"]
    if case["operation"]["produit"] == "lts":
        fee_sections: list[Section] = []
        if "frais_de_vente" in p:
            fees = p["frais_de_vente"]
        else:
            # No fee given: the dated barème of seed 004. The transfer taxes are assessed on the
            # foncier (what the commune transfers is the tréfonds; the printed fees of all 14
            # lots are affine in the foncier), the caution on the capital borrowed for the price
            # excluding fees.
            base = (p["prix_de_revient"] - p["subventions"] - p["capital_rembourse"]
                    + p.get("loyers_impayes", ZERO) + p["foncier"] + p.get("travaux", ZERO))
            borrowed = max(base - lot.get("menage", {}).get("apport", ZERO), ZERO)
            bareme = frais_mod.frais_de_vente_bareme(assiette=p["foncier"], capital_emprunte=borrowed,
                                                     date_acte=_act_date(case, lot), currency=currency)
            fees = bareme.total
            fee_sections.append(Section("Frais de vente (barème)", bareme.lignes))
        composantes = prix_mod.ComposantesPrix(
            prix_de_revient=p["prix_de_revient"],
            subventions=p["subventions"],
            capital_rembourse=p["capital_rembourse"],
            loyers_impayes=p.get("loyers_impayes", ZERO),
            foncier=p["foncier"],
            travaux=p.get("travaux", ZERO),
            frais_de_vente=fees,
        )
        result = prix_mod.prix_de_cession(composantes, currency)
        figures = {
            "prix_de_revient": composantes.prix_de_revient,
            "subventions": composantes.subventions,
            "capital_rembourse": composantes.capital_rembourse,
            "capital_restant_du": result.capital_restant_du,
            "loyers_impayes": composantes.loyers_impayes,
            "foncier": composantes.foncier,
            "travaux": composantes.travaux,
            "frais_de_vente": result.frais_de_vente,
            "prix_hors_frais": result.prix_hors_frais,
        }
        return figures, result.prix_de_cession, fee_sections + [Section("Prix de cession", result.lignes)]
    if case["operation"]["produit"] == "portage":
        price = lot["portage"]["prix_revente"]
    else:
        price = p["prix_de_vente"]
    fees = p.get("frais_de_vente", ZERO)
    return {"frais_de_vente": fees, "prix_hors_frais": price - fees}, price, []


def _lot(case: dict[str, Any], index: int, lot: dict[str, Any], currency: str,
         warnings: list[Warning_]) -> LotResult:
    produit = case["operation"]["produit"]
    act = _act_date(case, lot)
    figures, price, sections = _prix(case, lot, currency)
    menage = lot.get("menage", {})
    fin = case.get("financement")
    apport = menage.get("apport", ZERO)
    al = menage.get("allocation_logement", ZERO)

    pret = None
    mensualite = ZERO
    if fin and "taux_annuel" in fin and price - apport > 0:
        loan = pret_mod.pret_ues(price - apport, act, duree_annees=fin.get("duree_annees"),
                                 convention=fin.get("convention"))
        if fin["taux_annuel"] != loan.taux_annuel * HUNDRED:
            loan = pret_mod.Pret(loan.capital, fin["taux_annuel"] / HUNDRED, loan.duree_mois,
                                 loan.convention, loan.references)
        m = pret_mod.mensualite(loan, currency)
        mensualite = m.mensualite
        pret = {"capital": loan.capital, "taux": loan.taux_annuel * HUNDRED,
                "duree_annees": loan.duree_mois // 12, "mensualite": m.mensualite, "apport": apport,
                "convention": str(loan.convention)}
        sections.append(Section("Mensualité du prêt", m.lignes))

    paiement = None
    if fin and "part_signature" in fin:
        split = paiement_mod.repartition_paiement(figures["prix_hors_frais"], act,
                                                  taux=_fraction(fin["part_signature"]), currency=currency)
        duree = fin.get("duree_consignation_annees") or lookup("paiement_ues.duree_consignation_annees", act).as_int
        paiement = {"part_signature_taux": split.taux_signature * HUNDRED,
                    "part_consignee_taux": HUNDRED - split.taux_signature * HUNDRED,
                    "signature": split.part_signature, "consigne": split.consignation,
                    "duree_consignation": duree}
        sections.append(Section("Paiement du prix : signature et consignation", split.lignes))

    solv = None
    if "menage" in lot and pret is not None:
        solv = solvabilite_mod.solvabilite(
            prix=price, mensualite=mensualite, date_acte=act, apport=apport, al=al,
            revenu_mensuel=menage.get("revenus_mensuels"),
            souhaite_acheter=menage.get("souhaite_acheter", True), currency=currency)
        sections.append(Section("Solvabilité du ménage", solv.lignes))
        if solv.depasse_plafond:
            # The effort itself is personal financial data: the warning names the rule, the
            # figure stays in the note de calcul (actegen explain) and the annex.
            warnings.append(Warning_(("lots", index, "menage", "revenus_mensuels"),
                                     f"effort du ménage au-dessus du plafond de {solv.plafond * HUNDRED:.0f} % "
                                     "(loi du 31 décembre 1989) : le ménage peut acheter, mais la délibération "
                                     "le classe parmi les locataires"))

    garanties = case.get("garanties", {})
    rachat = None
    if garanties.get("rachat") and produit in PRODUITS_AVEC_RACHAT:
        base_date = lot.get("date_levee_option", act) if produit == "psla" else act
        rachat = garanties_mod.bareme_rachat(price, produit, base_date)
        sections.append(Section("Garantie de rachat : prix minimum par année", rachat.lignes))

    assurance = None
    if garanties.get("assurance_revente") and produit in {"accession_sociale", "psla", "brs"}:
        assurance = assurance_mod.assurance_revente(prix=price, produit=produit, date_contrat=act,
                                                    nombre_coacquereurs=len(lot["acquereurs"]))
        sections.append(Section("Assurance revente", assurance.lignes))

    porte = None
    if produit == "portage":
        p = lot["portage"]
        porte = portage_mod.portage(
            prix_acquisition=p["prix_acquisition"], prix_revente=p["prix_revente"],
            date_acquisition=p["date_acquisition"], date_revente=p["date_revente"],
            frais_acquisition=p.get("frais_acquisition", ZERO),
            frais_portage={"frais de portage": p["frais_portage"]} if "frais_portage" in p else {},
            currency=currency)
        sections.append(Section("Portage : bilan et aide de l'ANRU", porte.lignes))
        for message in porte.avertissements:
            warnings.append(Warning_(("lots", index, "portage"), message))

    months = lookup("paiement_ues.mois_pris_en_charge_mutuelle", act).as_int if fin else 0
    return LotResult(lot["numero"], figures, price, pret, paiement, solv, rachat, assurance, porte,
                     months, sections)


def compute(case: dict[str, Any]) -> CaseResults:
    """Every figure of the case, lot by lot, then the operation totals."""
    currency = case["operation"]["devise"]
    warnings: list[Warning_] = []
    lots = [_lot(case, i, lot, currency, warnings) for i, lot in enumerate(case["lots"])]
    totaux = None
    sections: list[Section] = []
    fin = case.get("financement")
    if fin and "part_signature" in fin:
        totaux = _totaux(lots, case, currency)
        sections.append(Section("Totaux de l'opération", totaux.lignes))
    return CaseResults(lots, totaux, sections, warnings, currency)


@dataclass(frozen=True)
class _PrixLot:
    prix_de_cession: Decimal
    frais_de_vente: Decimal


def _totaux(lots: list[LotResult], case: dict[str, Any], currency: str) -> paiement_mod.TotauxOperation:
    items = [_PrixLot(r.prix_de_vente, r.prix["frais_de_vente"]) for r in lots]
    return paiement_mod.totaux_operation(items, case["operation"]["date_acte"], currency=currency)
