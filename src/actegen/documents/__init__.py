"""Context builders: one module per document family, the clause library, and the list of
the documents of a case.

Families (template → file name):

- ``deliberation.docx`` → ``deliberation_<numéro>.docx``: rapport, délibération, annexes
  (one per operation, when the case has a council session);
- ``acte_de_vente.docx`` → ``acte-de-vente_lot-NN_NOM.docx`` (one per lot), with the clauses
  of ``templates/clauses/`` the lot needs;
- ``bulletin_assurance_revente.docx`` → ``bulletin-assurance-revente_lot-NN_NOM.docx`` (per
  acquisition where the resale insurance is subscribed);
- ``convention_caf.docx`` → ``convention-caf_lot-NN_NOM.docx`` (per household receiving the
  allocation logement and repaying the case's loan);
- ``note_de_calcul.docx`` → ``note-de-calcul_<id>.docx`` (one per case).

Adding a family is adding a template in ``templates/`` and a builder here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..compute_stage import CaseResults
from ..render import DocumentJob, templates_dir
from . import acte_de_vente as acte, bulletin_assurance_revente as bulletin, convention_caf, deliberation, note_calcul
from .clauses import ClauseLibrary, clauses_for
from .common import environment


def build_jobs(case: dict[str, Any], results: CaseResults, templates: Path | None = None) -> list[DocumentJob]:
    """Every document of the case, in a stable order: the délibération, then lot by lot the
    acte, the bulletin and the convention, then the note de calcul.

    ``templates``: the folder of templates in use (``--templates``), where the acts' clause
    files are looked up first (``clauses/``); by default the folder ``render`` would use.
    """
    library = ClauseLibrary(templates_dir(templates), environment(case))
    jobs: list[DocumentJob] = []
    if "seance" in case:
        title = f"Délibération n° {case['seance']['numero_deliberation']}"
        jobs.append(_job(case, "deliberation", deliberation.filename(case), "deliberation.docx",
                         deliberation.context(case, results), title))
    for lot, lot_result in zip(case["lots"], results.lots, strict=True):
        lot_calc = lot_result.as_context()
        title = f"Acte de vente — lot {lot['numero']}"
        name = acte.filename(lot)
        context = _with_doc(acte.context(case, lot, lot_calc), case, title)
        context["clauses"] = clauses_for(case, lot, context, library, name)
        jobs.append(DocumentJob(family="acte_de_vente", filename=name, template="acte_de_vente.docx",
                                context=context, title=title))
        if bulletin.applies(case, lot, lot_calc):
            jobs.append(_job(case, "bulletin_assurance_revente", bulletin.filename(lot),
                             "bulletin_assurance_revente.docx", bulletin.context(case, lot, lot_calc),
                             f"Bulletin de souscription d'assurance revente — lot {lot['numero']}"))
        if convention_caf.applies(case, lot, lot_calc):
            jobs.append(_job(case, "convention_caf", convention_caf.filename(lot), "convention_caf.docx",
                             convention_caf.context(case, lot, lot_calc),
                             f"Convention CAF – prêteur – allocataire — lot {lot['numero']}"))
    jobs.append(_job(case, "note_de_calcul", note_calcul.filename(case), "note_de_calcul.docx",
                     note_calcul.context(case, results), "Note de calcul"))
    return jobs


def _job(case: dict[str, Any], family: str, filename: str, template: str, context: dict[str, Any],
         title: str) -> DocumentJob:
    return DocumentJob(family=family, filename=filename, template=template,
                       context=_with_doc(context, case, title), title=title)


def _with_doc(context: dict[str, Any], case: dict[str, Any], title: str) -> dict[str, Any]:
    context["doc"] = {
        "reference": f"{case['id']} — {case['operation']['nom']}",
        "titre": title,
        "auteur": case["operation"]["office"],
    }
    return context
