"""Stage 3 — compute: a validated case → every figure its documents state.

``compute`` adapts the case (percentages as the case writes them, optional fields) to the
pure functions of this package and gathers their results and explanations per lot and per
operation. A lot goes through ``SECTIONS`` in order, the way a case goes through
``validate.RULES``: each section computes one subject when the lot needs it, stores its
frozen result and adds its lines to the note de calcul. ``documents`` formats the results.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from actegen.case_types import Case, Lot
from actegen.compute import assurance as assurance_mod
from actegen.compute import fiscalite as fiscalite_mod
from actegen.compute import frais as frais_mod
from actegen.compute import garanties as garanties_mod
from actegen.compute import paiement as paiement_mod
from actegen.compute import portage as portage_mod
from actegen.compute import pret as pret_mod
from actegen.compute import prix as prix_mod
from actegen.compute import relogement as relogement_mod
from actegen.compute import solvabilite as solvabilite_mod
from actegen.compute.anti_speculation import AntiSpeculation, anti_speculation
from actegen.compute.explain import Ligne
from actegen.compute.financement import financement
from actegen.compute.lissage_al import LissageAL, lissage_al
from actegen.compute.location_accession import PrixLocationAccession, prix_location_accession
from actegen.compute.results import Avertissement, CaseResults, LotResult, PaiementLot, PretLot, Section
from actegen.compute.vefa import EcheancierVefa, echeancier_vefa
from actegen.errors import FieldPath
from actegen.money import HUNDRED, ZERO
from actegen.parameters import lookup
from actegen.produits import (
    PRODUITS_ASSURANCE_REVENTE,
    PRODUITS_RACHAT,
    PRODUITS_RELOGEMENT,
    act_date,
    debut_garanties,
)

__all__ = ["Avertissement", "CaseResults", "LotResult", "PaiementLot", "PretLot", "Section", "compute"]


@dataclass
class _Lot:
    """One lot while its sections run: its inputs, then what each section found."""

    case: Case
    index: int
    lot: Lot
    currency: str
    produit: str
    act: date
    figures: dict[str, Decimal]
    price: Decimal
    sections: list[Section]
    warnings: list[Avertissement]
    pret: PretLot | None = None
    paiement: PaiementLot | None = None
    solvabilite: solvabilite_mod.Solvabilite | None = None
    rachat: garanties_mod.BaremeRachat | None = None
    relogement: relogement_mod.ConditionsRelogement | None = None
    assurance: assurance_mod.AssuranceRevente | None = None
    portage: portage_mod.Portage | None = None
    vefa: EcheancierVefa | None = None
    anti_speculation: AntiSpeculation | None = None
    location_accession: PrixLocationAccession | None = None
    fiscalite: fiscalite_mod.Fiscalite | None = None
    lissage: LissageAL | None = None

    @property
    def menage(self) -> dict[str, Any]:
        return self.lot.get("menage", {})

    @property
    def fin(self) -> dict[str, Any] | None:
        return self.case.get("financement")

    @property
    def garanties(self) -> dict[str, Any]:
        return self.case.get("garanties", {})

    def add(self, titre: str, lignes: tuple[Ligne, ...]) -> None:
        self.sections.append(Section(titre, lignes))

    def warn(self, path: FieldPath, message: str) -> None:
        self.warnings.append(Avertissement(path, message))


def _fraction(percent: Decimal | None) -> Decimal | None:
    return None if percent is None else percent / HUNDRED


def _prix(case: Case, lot: Lot, currency: str) -> tuple[dict[str, Decimal], Decimal, list[Section]]:
    p = lot["prix"]
    if case["operation"]["produit"] == "lts":
        fee_sections: list[Section] = []
        if "frais_de_vente" in p:
            fees = p["frais_de_vente"]
        else:
            # No fee given: the dated barème of the rapport n° 93/4-18. The transfer taxes are assessed on the
            # foncier (what the commune transfers is the tréfonds; the printed fees of all 14
            # lots are affine in the foncier), the caution on the capital borrowed for the price
            # excluding fees.
            base = (
                p["prix_de_revient"]
                - p["subventions"]
                - p["capital_rembourse"]
                + p.get("loyers_impayes", ZERO)
                + p["foncier"]
                + p.get("travaux", ZERO)
            )
            borrowed = max(base - lot.get("menage", {}).get("apport", ZERO), ZERO)
            bareme = frais_mod.frais_de_vente_bareme(
                assiette=p["foncier"],
                capital_emprunte=borrowed,
                date_acte=act_date(case, lot),
                currency=currency,
            )
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


# --------------------------------------------------------------------------- the sections of a lot


def _financement(x: _Lot) -> None:
    """The sources of the price the acte lists (part acquisitive, apport, loans)."""
    plan = x.lot.get("plan_de_financement")
    if plan is None or x.produit == "lts":
        return
    part = x.lot.get("location_accession", {}).get("part_acquisitive", ZERO) if x.produit == "psla" else ZERO
    x.add(
        "Financement du prix", financement(x.price, plan, part_acquisitive=part, currency=x.currency).lignes
    )


def _pret(x: _Lot) -> None:
    """The case's loan on price − apport (rapport n° 93/4-18), at the rate the case writes."""
    fin, apport = x.fin, x.menage.get("apport", ZERO)
    if not (fin and "taux_annuel" in fin and x.price - apport > 0):
        return
    loan = pret_mod.pret_ues(
        x.price - apport, x.act, duree_annees=fin.get("duree_annees"), convention=fin.get("convention")
    )
    if fin["taux_annuel"] != loan.taux_annuel * HUNDRED:
        loan = pret_mod.Pret(
            loan.capital, fin["taux_annuel"] / HUNDRED, loan.duree_mois, loan.convention, loan.references
        )
    m = pret_mod.mensualite(loan, x.currency)
    x.pret = PretLot(loan, m.mensualite, apport)
    x.add("Mensualité du prêt", m.lignes)


def _paiement(x: _Lot) -> None:
    """The part paid at signing and the part consigned (rapport n° 93/4-18, délibération art. 4)."""
    fin = x.fin
    if not (fin and "part_signature" in fin):
        return
    split = paiement_mod.repartition_paiement(
        x.figures["prix_hors_frais"], x.act, taux=_fraction(fin["part_signature"]), currency=x.currency
    )
    duree = (
        fin.get("duree_consignation_annees") or lookup("paiement_ues.duree_consignation_annees", x.act).as_int
    )
    x.paiement = PaiementLot(split, duree)
    x.add("Paiement du prix : signature et consignation", split.lignes)


def _solvabilite(x: _Lot) -> None:
    """The household's effort, when it repays the case's loan (rapport n° 93/4-18); a household
    in hypothesis 4 without a derogation gets no acte (``solvabilite.motif_sans_acte``)."""
    if "menage" not in x.lot or x.pret is None:
        return
    menage = x.menage
    derogation = x.lot.get("derogation_accession")
    solv = solvabilite_mod.solvabilite(
        prix=x.price,
        mensualite=x.pret.mensualite,
        date_acte=x.act,
        apport=menage.get("apport", ZERO),
        al=menage.get("allocation_logement", ZERO),
        revenu_mensuel=menage.get("revenus_mensuels"),
        souhaite_acheter=menage.get("souhaite_acheter", True),
        derogation=derogation["motif"] if derogation else None,
        currency=x.currency,
    )
    x.solvabilite = solv
    x.add("Solvabilité du ménage", solv.lignes)
    motif = solvabilite_mod.motif_sans_acte(x.lot, solv)
    if motif is not None:
        # The effort itself is personal financial data: the warning names the rule, the
        # figure stays in the note de calcul (actegen explain) and the annex.
        x.warn(
            ("lots", x.index, "menage"),
            f"lot {x.lot['numero']} : ni acte de vente ni convention CAF, car {motif}",
        )
    elif derogation and solv.depasse_plafond:
        x.warn(
            ("lots", x.index, "derogation_accession"),
            f"lot {x.lot['numero']} : effort au-dessus du plafond du rapport n° 93/4-18, vente consentie "
            f"par dérogation ({derogation['motif']})",
        )


def _lissage(x: _Lot) -> None:
    """Instalments adjusted on the AL the CAF expects year by year, so that the household pays
    a constant share (rapport n° 93/4-18, annexe UES, « 2. Principes de financement »)."""
    evolution = x.menage.get("allocation_logement_evolution")
    if x.pret is None or not evolution:
        return
    try:
        x.lissage = lissage_al(x.pret.pret, evolution, x.currency)
    except ValueError as exc:  # the forecast AL alone repays the loan: nothing to smooth
        x.warn(
            ("lots", x.index, "menage", "allocation_logement_evolution"),
            f"{exc} ; les échéances restent constantes (pas de lissage)",
        )
        return
    x.add("Lissage de l’allocation de logement", x.lissage.lignes)


def _rachat(x: _Lot) -> None:
    """The minimum buy-back price year by year, from the start of the guarantees."""
    if x.garanties.get("rachat") and x.produit in PRODUITS_RACHAT:
        x.rachat = garanties_mod.bareme_rachat(x.price, x.produit, debut_garanties(x.case, x.lot))
        x.add("Garantie de rachat : prix minimum par année", x.rachat.lignes)


def _relogement(x: _Lot) -> None:
    """The relogement guarantee's terms (no line of its own in the note de calcul)."""
    if x.garanties.get("relogement") and x.produit in PRODUITS_RELOGEMENT:
        x.relogement = relogement_mod.conditions_relogement(x.produit, debut_garanties(x.case, x.lot))


def _assurance(x: _Lot) -> None:
    if x.garanties.get("assurance_revente") and x.produit in PRODUITS_ASSURANCE_REVENTE:
        couverture = assurance_mod.couverture_du_contrat(
            x.case.get("assurance_revente", {}).get("couverture")
        )
        x.assurance = assurance_mod.assurance_revente(
            prix=x.price,
            produit=x.produit,
            date_contrat=x.act,
            nombre_coacquereurs=len(x.lot["acquereurs"]),
            couverture=couverture,
        )
        x.add("Assurance revente", x.assurance.lignes)


def _portage(x: _Lot) -> None:
    if x.produit != "portage":
        return
    p = x.lot["portage"]
    x.portage = portage_mod.portage(
        prix_acquisition=p["prix_acquisition"],
        prix_revente=p["prix_revente"],
        date_acquisition=p["date_acquisition"],
        date_revente=p["date_revente"],
        frais_acquisition=p.get("frais_acquisition", ZERO),
        # The case gives one total: the line names it as such, not « frais de portage » again.
        frais_portage={"montant global du dossier": p["frais_portage"]} if "frais_portage" in p else {},
        currency=x.currency,
    )
    x.add("Portage : bilan et aide de l’ANRU", x.portage.lignes)
    for message in x.portage.avertissements:
        x.warn(("lots", x.index, "portage"), message)


def _vefa(x: _Lot) -> None:
    if "vefa" in x.lot:
        x.vefa = echeancier_vefa(x.price, x.lot["vefa"], x.currency)
        x.add("Échéancier de paiement de la VEFA", x.vefa.lignes)


def _anti_speculation(x: _Lot) -> None:
    if x.produit == "vente_hlm" and "vente_hlm" in x.lot:
        x.anti_speculation = anti_speculation(
            x.price, x.lot["vente_hlm"]["prix_reference"], x.act, x.currency
        )
        x.add("Clause anti-spéculative", x.anti_speculation.lignes)


def _location_accession(x: _Lot) -> None:
    """PSLA: the levée d'option price from the contract, its minoration and its ceilings."""
    la = x.lot.get("location_accession")
    if x.produit != "psla" or la is None or "prix_initial" not in la or "date_levee_option" not in x.lot:
        return
    rate = x.lot["prix"].get("taux_tva", ZERO) / HUNDRED
    x.location_accession = prix_location_accession(la, x.lot["date_levee_option"], rate, x.currency)
    x.add("Location-accession : prix de levée d’option", x.location_accession.lignes)
    for message in x.location_accession.avertissements:
        x.warn(("lots", x.index, "location_accession"), message)


def _fiscalite(x: _Lot) -> None:
    """The nature of the transfer, its duties and the buyer's costs (the acte's « Déclarations
    fiscales » and « Frais »)."""
    p = x.lot["prix"]
    x.fiscalite = fiscalite_mod.fiscalite(
        produit=x.produit,
        prix=x.price,
        date_acte=x.act,
        tva_incluse=bool(p.get("tva_incluse")),
        taux_tva_pourcent=p.get("taux_tva"),
        prix_hors_frais=x.figures.get("prix_hors_frais"),
        frais_de_vente=x.figures.get("frais_de_vente", ZERO),
        currency=x.currency,
    )
    x.add("Fiscalité de la mutation et frais de l’acte", x.fiscalite.lignes)


SECTIONS: tuple[Callable[[_Lot], None], ...] = (
    _location_accession,
    _financement,
    _pret,
    _paiement,
    _solvabilite,
    _lissage,
    _rachat,
    _relogement,
    _assurance,
    _portage,
    _vefa,
    _anti_speculation,
    _fiscalite,
)
"""The computations of a lot, in the order of the note de calcul (after the price)."""


def _lot(case: Case, index: int, lot: Lot, currency: str, warnings: list[Avertissement]) -> LotResult:
    act = act_date(case, lot)
    figures, price, sections = _prix(case, lot, currency)
    x = _Lot(
        case, index, lot, currency, case["operation"]["produit"], act, figures, price, sections, warnings
    )
    for section in SECTIONS:
        section(x)
    months = lookup("paiement_ues.mois_pris_en_charge_mutuelle", act).as_int if x.fin else 0
    return LotResult(
        lot["numero"],
        figures,
        price,
        x.pret,
        x.paiement,
        x.solvabilite,
        x.rachat,
        x.relogement,
        x.assurance,
        x.portage,
        months,
        x.vefa,
        x.anti_speculation,
        tuple(x.sections),
        x.location_accession,
        x.fiscalite,
        x.lissage,
    )


def compute(case: Case) -> CaseResults:
    """Every figure of the case, lot by lot, then the operation totals."""
    currency = case["operation"]["devise"]
    warnings: list[Avertissement] = []
    lots = tuple(_lot(case, i, lot, currency, warnings) for i, lot in enumerate(case["lots"]))
    totaux = None
    sections: list[Section] = []
    fin = case.get("financement")
    if fin and "part_signature" in fin:
        totaux = _totaux(lots, case, currency)
        sections.append(Section("Totaux de l’opération", totaux.lignes))
    return CaseResults(lots, totaux, tuple(sections), tuple(warnings), currency)


@dataclass(frozen=True)
class _PrixLot:
    prix_de_cession: Decimal
    frais_de_vente: Decimal


def _totaux(lots: tuple[LotResult, ...], case: Case, currency: str) -> paiement_mod.TotauxOperation:
    items = [_PrixLot(r.prix_de_vente, r.prix["frais_de_vente"]) for r in lots]
    return paiement_mod.totaux_operation(items, case["operation"]["date_acte"], currency=currency)
