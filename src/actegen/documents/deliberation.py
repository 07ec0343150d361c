"""Context of the rapport au conseil municipal and its délibération (one per operation).

The annexes are the rapport n° 93/4-18's three tables — simulation of prices, solvency of the
households, payments through the UES — rebuilt from the case's computed figures, with
their totals. Rebuilt figures are not the register's: a case whose annexes differ from the
printed ones says ``seance.document: reconstitution``, and the document is then titled as
such, without the certification or the « Vu par le conseil » (a certified extract certifies
conformity with the register, CGCT L.2121-23). The « classement calculé » applies the
rapport's rule to the figures; the council did not vote it. The 25 % ceiling is the
rapport's own criterion, not a rule of loi n° 89-1010.
"""

from __future__ import annotations

from typing import Any

from .. import french
from ..case_types import Case, Lot, Seance
from ..compute.dossier import CaseResults
from ..compute.solvabilite import Hypothese
from ..money import HUNDRED, ZERO
from ..naming import slug
from ..parameters import lookup
from .common import place_context
from .deliberation_registre import certification, forme, printed_annexe

_ORDINAL_ARTICLES = "ARTICLE PREMIER"


_COMPOSANTES = (
    "prix_de_revient",
    "subventions",
    "capital_rembourse",
    "capital_restant_du",
    "loyers_impayes",
    "foncier",
    "travaux",
    "frais_de_vente",
)
"""The price components each lot's line of the annex shows, and the annex totals."""


def article_title(n: int) -> str:
    """« ARTICLE PREMIER », then « ARTICLE 2 », « ARTICLE 3 »… as délibérations number them."""
    return _ORDINAL_ARTICLES if n == 1 else f"ARTICLE {n}"


def vote_phrase(vote: dict[str, Any]) -> str:
    if vote.get("unanimite"):
        return "À l’unanimité des votants"
    parts = [
        f"Pour : {vote['pour']}",
        f"Contre : {vote.get('contre', 0)}",
        f"Abstentions : {vote.get('abstentions', 0)}",
    ]
    return "À la majorité des suffrages exprimés — " + " — ".join(parts)


def _president_title(president: dict[str, Any]) -> str:
    qualite = president["qualite"]
    return ("Le " if president["civilite"] == "Monsieur" else "La ") + qualite


def context(case: Case, results: CaseResults) -> dict[str, Any]:
    seance = case["seance"]
    president = seance["president"]
    commissions = seance.get("rapporteur", {}).get("commissions", [])
    if len(commissions) > 1:
        commissions_text = ", ".join(commissions[:-1]) + " et " + commissions[-1]
    else:
        commissions_text = "".join(commissions)
    annexe = annexes(case, results)
    document = forme(case)
    registre = document == "extrait_registre"
    if registre:
        annexe = printed_annexe(case, annexe)
    return {
        "op": place_context(case["operation"], "commune"),
        "vendeur": case["vendeur"],
        "seance": seance,
        "articles": [{"titre": article_title(i), "texte": t} for i, t in enumerate(seance["articles"], 1)],
        "vote_phrase": vote_phrase(seance["vote"]),
        "president_titre": _president_title(president),
        "president_designation": ("Monsieur le " if president["civilite"] == "Monsieur" else "Madame la ")
        + president["qualite"],
        "commissions": commissions_text,
        "recours_phrase": _recours_phrase(seance),
        "devise_nom": "francs" if case["operation"]["devise"] == "FRF" else "euros",
        "annexe": annexe,
        "extrait": _extrait(seance),
        "reconstitution": document == "reconstitution",
        "registre": registre,
        "certification": _certification(case, document),
    }


def _certification(case: Case, document: str) -> dict[str, Any] | None:
    """Who certifies the extract and when: the president of a modern extract; for the
    register's extract only whom the case names; nobody for a reconstitution."""
    if document == "reconstitution":
        return None
    if document == "extrait_registre":
        return certification(case)
    seance = case["seance"]
    president = seance["president"]
    return {
        "titre": _president_title(president),
        "prenoms": president["prenoms"],
        "nom": president["nom"],
        "date": seance["date_certification"],
    }


def _extrait(seance: Seance) -> dict[str, Any]:
    """What a modern extract of the register states: the members in office, present and
    represented, the voters, the convocation, the secrétaire de séance (CGCT L.2121-17,
    L.2121-15), and how the act became enforceable (L.2131-1)."""
    moderne = all(k in seance for k in ("membres_en_exercice", "presents", "date_convocation", "secretaire"))
    representes = seance.get("representes", 0)
    phrase = ""
    if "date_transmission_prefecture" in seance and "date_publication" in seance:
        phrase = (
            f"Acte rendu exécutoire après transmission au représentant de l’État le "
            f"{french.format_date_long(seance['date_transmission_prefecture'])} et publication le "
            f"{french.format_date_long(seance['date_publication'])} ; "
            f"{_president_title(seance['president']).lower()} certifie sous sa responsabilité le caractère "
            "exécutoire de cet acte (article L.2131-1 du Code général des collectivités territoriales)."
        )
    return {
        "moderne": moderne,
        "representes": representes,
        "votants": seance.get("presents", 0) + representes,
        "executoire_phrase": phrase,
        "signature_secretaire": moderne
        and lookup("deliberation.signature_secretaire", seance["date"]).as_bool,
    }


def _recours_phrase(seance: Seance) -> str:
    """Since the CJA (R.421-1, R.421-5) the délai de recours is stated; a 1993 extract did not."""
    if lookup("deliberation.extrait_moderne", seance["date"]).as_bool:
        return (
            "La présente délibération peut faire l’objet d’un recours devant le tribunal administratif "
            "dans un délai de deux mois à compter de sa publication (articles R.421-1 et R.421-5 du Code "
            "de justice administrative)."
        )
    return "Ainsi fait et délibéré les jour, mois et an susdits."


def applies(case: Case, results: CaseResults) -> bool:
    """A délibération when the case has the council session that decided the sales."""
    return "seance" in case


def filename(case: Case) -> str:
    numero = case["seance"]["numero_deliberation"]
    return f"deliberation_{slug(numero, limit=24)}.docx"


def title(case: Case) -> str:
    return f"Délibération n° {case['seance']['numero_deliberation']}"


_HYPOTHESES = {
    Hypothese.COMPTANT: "1 — paiement comptant",
    Hypothese.APPORT_ET_PRET: "2 — apport et prêt",
    Hypothese.PRET_TOTAL: "3 — prêt total",
    Hypothese.LOCATAIRE: "4 — reste locataire",
}


def _sum(rows: list[dict[str, Any]], key: str) -> Any:
    return sum((r[key] for r in rows), ZERO)


def _lissage_note(results: CaseResults) -> str:
    """The simulation's instalments are constant; the actes and conventions CAF of the
    households whose AL is forecast adjust them year by year (rapport n° 93/4-18, annexe UES):
    the annex says so, rather than seem to contradict them."""
    if not any(r.lissage is not None for r in results.lots):
        return ""
    return (
        " Mensualités de la simulation, constantes : pour chaque ménage dont l’allocation de logement est "
        "prévue année par année, l’acte de vente et la convention CAF ajustent chaque année les échéances "
        "sur cette allocation, la part payée par le ménage restant constante."
    )


def _classement(solvency: list[dict[str, Any]]) -> list[str]:
    """The lots of each hypothesis of the rapport, in order (« 3 — prêt total : lots 1, 2 et 4 »):
    what the council needs, without the figures of any household."""
    groups: dict[str, list[str]] = {}
    for s in solvency:
        groups.setdefault(s["hypothese"], []).append(str(s["numero"]))
    out = []
    for label, lots in sorted(groups.items()):
        listed = lots[0] if len(lots) == 1 else ", ".join(lots[:-1]) + " et " + lots[-1]
        number, _dash, name = label.partition(" — ")
        out.append(f"hypothèse {number} ({name}) : lot{'s' if len(lots) > 1 else ''} {listed}")
    return out


def annexes(case: Case, results: CaseResults) -> dict[str, Any]:
    """The annexes: the rapport 93/4-18's three tables for an LTS sale, the balance of each lot for
    a portage ciblé, else the price of each lot — from the computed figures, with totals."""
    produit = case["operation"]["produit"]
    ventes = _annexe_ventes(case, results)  # every délibération can list the prices of its lots
    if produit == "portage":
        return {**ventes, **_annexe_portage(case, results)}
    if produit != "lts":
        return ventes
    return {**ventes, **_annexes_lts(case, results), "type": "lts"}


def _household(lot: Lot) -> str:
    return " et ".join(dict.fromkeys(a["nom"].upper() for a in lot["acquereurs"]))


_BILAN = (
    "prix_acquisition",
    "frais_acquisition",
    "frais_portage",
    "cout_de_revient",
    "prix_revente",
    "deficit",
    "aide_anru",
    "reste_operateur",
)


def _annexe_portage(case: Case, results: CaseResults) -> dict[str, Any]:
    rows = []
    for lot, r in zip(case["lots"], results.lots, strict=True):
        b = r.portage
        if b is None:
            continue
        rows.append(
            {
                "numero": lot["numero"],
                "menage": _household(lot),
                "date_acquisition": b.date_acquisition,
                "date_revente": b.date_revente,
                **{k: getattr(b, k) for k in _BILAN},
            }
        )
    first = min(
        (lot["portage"]["date_acquisition"] for lot in case["lots"] if "portage" in lot),
        default=case["operation"]["date_acte"],
    )
    total = {k: _sum(rows, k) for k in _BILAN}
    solde = _sum(rows, "cout_de_revient") - _sum(rows, "prix_revente")
    devise = "euros" if case["operation"]["devise"] == "EUR" else "francs"
    note = (
        f"Le total des déficits est celui des lots en déficit ({french.format_amount_bare(total['deficit'])} {devise}) ; "
        f"le déficit de l’opération, excédents des autres lots déduits, est de "
        f"{french.format_amount_bare(solde)} {devise}. L’aide de l’ANRU est calculée lot par lot, dans la limite "
        "du plafond par lot."
        if solde != total["deficit"]
        else "L’aide de l’ANRU est calculée lot par lot, dans la limite du plafond par lot."
    )
    seance_date = case["seance"]["date"] if "seance" in case else None
    prevue = seance_date is not None and any(r["date_revente"] > seance_date for r in rows)
    return {
        "type": "portage",
        "portage": rows,
        "total": total,
        "deficit_note": note,
        "revente_entete": "Revente prévue le" if prevue else "Revente le",
        "plafond_par_lot": lookup("portage.plafond_anru_par_lot", first).as_decimal,
        "duree_max_annees": lookup("portage.duree_max_annees", first).as_int,
    }


def _annexe_ventes(case: Case, results: CaseResults) -> dict[str, Any]:
    rows = [
        {
            "numero": lot["numero"],
            "menage": _household(lot),
            "designation": lot["designation"],
            "prix_de_vente": r.prix_de_vente,
        }
        for lot, r in zip(case["lots"], results.lots, strict=True)
    ]
    return {"type": "ventes", "ventes": rows, "total": {"prix_de_vente": _sum(rows, "prix_de_vente")}}


def _annexes_lts(case: Case, results: CaseResults) -> dict[str, Any]:
    """The rapport n° 93/4-18's three annex tables, from the computed figures, with their totals."""
    fin = case.get("financement", {})
    lots = []
    solvency = []
    payments = []
    for lot, r in zip(case["lots"], results.lots, strict=True):
        household = _household(lot)
        prix = r.prix
        mensualite = r.pret.mensualite if r.pret else ZERO
        lots.append(
            {
                "numero": lot["numero"],
                "surface": lot["cadastre"]["contenance_m2"],
                "type": lot.get("type_logement", ""),
                **{k: prix.get(k, ZERO) for k in _COMPOSANTES},
                "prix_de_vente": r.prix_de_vente,
                "mensualite": mensualite,
            }
        )
        s = r.solvabilite
        menage = lot.get("menage", {})
        if s is not None:
            # Lot figures only: the households' income, allocation, balance and effort are
            # personal data the published annex does not need (issue 13).
            solvency.append(
                {
                    "numero": lot["numero"],
                    "menage": household,
                    "mensualite_actuelle": french.format_amount_bare(menage["mensualite_actuelle"])
                    if "mensualite_actuelle" in menage
                    else "non renseignée",
                    "mensualite_actuelle_valeur": menage.get("mensualite_actuelle", ZERO),
                    "mensualite": s.mensualite,
                    "hypothese": "4 — vente par dérogation"
                    if s.hypothese is Hypothese.LOCATAIRE and "derogation_accession" in lot
                    else _HYPOTHESES[s.hypothese],
                }
            )
        if r.paiement is not None:
            payments.append(
                {
                    "numero": lot["numero"],
                    "menage": household,
                    "prix_hors_frais": prix["prix_hors_frais"],
                    "frais_de_vente": prix["frais_de_vente"],
                    "prix_de_vente": r.prix_de_vente,
                    "signature": r.paiement.repartition.part_signature,
                    "consigne": r.paiement.repartition.consignation,
                }
            )
    total = {k: _sum(lots, k) for k in ("surface", *_COMPOSANTES, "prix_de_vente", "mensualite")}
    total_payments = {
        k: _sum(payments, k)
        for k in ("prix_hors_frais", "frais_de_vente", "prix_de_vente", "signature", "consigne")
    }
    part = fin.get("part_signature", ZERO)
    plafond = (
        (results.lots[0].solvabilite.plafond * HUNDRED)
        if solvency and results.lots[0].solvabilite
        else lookup("solvabilite.taux_effort_max", case["operation"]["date_acte"]).as_decimal * HUNDRED
    )
    first = results.lots[0].pret if results.lots else None
    convention = {
        "annuite_annuelle_sur_12": "Mensualité = annuité constante annuelle du prêt divisée par 12, arrondie au centime.",
        "mensuelle_taux_proportionnel": "Mensualité au taux mensuel proportionnel (taux annuel / 12), arrondie au centime.",
        "mensuelle_taux_actuariel": "Mensualité au taux mensuel équivalent (actuariel), arrondie au centime.",
    }.get(str(first.pret.convention) if first else "", "")
    return {
        "taux": fin.get("taux_annuel", ZERO),
        "duree_annees": fin.get("duree_annees", 0),
        "lots": lots,
        "total": total,
        "convention_note": convention + _lissage_note(results),
        "solvabilite": solvency,
        "total_solvabilite": {
            "mensualite_actuelle": french.format_amount_bare(_sum(solvency, "mensualite_actuelle_valeur")),
            "mensualite": _sum(solvency, "mensualite"),
        },
        "classement": _classement(solvency),
        "plafond_effort": plafond,
        "solvabilite_note": "Mensualité hors AL : mensualité du prêt de l’UES sur le prix de vente. Le "
        "classement applique aux chiffres du dossier les quatre hypothèses du rapport : "
        "1 paiement comptant ; 2 apport et prêt ; 3 prêt pour la totalité du prix ; 4 effort au-dessus du "
        f"plafond de {french.format_percent(plafond)} retenu par le rapport (« réserver à priori l’accession aux "
        "familles dont les mensualités prévisibles ne dépassent pas 25 % de l’ensemble des revenus "
        "mensuels ») ou pas de souhait d’acheter : le ménage reste locataire, sans acte de vente ni "
        "convention CAF, sauf dérogation motivée. Ce classement n’a pas été voté par le conseil municipal. "
        "Les ressources, l’allocation de logement et le taux d’effort de chaque ménage, données "
        "personnelles, ne figurent pas dans cette annexe publique.",
        "paiements": payments,
        "total_paiements": total_payments,
        "erratum": [],  # the register's extract lists its misprints (deliberation_registre)
        "part_signature": part,
        "part_consignee": HUNDRED - part if part else ZERO,
        "paiements_note": f"Part payée à la signature arrondie au {'franc' if case['operation']['devise'] == 'FRF' else 'euro'}"
        " le plus proche ; la part consignée est le complément, productive d’intérêts et "
        "payable dans le délai de consignation, déduction faite des impayés. Somme due hors frais : le prix "
        "stipulé à l’acte de vente, augmenté des loyers dus ou diminué du trop-perçu de loyers ; le « prix de "
        "vente » des annexes, selon le mode de calcul du rapport, comprend en outre les frais de vente, payés "
        "en sus du prix.",
    }
