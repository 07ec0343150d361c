"""The « note de calcul »: every computed figure of a case with its formula, its rounding
and the references of its rules, for a notary or a municipal finance officer to check by
hand. Rendered as text (``actegen explain``), JSON (``--json``) and as a DOCX annex.
"""

from __future__ import annotations

import json
from typing import Any

from .compute.explain import format_valeur, to_data, to_text
from .compute_stage import CaseResults, Section
from .errors import UsageError


def select(case: dict[str, Any], results: CaseResults, lot: str | None) -> list[tuple[str, list[Section]]]:
    """(heading, sections) per lot — or only lot ``lot`` — then the operation's totals."""
    groups: list[tuple[str, list[Section]]] = []
    numbers = [str(r.numero) for r in results.lots]
    if lot is not None and lot not in numbers:
        raise UsageError(f"lot {lot!r} absent du dossier (lots : {', '.join(numbers)})")
    for r in results.lots:
        if lot is None or str(r.numero) == lot:
            groups.append((f"Lot {r.numero}", r.sections))
    if lot is None and results.sections:
        groups.append(("Opération", results.sections))
    return groups


def as_text(case: dict[str, Any], results: CaseResults, lot: str | None = None) -> str:
    out = [f"Note de calcul — {case['operation']['nom']} ({case['id']})", ""]
    for heading, sections in select(case, results, lot):
        out += [heading, "-" * len(heading), ""]
        for section in sections:
            out.append(to_text(section.lignes, results.currency, titre=section.titre))
    return "\n".join(out).rstrip() + "\n"


def as_json(case: dict[str, Any], results: CaseResults, lot: str | None = None) -> str:
    data = {
        "dossier": case["id"],
        "devise": results.currency,
        "groupes": [
            {"titre": heading,
             "calculs": [{"titre": s.titre, "lignes": to_data(s.lignes)} for s in sections]}
            for heading, sections in select(case, results, lot)
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def context(case: dict[str, Any], results: CaseResults) -> dict[str, Any]:
    """The DOCX annex's context: groups → sections → lines, values already formatted."""
    groups = []
    for heading, sections in select(case, results, None):
        groups.append({
            "titre": heading,
            "calculs": [{
                "titre": s.titre,
                "lignes": [{
                    "numero": i,
                    "libelle": ligne.libelle,
                    "formule": ligne.formule,
                    "valeur": format_valeur(ligne, results.currency),
                    "arrondi": ligne.arrondi or "",
                    "references": "; ".join(ligne.references),
                } for i, ligne in enumerate(s.lignes, 1)],
            } for s in sections],
        })
    return {"op": case["operation"], "dossier": case["id"], "groupes": groups}
