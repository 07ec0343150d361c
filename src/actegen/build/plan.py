"""The plan of a case: for each of its documents, render it, keep it, or leave it to another part.

A plan is of one of three kinds — ``Failed`` (the case cannot be built), ``Unchanged``
(same inputs, same files: not even parsed, see ``cache``) or ``Planned`` — so that no
code has to guess the kind from which fields are None.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..case_types import Case
from ..errors import CaseError, OutputError, RenderError, display_path
from ..jobs import DocumentJob, RenderSettings, Spool, SpooledJob, default_timestamp, remove_spool
from ..naming import safe_name
from ..output.folders import own_folder
from ..output.manifest import (
    Entry,
    Manifest,
    OnDisk,
    destination,
    effective_entry,
    listed_hasher,
    on_disk,
    read_manifest,
)
from .digest import context_digest
from .fingerprints import Fingerprints
from .options import Action, Policy, SetOptions, Unchanged
from .report import CaseOutcome, Checked
from .stream import Announce, Batcher, Opening

if TYPE_CHECKING:
    pass


def settings_for(case: Case) -> RenderSettings:
    op = case["operation"]
    return RenderSettings(
        currency=op["devise"],
        reform1990=op.get("orthographe") == "rectifiee_1990",
        author=op["office"],
        timestamp=default_timestamp(op["date_acte"]),
        reference=f"{case['id']} — {op['nom']}",
    )


class Dest(enum.Enum):
    """Where a new version goes: under the document's name, or beside a file edited by hand."""

    MAIN = "main"
    BESIDE = "beside"


@dataclass
class DocPlan:
    index: int
    filename: str
    template: str
    inputs: str | None
    fast: bool
    action: Action
    dest: Dest
    disk: OnDisk
    entry: Entry | None  # the manifest's entry, after taking back an adopted version


@dataclass
class Failed:
    outcome: CaseOutcome  # its error says why


@dataclass
class Planned:
    outcome: CaseOutcome
    case_id: str
    target: Path
    settings: RenderSettings
    case_key: str
    manifest: Manifest
    docs: list[DocPlan] = field(default_factory=list)
    # only those to render; their contexts wait in the spool file, read by the workers
    jobs: dict[int, DocumentJob | SpooledJob] = field(default_factory=dict)
    obsolete: list[str] = field(default_factory=list)
    spool: str | None = None

    def release(self) -> None:
        """The case is rendered (or given up): its spool file goes."""
        remove_spool(self.spool)
        self.spool = None


Plan = Failed | Unchanged | Planned


def _warning_record(e: CaseError) -> dict[str, Any]:
    text = str(e)
    prefix = f"{e.source}: "
    return {
        "ligne": e.source.line,
        "colonne": e.source.column,
        "message": text[len(prefix) :] if text.startswith(prefix) else text,
    }


def plan_documents(
    path: Path,
    key: str,
    checked: Checked,
    names: Sequence[str],
    jobs: Iterable[DocumentJob],
    options: SetOptions,
    prints: Fingerprints,
    policy: Policy,
    announce: Announce | None = None,
) -> Planned:
    """Decide each document's fate from its inputs, the manifest and the files on disk.

    ``names``: the documents' file names, checked before any context is built; ``jobs``:
    the same documents, each built when its turn comes (a generator), hashed, then either
    let go (nothing to render) or spooled (``render.job.Spool``) — never all held.
    ``announce``: sends the plan's parts as they are decided, for the render to start on
    them (``stream``).

    Raises ``RenderError`` for documents that could not be written under their names,
    ``OutputError`` for an unreadable manifest.
    """
    for name in names:
        safe_name(name)
    if len(set(names)) != len(names):
        dup = sorted({n for n in names if names.count(n) > 1})
        raise RenderError(f"deux documents porteraient le même nom : {', '.join(dup)}")
    case_id = checked.case["id"]
    settings = settings_for(checked.case)
    target = options.output_root.resolve() / case_id  # the case's folder itself: never a link followed
    own_folder(target)
    manifest = read_manifest(target) if options.part is None else options.part.read_manifest(target)
    plan = Planned(
        CaseOutcome(path, case_id, target, checked.warnings), case_id, target, settings, key, manifest
    )
    spool = Spool()
    hashed = listed_hasher(target)
    batcher = None
    if announce is not None:
        announce(Opening(case_id, target, settings, len(names)))
        batcher = Batcher(announce, spool.flush)
    try:
        for index, job in enumerate(jobs):
            _plan_document(plan, index, job, options, prints, policy, spool, hashed)
            if batcher is not None:
                batcher.add(plan.docs[-1], plan.jobs.get(index))
        if batcher is not None:
            batcher.flush()
    except BaseException:
        spool.remove()
        raise
    spool.close()
    plan.spool = spool.path
    produced = set(names)
    plan.obsolete = sorted(n for n in manifest.documents if n not in produced)
    manifest.warnings = [_warning_record(w) for w in checked.warnings]
    return plan


def _plan_document(
    plan: Planned,
    index: int,
    job: DocumentJob,
    options: SetOptions,
    prints: Fingerprints,
    policy: Policy,
    spool: Spool,
    hashed: Callable[[Path], str | None],
) -> None:
    digest = context_digest(job.context)
    inputs = prints.document_inputs(job, plan.settings, digest)
    disk = on_disk(plan.target, job.filename, hashed)
    entry = effective_entry(plan.manifest.documents.get(job.filename), disk)
    action = (
        Action.OUTSIDE
        if options.outside(plan.case_id, job.filename)
        else policy.action(entry, disk, inputs, options.force)
    )
    plan.docs.append(
        DocPlan(
            index,
            job.filename,
            job.template,
            inputs,
            digest is not None,
            action,
            Dest(destination(entry, disk, options.force)),
            disk,
            entry,
        )
    )
    if action is Action.RENDER:
        plan.jobs[index] = spool.add(job)


class Targets:
    """The output folder of each case seen so far: two cases must not share one."""

    def __init__(self) -> None:
        self._cases: dict[Path, Path] = {}

    def free(self, target: Path) -> bool:
        """No case seen so far has this output folder (``claim`` would take it)."""
        return target not in self._cases

    def claim(self, plan: Plan) -> Plan:
        if isinstance(plan, Failed):
            return plan
        if plan.target in self._cases:
            plan.outcome.error = OutputError(
                f"même identifiant « {plan.case_id} » que {display_path(self._cases[plan.target])} : "
                "les deux dossiers iraient dans le même dossier de sortie"
            )
            if isinstance(plan, Planned):
                plan.release()
            return Failed(plan.outcome)
        self._cases[plan.target] = plan.outcome.path
        return plan
