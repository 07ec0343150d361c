"""The stages in order: load → validate → compute → render → write.

``check_case`` is stages 1–3 for one case. ``render_set`` builds a folder of cases:

1–3. for each case, **plan** (in a worker): load, validate, compute, build each document's
   context, hash its inputs, compare with the manifest and the disk, spool the contexts to
   render (never all held); an unchanged case is not even parsed (``build.cache``);
4. **render** what must be in worker processes killed at the deadline, each template
   prepared once per process, into the case's staging folder (``build.workers``);
5. **write**: swap the staging folder in, with the new manifest; nothing of a case is
   written if one of its documents fails (``build.commit``).

All of it under the output root's lock: one render at a time. ``check_set`` (``--check``)
goes through the same stages and writes nothing. A case that is invalid, or one of whose
documents fails, is reported and left as it was; the other cases are still built.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import partial
from pathlib import Path

from . import documents
from .build.cache import cached, keyed
from .build.check import CHECK, compare
from .build.commit import Found, apply, decide
from .build.fingerprints import Fingerprints
from .build.fusion import fuse
from .build.options import RENDER, Policy, SetOptions, Unchanged, expand_cases, shard_of
from .build.plan import Failed, Plan, Planned, Targets, plan_documents, settings_for
from .build.planned import Spools, render_planned
from .build.report import CaseOutcome, CaseResult, Checked, SetReport
from .build.stream import Announce
from .build.workers import ProgressCallback, Results, Workers
from .compute.dossier import compute
from .errors import ActegenError, CaseError, OutputError, display_path
from .load import load_case
from .output.lock import OutputLock
from .output.recover import recover_output
from .output.staging import Staging
from .pdf_stage import Tick, make_pdfs
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
    "render_case",
    "render_set",
    "settings_for",
    "shard_of",
]


def check_case(path: Path) -> Checked:
    """Load, validate and compute one case; raise ``CaseInvalid`` with every problem found.
    Its warnings (business rules', computations' such as an effort above 25 %) are located."""
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
    return _build(paths, options, progress, RENDER, partial(_write, options, progress))


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
        planner = partial(  # the PDF converter stays here: a worker plans with the other options
            plan_case, options=replace(options, pdf=None), prints=Fingerprints.of(directory), policy=policy
        )
        targets = Targets()  # one output folder per case
        with Spools() as spools, Workers(options.jobs, lock.fd, directory, progress) as workers:
            for plan in workers.plans(files, planner, targets.free, policy.writes):  # 1–3, in order
                report.cases.append(plan.outcome)
                plan = targets.claim(plan)
                if isinstance(plan, Planned):
                    render_planned(workers, spools.add(plan), policy, partial(finish, plan))
                elif isinstance(plan, Unchanged):
                    workers.skip(plan, partial(finish, plan, None, {}))
    return report


def plan_case(
    path: Path,
    options: SetOptions,
    prints: Fingerprints,
    policy: Policy = RENDER,
    *,
    cached_only: bool = False,
    announce: Announce | None = None,
) -> Plan | None:
    """Stages 1–3 of one case, then each document's fate, in a worker, sent in parts to
    ``announce`` (``build.stream``); ``cached_only``: only whether it is unchanged (or None)."""
    data, key = keyed(path, prints)
    try:
        if path.is_dir():  # expand_cases kept a folder without any case file: refused
            raise OutputError(f"{display_path(path)} : aucun dossier YAML (*.yaml) dans ce dossier")
        unchanged = None if options.part else cached(path, data, key, options, policy)
        if unchanged is not None or cached_only:
            return unchanged  # same inputs, same files
        checked = check_case(path)  # 1–3. load, validate, compute
        listed = documents.list_documents(checked.case, checked.results, options.selected(checked.case["id"]))
        builder = documents.Builder(checked.case, checked.results, options.templates)
        names = [d.filename for d in listed]
        jobs = (builder.job(d) for d in documents.render_order(listed))  # one at a time
        return plan_documents(path, key, checked, names, jobs, options, prints, policy, announce)
    except ActegenError as exc:
        return Failed(CaseOutcome(path, error=exc))


def _write(options: SetOptions, tick: Tick, plan: Plan, staging: Staging | None, results: Results) -> None:
    """5. write a case's new files and manifest (nothing if one failed); then its PDFs."""
    if isinstance(plan, Planned):
        commit = decide(plan, results, options.force, Found.of(plan))  # each document's fate
        fuse(commit, plan, staging, tick)  # beside an edited file: the three-way merge
        apply(commit, plan.outcome, plan.target, staging)  # the staging swap
    make_pdfs(plan.outcome, options.pdf)  # 6. optional PDFs
