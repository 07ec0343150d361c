"""Context builders: one module per document family, the clause library, and the list of
the documents of a case.

Families (template → file name), in the order of ``FAMILIES``:

- ``deliberation.docx`` → ``deliberation_<numéro>.docx``: rapport, délibération, annexes
  (one per operation, when the case has a council session);
- ``acte_de_vente.docx`` → ``acte-de-vente_lot-NN_NOM.docx`` (one per lot), with the clauses
  of ``templates/clauses/`` the lot needs;
- ``bulletin_assurance_revente.docx`` → ``bulletin-assurance-revente_lot-NN_NOM.docx`` (per
  acquisition where the resale insurance is subscribed);
- ``convention_caf.docx`` → ``convention-caf_lot-NN_NOM.docx`` (per household receiving the
  allocation logement and repaying the case's loan);
- ``note_de_calcul_lot.docx`` → ``note-de-calcul_lot-NN_NOM.docx`` (per lot with an acte,
  annexed to it; unless the case's notes are ``operation_complete``);
- ``note_de_calcul.docx`` → ``note-de-calcul_<id>.docx`` (one per case: the operation's own
  figures, or every lot's with ``operation_complete`` / ``les_deux``).

Adding a family whose figures ``compute`` already gives:

1. a template ``templates/<famille>.docx``;
2. a module ``documents/<famille>.py`` with ``applies``, ``context``, ``filename`` and
   ``title`` — of ``(case, results)`` for a document of the case, of ``(case, lot,
   result)`` (``filename`` and ``title`` of ``lot``) for a document per lot; the figures as
   the templates name them come from ``figures.lot_calc``;
3. its entry in ``FAMILIES``, where its place sets the order of the documents;
4. an example case in ``cases/`` that produces it (``templates check`` lints the template
   against the contexts built from the shipped cases);
5. a test in ``tests/test_documents_families.py``.

The fields it reads must also be in ``schemas/case.schema.json`` (and ``docs/schema.md``,
regenerated) and, if the case must have them, in a rule of ``validate``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from types import ModuleType
from typing import Any

from ..case_types import Case
from ..compute.dossier import CaseResults
from ..compute.solvabilite import motif_sans_acte
from ..render import DocumentJob
from ..templates import templates_dir
from . import (
    acte_de_vente,
    bulletin_assurance_revente,
    convention_caf,
    deliberation,
    note_de_calcul,
    note_de_calcul_lot,
)
from .clauses import ClauseLibrary, clauses_for
from .common import compiler


@dataclass(frozen=True)
class Family:
    """A document family: its module (named as the family and its template) and whether it
    gives one document per case or one per lot; ``clauses``: the lot's clause files are
    added to its context (``clauses``); ``vente``: a document of the sale itself, not
    written for a household that stays a tenant (``solvabilite.motif_sans_acte``)."""

    module: ModuleType
    per_lot: bool = False
    clauses: bool = False
    vente: bool = False

    @property
    def name(self) -> str:
        return self.module.__name__.rsplit(".", 1)[1]

    @property
    def template(self) -> str:
        return f"{self.name}.docx"


FAMILIES: tuple[Family, ...] = (
    Family(deliberation),
    Family(acte_de_vente, per_lot=True, clauses=True, vente=True),
    Family(bulletin_assurance_revente, per_lot=True, vente=True),
    Family(convention_caf, per_lot=True, vente=True),
    Family(note_de_calcul_lot, per_lot=True, vente=True),
    Family(note_de_calcul),
)
"""Every family, in the order of the documents: the families of the case before the first
family per lot come first, then lot by lot the families per lot, then the others."""


@dataclass(frozen=True)
class Document:
    """One document of a case before its context is built: what the plan needs to name it
    and check its name, and what ``job`` needs to build it (``lot``: its index, or None)."""

    family: Family
    lot: int | None
    filename: str
    title: str


def list_documents(
    case: Case, results: CaseResults, keep: Callable[[str], bool] | None = None
) -> list[Document]:
    """Every document of the case, in a stable order: the délibération, then lot by lot the
    acte, the bulletin, the convention and the lot's note de calcul, then the note de calcul
    of the case.

    A lot whose household stays a tenant (hypothesis 4 of the rapport n° 93/4-18, or no
    wish to buy) without a recorded derogation gets none of the documents of the sale; the
    computation's warnings say which and why, and the délibération and the note de calcul
    show the same classification.

    ``keep``: the file names to list (a shard of a plan: its own), by default all.
    """
    found: list[Document] = []
    for per_lot, group in groupby(FAMILIES, key=lambda f: f.per_lot):
        families = list(group)
        if not per_lot:
            for f in families:
                if f.module.applies(case, results) and (keep is None or keep(f.module.filename(case))):
                    found.append(Document(f, None, f.module.filename(case), f.module.title(case)))
            continue
        for index, (lot, result) in enumerate(zip(case["lots"], results.lots, strict=True)):
            tenant = motif_sans_acte(lot, result.solvabilite) is not None
            for f in families:
                if (f.vente and tenant) or not f.module.applies(case, lot, result):
                    continue
                name = f.module.filename(lot)
                if keep is None or keep(name):
                    found.append(Document(f, index, name, f.module.title(lot)))
    return found


def render_order(listed: list[Document]) -> list[Document]:
    """``list_documents``' documents in the order a render builds them: those of the whole
    operation first — the délibération and the note de calcul, the longest renders, which
    must not be the last to start (at 1 000 lots the note takes a second) — then the lots'."""
    return sorted(listed, key=lambda d: d.lot is not None)  # stable: otherwise as listed


class Builder:
    """Builds the context of one document at a time: a plan hashes each context and lets it
    go before the next is built (a 10 000-lot operation's contexts are never all held).

    ``templates``: the folder of templates in use (``--templates``), where the acts' clause
    files are looked up first (``clauses/``); by default the folder ``render`` would use.
    """

    def __init__(self, case: Case, results: CaseResults, templates: Path | None = None):
        self.case = case
        self.results = results
        self.library = ClauseLibrary(templates_dir(templates), compiler(case))

    def job(self, document: Document) -> DocumentJob:
        f, case = document.family, self.case
        if document.lot is None:
            return _job(f, case, document.filename, document.title, f.module.context(case, self.results))
        lot, result = case["lots"][document.lot], self.results.lots[document.lot]
        job = _job(f, case, document.filename, document.title, f.module.context(case, lot, result))
        if f.clauses:
            job.context["clauses"] = clauses_for(case, lot, job.context, self.library, document.filename)
        return job


def build_jobs(
    case: Case,
    results: CaseResults,
    templates: Path | None = None,
    keep: Callable[[str], bool] | None = None,
) -> list[DocumentJob]:
    """Every document of the case (``list_documents``) with its context, all held at once:
    for the checks and tests that look at contexts; a render streams them (``Builder``)."""
    builder = Builder(case, results, templates)
    return [builder.job(d) for d in list_documents(case, results, keep)]


def _job(family: Family, case: Case, filename: str, title: str, context: dict[str, Any]) -> DocumentJob:
    # The délibération is the seller's (its board's decision); every other document the office's.
    author = case["vendeur"]["denomination"] if family.module is deliberation else case["operation"]["office"]
    context["doc"] = {
        "reference": f"{case['id']} — {case['operation']['nom']}",
        "titre": title,
        "auteur": author,
    }
    return DocumentJob(
        family=family.name,
        filename=filename,
        template=family.template,
        context=context,
        title=title,
        author=author,
    )
