"""The stages in order: load → validate → compute → render → write.

``check_case`` is stages 1–3 for one case. ``render_set`` builds a folder of cases:

1–3. for each case, **plan**: load, validate and compute it, build its documents' contexts,
   hash each document's inputs, compare with the manifest and the files on disk; a case
   whose inputs and files are all as recorded is not even parsed (``build.cache``);
4. **render** what must be, in worker processes (``jobs``), each template prepared once per
   process; a new file goes to the case's staging folder (``build.workers``);
5. **write**: swap the staging folder in, with the new manifest; nothing of a case is
   written if one of its documents fails (``build.commit``).

All of it under the output root's lock: one render at a time. ``check_set`` (``--check``)
goes through the same stages and writes nothing. ``plan_set`` is stages 1–3 of a set, once,
for a CI that shards it; ``render_plan`` renders one shard of such a plan (``build.shard``). A case that is invalid, or one of whose
documents fails, is reported and left as it was; the other cases are still built.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from . import documents
from .build.cache import cached, keyed
from .build.check import CHECK, compare
from .build.commit import Found, apply, decide
from .build.digest import context_digest
from .build.fingerprints import Fingerprints
from .build.fusion import fuse
from .build.plan import (
    RENDER,
    Failed,
    Plan,
    Planned,
    Policy,
    SetOptions,
    Targets,
    Unchanged,
    _warning_record,
    expand_cases,
    plan_documents,
    settings_for,
    shard_of,
)
from .build.planfile import PlanFile, PlannedCase, PlannedDoc, estimated_cost
from .build.report import CaseOutcome, CaseResult, Checked, SetReport
from .build.shard import check_plan, commit_part, fingerprints_of
from .build.workers import ProgressCallback, Results, Workers
from .compute.dossier import compute
from .errors import ActegenError, CaseError, OutputError, RenderError, display_path
from .load import load_case
from .naming import safe_name
from .output.lock import OutputLock
from .output.staging import Staging, recover_output
from .pdf import make_pdfs
from .templates import templates_dir
from .validate import validate

__all__ = [
    "CaseOutcome",
    "CaseResult",
    "Checked",
    "SetOptions",
    "SetReport",
    "check_case",
    "check_set",
    "expand_cases",
    "explain_case",
    "plan_case",
    "plan_set",
    "render_case",
    "render_plan",
    "render_set",
    "settings_for",
    "shard_of",
]


def check_case(path: Path) -> Checked:
    """Load, validate and compute one case; raise ``CaseInvalid`` with every problem found.

    Its warnings are the business rules' and the computations' (such as an effort above
    25 %), located in the file.
    """
    loaded = load_case(path)  # 1. YAML → data + positions
    case, warnings = validate(loaded)  # 2. schema, then business rules
    results = compute(case)  # 3. every figure, with Decimal
    warnings = warnings + [
        CaseError(loaded.source_of(w.path), w.path, w.message, "avertissement") for w in results.warnings
    ]
    return Checked(case, warnings, results)


def explain_case(path: Path) -> Checked:
    """Stages 1–3 of a case, for its note de calcul."""
    return check_case(path)


def render_case(
    path: Path, output_root: Path | None = None, *, templates: Path | None = None, force: bool = False
) -> CaseResult:
    """Produce every document of one case into ``output_root/<case id>/``, or nothing.

    Raises the case's error (``CaseInvalid``, ``TemplateError``…) if it could not be built.
    """
    report = render_set(
        [path], SetOptions(output_root or Path("out"), templates=templates, force=force, jobs=1)
    )
    outcome = report.cases[0]
    if outcome.error is not None:
        raise outcome.error
    assert outcome.case_id is not None and outcome.output is not None
    return CaseResult(outcome.case_id, outcome.output, outcome.warnings, outcome)


def render_set(
    paths: Iterable[Path], options: SetOptions, progress: ProgressCallback | None = None
) -> SetReport:
    """Build every case of ``paths`` into ``output_root/<case id>/`` (``options.check``: only
    check them, see ``check_set``).

    Under the output root's exclusive lock: a second render into the same root stops at
    once. What a killed run left there is repaired first.
    """
    if options.check:
        return check_set(paths, options, progress)
    return _build(paths, options, progress, RENDER, partial(_write, options))


def check_set(
    paths: Iterable[Path], options: SetOptions, progress: ProgressCallback | None = None
) -> SetReport:
    """Compare what ``paths`` would produce with the files on disk; write nothing.

    Under a shared lock: checks may run together, never beside a render swapping folders.
    """
    return _build(paths, options, progress, CHECK, compare)


Finish = Callable[[Plan, Staging | None, Results], None]


def _build(
    paths: Iterable[Path],
    options: SetOptions,
    progress: ProgressCallback | None,
    policy: Policy,
    finish: Finish,
) -> SetReport:
    files = expand_cases(paths)
    report = SetReport([])
    with OutputLock(options.output_root, shared=not policy.writes) as lock:
        if lock.held:
            recover_output(lock.root)  # 0. repair what a killed run left
        directory = templates_dir(options.templates)
        # The PDF converter stays in this process: a worker plans with the other options.
        planner = partial(
            plan_case, options=replace(options, pdf=None), prints=Fingerprints.of(directory), policy=policy
        )
        targets = Targets()
        with Workers(options.jobs, lock.fd, directory, progress) as workers:
            for plan in workers.plans(files, planner):  # 1–3, case by case, in order
                report.cases.append(plan.outcome)
                plan = targets.claim(plan)  # one output folder per case
                if isinstance(plan, Planned):
                    staging = None
                    try:  # a Ctrl+C from here on removes the staging folder
                        staging = Staging(plan.target) if plan.jobs and policy.writes else None
                        # 4. render what changed; then 5. write (or compare), maybe after later plans
                        workers.render(plan, staging, partial(finish, plan, staging))
                    except BaseException:
                        if staging is not None:
                            staging.abort()
                        raise
                elif isinstance(plan, Unchanged):
                    workers.tick(plan.documents, 0)
                    finish(plan, None, {})
    return report


def plan_case(path: Path, options: SetOptions, prints: Fingerprints, policy: Policy = RENDER) -> Plan:
    """Stages 1–3 of one case, then each document's fate; in a worker when there are several."""
    data, key = keyed(path, prints)
    try:
        if path.is_dir():  # expand_cases kept a folder without any case file
            raise OutputError(f"{display_path(path)} : aucun dossier YAML (*.yaml) dans ce dossier")
        # A shard of a plan always records its part: it plans its cases the usual way.
        unchanged = cached(path, data, key, options, policy) if options.part is None else None
        if unchanged is not None:
            return unchanged  # same inputs, same files
        checked = check_case(path)  # 1–3. load, validate, compute
        jobs = documents.build_jobs(
            checked.case, checked.results, options.templates
        )  # a context per document
        return plan_documents(path, key, checked, jobs, options, prints, policy)
    except ActegenError as exc:
        return Failed(CaseOutcome(path, error=exc))


def _write(options: SetOptions, plan: Plan, staging: Staging | None, results: Results) -> None:
    """5. write a case's new files and manifest (nothing if one failed); then its PDFs."""
    if isinstance(plan, Planned):
        commit = decide(plan, results, options.force, Found.of(plan))  # each document's fate
        fuse(commit, plan, staging)  # beside an edited file: the three-way merge
        apply(commit, plan.outcome, plan.target, staging)  # the staging swap
    make_pdfs(plan.outcome, options.pdf)  # 6. optional PDFs


# --------------------------------------------------------------------------------------
# Sharded renders: plan once, render the parts, merge the manifests


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


def _plan_one(
    path: Path, prints: Fingerprints, templates: Path | None, root: Path
) -> tuple[PlannedCase, list[CaseError]]:
    data, key = keyed(path, prints)
    if path.is_dir():  # expand_cases kept a folder without any case file
        raise OutputError(f"{display_path(path)} : aucun dossier YAML (*.yaml) dans ce dossier")
    checked = check_case(path)  # 1–3. load, validate, compute
    case = checked.case
    jobs = documents.build_jobs(case, checked.results, templates)
    for job in jobs:
        safe_name(job.filename)
    names = [job.filename for job in jobs]
    if len(set(names)) != len(names):
        dup = sorted({n for n in names if names.count(n) > 1})
        raise RenderError(f"deux documents porteraient le même nom : {', '.join(dup)}")
    per_lot = {f.name: f.per_lot for f in documents.FAMILIES}
    lots = {
        f.module.filename(lot): str(lot["numero"])
        for f in documents.FAMILIES
        if f.per_lot
        for lot in case["lots"]
    }
    settings = settings_for(case)
    docs = [
        PlannedDoc(
            job.filename,
            job.template,
            prints.document_inputs(job, settings, context_digest(job.context)),
            estimated_cost(job.template, per_lot.get(job.family, False), len(case["lots"])),
            lots.get(job.filename),
        )
        for job in jobs
    ]
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
