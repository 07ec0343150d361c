"""The 1993 délibération as the register's extract: the annexes with the figures as printed and
voted, and an erratum note listing each printed figure that differs from the one the rule gives.

A certified extract certifies conformity with the register (Code des communes then in force;
today CGCT L.2121-23): it may not carry recomputed figures (notarial review, A6). So the case
that asks for the extract (``seance.document: extrait_registre``) gives the printed tables
(``seance.registre``: simulation, solvency, payments through the UES, each with its printed
total); the document reproduces them, and the erratum — a note joined to the copy, not part of
the register — compares every printed cell with the figure ``compute`` gives, which the actes
use. The certification sentence is printed only when the case names who certifies
(``seance.registre.certifie_par``). The solvency table keeps only the lot figures: the
households' allocation, balance and effort are personal data a public annex does not carry.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .. import french
from ..case_types import Case
from ..money import ZERO, round_units

# The printed tables, their columns in the computed annex, and the columns printed au franc
# (compared with the computed figure rounded to the franc).
SIMULATION = (
    "prix_de_revient",
    "subventions",
    "capital_rembourse",
    "capital_restant_du",
    "loyers_impayes",
    "foncier",
    "travaux",
    "frais_de_vente",
    "prix_de_vente",
    "mensualite",
)
SOLVABILITE = ("mensualite_actuelle", "mensualite")
PAIEMENTS = ("prix_hors_frais", "frais_de_vente", "prix_de_vente", "signature", "consigne")
TABLES = {"simulation": SIMULATION, "solvabilite": SOLVABILITE, "paiements": PAIEMENTS}
_AU_FRANC = {("solvabilite", "mensualite"), ("paiements", "frais_de_vente"), ("paiements", "prix_de_vente")}

_ANNEXES = {"simulation": "Annexe 1", "solvabilite": "Annexe 2", "paiements": "Annexe 3"}
_LIBELLES = {
    "prix_de_revient": "prix de revient",
    "subventions": "subventions",
    "capital_rembourse": "capital remboursé",
    "capital_restant_du": "capital restant dû",
    "loyers_impayes": "loyers impayés",
    "foncier": "foncier",
    "travaux": "travaux",
    "frais_de_vente": "frais de vente",
    "prix_de_vente": "prix de vente",
    "mensualite": "mensualité hors AL",
    "mensualite_actuelle": "mensualité actuelle",
    "prix_hors_frais": "prix hors frais",
    "signature": "payé à la signature",
    "consigne": "consigné",
}


def forme(case: Case) -> str:
    """« extrait » (default: the certified extract of a modern register), « reconstitution »,
    or « extrait_registre » (the register's printed figures with an erratum)."""
    return case.get("seance", {}).get("document", "extrait")


def _key(numero: object) -> str:
    return str(numero)


def _computed_cells(annexe: dict[str, Any], case: Case) -> dict[str, dict[str, dict[str, Decimal]]]:
    """{table: {lot or « total »: {column: computed figure}}} from the recomputed annex."""
    menages = {_key(lot["numero"]): lot.get("menage", {}) for lot in case["lots"]}
    sim = {_key(r["numero"]): {c: r[c] for c in SIMULATION} for r in annexe["lots"]}
    sim["total"] = {c: annexe["total"][c] for c in SIMULATION}
    solv: dict[str, dict[str, Decimal]] = {}
    for r in annexe["solvabilite"]:
        row = {"mensualite": r["mensualite"]}
        if "mensualite_actuelle" in menages[_key(r["numero"])]:
            row["mensualite_actuelle"] = menages[_key(r["numero"])]["mensualite_actuelle"]
        solv[_key(r["numero"])] = row
    solv["total"] = {c: sum((row.get(c, ZERO) for row in solv.values()), ZERO) for c in SOLVABILITE}
    pay = {_key(r["numero"]): {c: r[c] for c in PAIEMENTS} for r in annexe["paiements"]}
    pay["total"] = {c: annexe["total_paiements"][c] for c in PAIEMENTS}
    return {"simulation": sim, "solvabilite": solv, "paiements": pay}


def erratum(case: Case, annexe: dict[str, Any]) -> list[str]:
    """One line per printed cell that differs from the computed figure, table by table."""
    registre = case["seance"]["registre"]
    computed = _computed_cells(annexe, case)
    lines = []
    for table, columns in TABLES.items():
        rows = [(_key(r["lot"]), r) for r in registre[table]] + [("total", registre[f"{table}_total"])]
        for lot, printed in rows:
            for column in columns:
                calc = computed[table].get(lot, {}).get(column)
                if calc is None:
                    continue
                if (table, column) in _AU_FRANC:
                    calc = round_units(calc)
                if printed[column] != calc:
                    where = "total" if lot == "total" else f"lot {lot}"
                    lines.append(
                        f"{_ANNEXES[table]}, {where}, {_LIBELLES[column]} : imprimé "
                        f"{french.format_amount_bare(printed[column])}, calculé {french.format_amount_bare(calc)}"
                    )
    return lines


def printed_annexe(case: Case, annexe: dict[str, Any]) -> dict[str, Any]:
    """The LTS annex with the register's printed figures in place of the computed ones (the
    surface and type of each lot are the case's; the printed table has no total surface)."""
    registre = case["seance"]["registre"]
    by_lot = {t: {_key(r["lot"]): r for r in registre[t]} for t in TABLES}
    lots = [
        {**r, **{c: by_lot["simulation"][_key(r["numero"])][c] for c in SIMULATION}} for r in annexe["lots"]
    ]
    solvabilite = [
        {
            "numero": r["numero"],
            "menage": r["menage"],
            "mensualite_actuelle": french.format_amount_bare(
                by_lot["solvabilite"][_key(r["numero"])]["mensualite_actuelle"]
            ),
            "mensualite": by_lot["solvabilite"][_key(r["numero"])]["mensualite"],
        }
        for r in annexe["solvabilite"]
    ]
    paiements = [
        {**r, **{c: by_lot["paiements"][_key(r["numero"])][c] for c in PAIEMENTS}}
        for r in annexe["paiements"]
    ]
    total_solv = registre["solvabilite_total"]
    return {
        **annexe,
        "lots": lots,
        "total": {**{c: registre["simulation_total"][c] for c in SIMULATION}, "surface": None},
        "solvabilite": solvabilite,
        "total_solvabilite": {
            "mensualite_actuelle": french.format_amount_bare(total_solv["mensualite_actuelle"]),
            "mensualite": total_solv["mensualite"],
        },
        "paiements": paiements,
        "total_paiements": {c: registre["paiements_total"][c] for c in PAIEMENTS},
        "classement": [],
        "solvabilite_note": "Chiffres tels qu’imprimés au registre, mensualités arrondies au franc. Les "
        "colonnes de l’allocation de logement, du solde et du taux d’effort de chaque ménage, données "
        "personnelles, sont occultées dans cette copie destinée à être communiquée.",
        "paiements_note": "Chiffres tels qu’imprimés au registre, arrondis au franc. Somme due hors frais : le "
        "prix stipulé à l’acte de vente, compte des loyers fait ; le « prix de vente » comprend en outre les "
        "frais de vente, payés en sus du prix.",
        "convention_note": "",
        "erratum": erratum(case, annexe),
    }


def certification(case: Case) -> dict[str, Any] | None:
    """Who certifies the extract, when the case says so; None: no certification sentence."""
    seance = case["seance"]
    par = seance.get("registre", {}).get("certifie_par")
    if par is None:
        return None
    titre = ("Le " if par["civilite"] == "Monsieur" else "La ") + par["qualite"]
    return {
        "titre": titre,
        "prenoms": par["prenoms"],
        "nom": par["nom"],
        "date": seance["date_certification"],
    }
