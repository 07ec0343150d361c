"""The sharded render of a set: plan once (``plan_set``), render one part (``render_plan``).

``plan_set`` is stages 1–3 of every case, once, with each document's inputs hash and
estimated cost: the plan file that CI jobs share (``build.planfile``). ``render_plan`` is
``pipeline``'s build restricted to one part of the plan: the plan is checked without
loading any case, only the cases of the part are planned — never from the no-parse cache,
so that the shard records its part —, and each case's end writes the shard's manifest
(``build.shard``) instead of the case's. ``actegen manifest merge`` joins them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from . import documents
from .build.cache import keyed
from .build.digest import context_digest
from .build.fingerprints import Fingerprints
from .build.options import RENDER, SetOptions, expand_cases
from .build.plan import Plan, Planned, _warning_record, settings_for
from .build.planfile import PlanFile, PlannedCase, PlannedDoc, estimated_cost
from .build.report import SetReport
from .build.shard import check_plan, commit_part, fingerprints_of
from .build.workers import ProgressCallback, Results
from .case_types import Case
from .errors import ActegenError, CaseError, OutputError, RenderError, display_path
from .jobs import DocumentJob, RenderSettings
from .naming import safe_name
from .output.staging import Staging
from .pdf_stage import make_pdfs
from .pipeline import _build, check_case
from .templates import templates_dir

__all__ = ["PlanResult", "plan_set", "render_plan"]


@dataclass
class PlanResult:
    """``plan_set``'s answer: the plan (None if a case failed), the warnings, the failures."""

    plan: PlanFile | None
    warnings: list[CaseError] = field(default_factory=list)
    failures: list[tuple[Path, ActegenError]] = field(default_factory=list)


def plan_set(paths: Iterable[Path], output_root: Path, templates: Path | None = None) -> PlanResult:
    """Stages 1–3 of every case, once, and each document's inputs hash and estimated cost:
    the plan that ``render_plan`` shards. No plan if a case is invalid."""
    prints = Fingerprints.of(templates_dir(templates))
    result = PlanResult(None)
    cases: list[PlannedCase] = []
    seen: dict[str, Path] = {}
    for path in expand_cases(paths):
        try:
            case, warnings = _plan_one(path, prints, templates, output_root)
            if case.case_id in seen:
                raise OutputError(
                    f"même identifiant « {case.case_id} » que {display_path(seen[case.case_id])} : "
                    "les deux dossiers iraient dans le même dossier de sortie"
                )
        except ActegenError as exc:
            result.failures.append((path, exc))
            continue
        seen[case.case_id] = path
        cases.append(case)
        result.warnings += warnings
    if not result.failures:
        plan = PlanFile(
            cases,
            fingerprints_of(prints),
            output_root.as_posix(),
            templates.as_posix() if templates else None,
        )
        result.plan = replace(plan, digest=hashlib.sha256(plan.to_bytes()).hexdigest())
    return result


def _planned_doc(
    job: DocumentJob, document: documents.Document, settings: RenderSettings, prints: Fingerprints, case: Case
) -> PlannedDoc:
    """One document's line of the plan; its context, built for the digest, is let go after."""
    return PlannedDoc(
        job.filename,
        job.template,
        prints.document_inputs(job, settings, context_digest(job.context)),
        estimated_cost(job.template, document.lot is not None, len(case["lots"])),
        None if document.lot is None else str(case["lots"][document.lot]["numero"]),
    )


def _plan_one(
    path: Path, prints: Fingerprints, templates: Path | None, root: Path
) -> tuple[PlannedCase, list[CaseError]]:
    data, key = keyed(path, prints)
    if path.is_dir():  # expand_cases kept a folder without any case file
        raise OutputError(f"{display_path(path)} : aucun dossier YAML (*.yaml) dans ce dossier")
    checked = check_case(path)  # 1–3. load, validate, compute
    case = checked.case
    listed = documents.list_documents(case, checked.results)
    for document in listed:
        safe_name(document.filename)
    names = [document.filename for document in listed]
    if len(set(names)) != len(names):
        dup = sorted({n for n in names if names.count(n) > 1})
        raise RenderError(f"deux documents porteraient le même nom : {', '.join(dup)}")
    settings = settings_for(case)
    builder = documents.Builder(case, checked.results, templates)
    docs = [_planned_doc(builder.job(d), d, settings, prints, case) for d in listed]
    warnings = [_warning_record(w) for w in checked.warnings]
    planned = PlannedCase(
        case["id"],
        path.as_posix(),
        hashlib.sha256(data).hexdigest(),
        key,
        f"{root.as_posix()}/{case['id']}",
        warnings,
        docs,
    )
    return planned, checked.warnings


def render_plan(plan: PlanFile, options: SetOptions, progress: ProgressCallback | None = None) -> SetReport:
    """Render part K of N (``options.shard``; the whole plan without it) of ``plan``.

    The plan is checked first (same actegen, templates, parameters; every case file as
    planned), without loading any case; then only the cases that have documents in this
    part are built, and only those documents; each case's shard manifest records them.
    """
    number, parts = options.shard or (1, 1)
    check_plan(plan, Fingerprints.of(templates_dir(options.templates)))
    part = plan.part(number, parts)
    files = [Path(c.path) for c in plan.cases if c.case_id in part.cases]
    options = replace(options, part=part, shard=(number, parts))
    return _build(files, options, progress, RENDER, partial(_write_part, options))


def _write_part(options: SetOptions, plan: Plan, staging: Staging | None, results: Results) -> None:
    """5. for a shard: its documents and its own manifest (``build.shard``); then its PDFs."""
    if isinstance(plan, Planned):
        assert options.part is not None  # render_plan always sets it
        commit_part(plan, results, staging, options.part, options.force)
    make_pdfs(plan.outcome, options.pdf)
