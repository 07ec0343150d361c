"""Stage 3 — compute: a validated case → every figure its documents state.

This module only adapts the case (percentages as the case writes them, optional
fields) to the pure functions of ``actegen.compute`` and gathers their results and
explanations per lot and per operation. Two figures are derived here because they are
mere applications of a rate or a difference written in the act, each with its lines in the
note de calcul: the amounts of a VEFA payment schedule (CCH R.261-14) and the ceiling of the
anti-speculation clause of a vente Hlm (CCH L.443-12-1).
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
from .compute.dates import add_years
from .compute.explain import NOMBRE, Explication, Ligne, fmt, fmt_taux
from .errors import FieldPath
from .money import HUNDRED, ZERO, round_cents
from .parameters import lookup
from .produits import PRODUITS_ASSURANCE_REVENTE, PRODUITS_RACHAT, act_date, debut_garanties



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
    vefa: dict[str, Any] | None = None
    anti_speculation: dict[str, Any] | None = None

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
            "vefa": self.vefa,
            "anti_speculation": self.anti_speculation,
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



def _prix(case: dict[str, Any], lot: dict[str, Any], currency: str) -> tuple[dict[str, Decimal], Decimal, list[Section]]:
    p = lot["prix"]
    if case["operation"]["produit"] == "lts":
        fee_sections: list[Section] = []
        if "frais_de_vente" in p:
            fees = p["frais_de_vente"]
        else:
            # No fee given: the dated barème of the rapport 93/4-18. The transfer taxes are
            # assessed on the
            # foncier (what the commune transfers is the tréfonds; the printed fees of all 14
            # lots are affine in the foncier), the caution on the capital borrowed for the price
            # excluding fees.
            base = (p["prix_de_revient"] - p["subventions"] - p["capital_rembourse"]
                    + p.get("loyers_impayes", ZERO) + p["foncier"] + p.get("travaux", ZERO))
            borrowed = max(base - lot.get("menage", {}).get("apport", ZERO), ZERO)
            bareme = frais_mod.frais_de_vente_bareme(assiette=p["foncier"], capital_emprunte=borrowed,
                                                     date_acte=act_date(case, lot), currency=currency)
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
    act = act_date(case, lot)
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
    if garanties.get("rachat") and produit in PRODUITS_RACHAT:
        rachat = garanties_mod.bareme_rachat(price, produit, debut_garanties(case, lot))
        sections.append(Section("Garantie de rachat : prix minimum par année", rachat.lignes))

    assurance = None
    if garanties.get("assurance_revente") and produit in PRODUITS_ASSURANCE_REVENTE:
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

    vefa = None
    if "vefa" in lot:
        vefa, lignes = _echeancier_vefa(price, lot["vefa"], currency)
        sections.append(Section("Échéancier de paiement de la VEFA", lignes))

    anti = None
    if produit == "vente_hlm" and "vente_hlm" in lot:
        anti, lignes = _anti_speculation(price, lot["vente_hlm"]["prix_reference"], act, currency)
        sections.append(Section("Clause anti-spéculative", lignes))

    months = lookup("paiement_ues.mois_pris_en_charge_mutuelle", act).as_int if fin else 0
    return LotResult(lot["numero"], figures, price, pret, paiement, solv, rachat, assurance, porte,
                     months, sections, vefa, anti)


STADES_VEFA = {
    "fondations": "Achèvement des fondations",
    "hors_d_eau": "Mise hors d'eau",
    "achevement": "Achèvement de l'immeuble",
    "livraison": "Livraison (mise à disposition)",
}
_R261_14 = ("CCH art. R.261-14 (au plus 35 % à l'achèvement des fondations, 70 % à la mise hors "
            "d'eau, 95 % à l'achèvement)",)


def _echeancier_vefa(price: Decimal, vefa: dict[str, Any], currency: str) -> tuple[dict[str, Any], tuple[Ligne, ...]]:
    """Each stage's cumulated amount (rate × price, to the centime) and the call it makes;
    the sum due at signing is the cumulated amount of the stage reached."""
    ex = Explication()
    ex.ajouter("Prix de vente", "donnée", price)
    etapes = []
    previous = ZERO
    reached = list(STADES_VEFA).index(vefa["stade_atteint"]) if vefa["stade_atteint"] in STADES_VEFA else -1
    exigible = ZERO
    for step in vefa["echeancier"]:
        rate = step["pourcentage_cumule"] / HUNDRED
        cumul = ex.ajouter(f"Montant cumulé : {STADES_VEFA[step['stade']].lower()}",
                           f"{fmt_taux(rate)} × {fmt(price, currency)}", round_cents(price * rate),
                           arrondi="au centime le plus proche (la moitié vers le haut)", references=_R261_14)
        etapes.append({"stade": step["stade"], "libelle": STADES_VEFA[step["stade"]],
                       "pourcentage": step["pourcentage_cumule"], "montant_cumule": cumul,
                       "montant_appel": cumul - previous})
        if list(STADES_VEFA).index(step["stade"]) <= reached:
            exigible = cumul
        previous = cumul
    ex.ajouter("Exigible à la signature", "montant cumulé du stade atteint à la signature", exigible)
    solde = ex.ajouter("Solde payable aux appels de fonds", f"{fmt(price, currency)} − {fmt(exigible, currency)}",
                       price - exigible)
    return ({"etapes": etapes, "stade_atteint": vefa["stade_atteint"],
             "stade_atteint_libelle": STADES_VEFA.get(vefa["stade_atteint"], ""),
             "exigible_signature": exigible, "solde": solde}, ex.lignes())


ANS_ANTI_SPECULATION = 5
"""CCH L.443-12-1: a resale within five years of the purchase is subject to the clause."""


def _anti_speculation(price: Decimal, reference: Decimal, act: date,
                      currency: str) -> tuple[dict[str, Any], tuple[Ligne, ...]]:
    """The most the buyer may owe the landlord on a resale within five years: the gap between
    the reference price and the purchase price (CCH L.443-12-1)."""
    refs = ("CCH art. L.443-12-1",)
    ex = Explication()
    ex.ajouter("Prix d'acquisition", "donnée", price)
    ex.ajouter("Prix de référence (logement comparable libre d'occupation)", "donnée", reference)
    ecart = ex.ajouter("Somme due au plus en cas de revente dans le délai",
                       f"le plus grand de {fmt(reference, currency)} − {fmt(price, currency)} et zéro",
                       max(reference - price, ZERO), references=refs)
    fin = add_years(act, ANS_ANTI_SPECULATION)
    ex.ajouter(f"Fin du délai : {fin.strftime('%d/%m/%Y')}", f"acte du {act.strftime('%d/%m/%Y')} + "
               f"{ANS_ANTI_SPECULATION} ans", Decimal(ANS_ANTI_SPECULATION), unite=NOMBRE, references=refs)
    return {"prix_reference": reference, "prix": price, "ecart": ecart, "date_fin": fin}, ex.lignes()


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
