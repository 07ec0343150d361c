"""Context builders: one module per document family, and the list of jobs of a case.

Adding a family is adding a template in ``templates/`` and a builder here.
"""

from __future__ import annotations

from typing import Any

from ..compute_stage import CaseResults

from ..render import DocumentJob
from . import acte, deliberation
from .clauses import clauses_for


def build_jobs(case: dict[str, Any], results: CaseResults) -> list[DocumentJob]:
    """Every document of the case, in a stable order (délibération first, then lot by lot)."""
    jobs: list[DocumentJob] = []
    if "seance" in case:
        jobs.append(DocumentJob(
            family="deliberation",
            filename=deliberation.filename(case),
            template="deliberation.docx",
            context=_with_doc(deliberation.context(case, results), case,
                              f"Délibération n° {case['seance']['numero_deliberation']}"),
            title=f"Délibération n° {case['seance']['numero_deliberation']}",
        ))
    for lot, lot_result in zip(case["lots"], results.lots, strict=True):
        lot_calc = lot_result.as_context()
        title = f"Acte de vente — lot {lot['numero']}"
        jobs.append(DocumentJob(
            family="acte_de_vente",
            filename=acte.filename(lot),
            template="acte_de_vente.docx",
            context=_with_doc(acte.context(case, lot, lot_calc, clauses_for(case, lot, lot_calc)), case, title),
            title=title,
        ))
    return jobs


def _with_doc(context: dict[str, Any], case: dict[str, Any], title: str) -> dict[str, Any]:
    context["doc"] = {
        "reference": f"{case['id']} — {case['operation']['nom']}",
        "titre": title,
        "auteur": case["operation"]["office"],
    }
    return context
