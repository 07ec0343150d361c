"""The end of a case: each document's fate, decided without touching the disk (``decide``),
then the swap of the staging folder with the new manifest (``apply``).

``decide`` gets everything it looks at — the plan, the renders' results, what ``Found``
read of the obsolete files and of the manifest — so that a test can give it any
situation without a file system.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .._version import __version__
from ..errors import ActegenError, OutputError, RenderError, display_path
from ..hashing import file_sha256, sha256
from ..naming import fusion_name, nouveau_name
from ..output.durable import write_file
from ..output.folders import cannot_write
from ..output.manifest import (
    MANIFEST,
    Entry,
    Manifest,
    OnDisk,
    Version,
    effective_entry,
    is_current,
    is_edited,
    on_disk,
)
from ..output.staging import Staging
from .options import Action
from .plan import Dest, DocPlan, Planned
from .report import CaseOutcome
from .workers import InternalCaseError, RenderResult

FATES = ("written", "unchanged", "beside", "outside", "removed", "kept_obsolete", "fusion_kept")
"""The lists of ``CaseOutcome`` that a commit fills."""


@dataclass(frozen=True)
class Found:
    """What a case's end reads from disk besides the plan: its obsolete files, its manifest."""

    obsolete: dict[str, OnDisk]
    manifest: str | None  # sha256 of the manifest file; None: there is none
    live: dict[int, str | None] = field(default_factory=dict)  # a rendered document's file, now

    @classmethod
    def of(cls, plan: Planned) -> Found:
        """Read once the renders are done: a file saved meanwhile is seen as edited."""
        live = {
            doc.index: file_sha256(plan.target / doc.filename)
            for doc in plan.docs
            if doc.action is Action.RENDER and doc.dest is Dest.MAIN
        }
        return cls(
            {name: on_disk(plan.target, name) for name in plan.obsolete},
            file_sha256(plan.target / MANIFEST),
            live,
        )


@dataclass
class Commit:
    """A case's end: its documents by fate, and the swap to make (``manifest`` None: none)."""

    failures: list[str] = field(default_factory=list)
    error: ActegenError | None = None
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    beside: list[tuple[str, str, bool]] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept_obsolete: list[str] = field(default_factory=list)
    fusion_kept: list[str] = field(default_factory=list)  # NAME.fusion.docx edited by hand: kept
    staged: set[str] = field(default_factory=set)  # files of the staging folder to swap in
    moved: dict[str, str] = field(default_factory=dict)  # staged under a name, to go beside an edit
    replaced: dict[str, str | None] = field(default_factory=dict)  # files the swap replaces, as planned
    before: dict[str, Entry | None] = field(default_factory=dict)  # their entries before this run
    deleted: set[str] = field(default_factory=set)  # files of the target not to keep
    manifest: bytes | None = None
    manifest_name: str = MANIFEST  # a shard of a plan writes its own (build.shard)
    record: Manifest | None = None  # what ``manifest`` says, for the fusions to add to
    bases: dict[str, str] = field(default_factory=dict)  # staged file → hash: kept as its base
    keep: set[str] = field(default_factory=set)  # hashes of the bases the manifest refers to


def failure(
    results: dict[int, RenderResult], path: Path | None = None
) -> tuple[list[str], ActegenError | None]:
    """One message per failed document, in document order, and the case's error (a bug of
    actegen's on the first: ``InternalCaseError``, naming the case ``path``)."""
    failed = [r for _i, r in sorted(results.items()) if r.error is not None]
    failures = [r.error for r in failed if r.error is not None]
    if not failures:
        return failures, None
    more = f" (et {len(failures) - 1} autre(s) document(s) en échec)" if len(failures) > 1 else ""
    if failed[0].internal:
        where = f"{display_path(path)} : " if path is not None else ""
        return failures, InternalCaseError(where + failures[0] + more)
    return failures, RenderError(failures[0] + more)


def decide(plan: Planned, results: dict[int, RenderResult], force: bool, found: Found) -> Commit:
    """Each document's fate and the new manifest; nothing to swap if a document failed,
    or if nothing would change on disk."""
    commit = Commit()
    commit.failures, commit.error = failure(results, plan.outcome.path)
    if commit.error is not None:
        return commit
    documents = dict(plan.manifest.documents)
    complete = True  # the manifest's case key then stands for every document
    for doc in plan.docs:
        complete = _fate(doc, results.get(doc.index), force, documents, commit, found) and complete
    for name in plan.obsolete:
        documents.pop(name, None)
        _obsolete(name, plan.manifest.documents[name], found.obsolete[name], commit)
    commit.keep = {
        v.sortie for e in documents.values() for v in (e.ecrit, e.nouveau) if v is not None and v.sortie
    }
    commit.record = Manifest(
        plan.case_id, plan.case_key if complete else "", __version__, plan.manifest.warnings, documents
    )
    data = commit.record.to_bytes()
    if commit.staged or commit.deleted or found.manifest != sha256(data):
        commit.manifest = data
    return commit


def _fate(
    doc: DocPlan,
    result: RenderResult | None,
    force: bool,
    documents: dict[str, Entry],
    commit: Commit,
    found: Found,
) -> bool:
    """Record one document's fate; False when the case key may not stand for it."""
    entry, disk, dest = doc.entry, doc.disk, doc.dest
    if doc.action is Action.OUTSIDE:
        commit.outside.append(doc.filename)
        return entry is not None and is_current(entry, disk, doc.inputs, force)
    if doc.action is Action.SKIP:
        assert entry is not None  # a skipped document is current: it has an entry
        documents[doc.filename] = entry
        if is_edited(entry, disk):
            commit.beside.append((doc.filename, nouveau_name(doc.filename), False))
        else:
            commit.unchanged.append(doc.filename)
        return True
    assert result is not None and result.digest is not None  # no failure: every render gave bytes
    new = Version(doc.inputs or "", result.digest)
    live = found.live.get(doc.index, disk.main)
    if dest is Dest.MAIN and result.written and live is not None and live != disk.main:
        # Saved while the render ran (even with --force): an edit; the new version goes beside it.
        commit.moved[doc.filename] = nouveau_name(doc.filename)
        disk, dest = OnDisk(live, disk.beside, disk.fusion), Dest.BESIDE
    if dest is Dest.BESIDE and result.digest != disk.main:
        documents[doc.filename] = Entry(
            doc.template,
            entry.ecrit if entry else Version("", ""),
            new,
            entry.fusion if entry else None,  # until a new merge replaces it
        )
        commit.beside.append((doc.filename, nouveau_name(doc.filename), result.written))
        if result.written:
            commit.staged.add(nouveau_name(doc.filename))
            commit.bases[nouveau_name(doc.filename)] = result.digest
    else:
        documents[doc.filename] = Entry(doc.template, new)
        (commit.written if result.written else commit.unchanged).append(doc.filename)
        if result.written:
            commit.staged.add(doc.filename)
            commit.replaced[doc.filename] = live
            commit.before[doc.filename] = entry
            commit.bases[doc.filename] = result.digest
            if entry is not None and entry.fusion is not None and disk.fusion == entry.fusion.sortie:
                commit.deleted.add(fusion_name(doc.filename))  # the merge of an edit now gone
    return doc.inputs is not None


def _obsolete(name: str, recorded: Entry, disk: OnDisk, commit: Commit) -> None:
    """A document the case no longer produces: deleted if unedited, kept if edited."""
    entry = effective_entry(recorded, disk) or recorded
    if disk.main is None:
        return
    if disk.main == entry.ecrit.sortie:
        commit.deleted.add(name)
        commit.removed.append(name)
    else:
        commit.kept_obsolete.append(name)
    if entry.nouveau is not None and disk.beside == entry.nouveau.sortie:
        commit.deleted.add(nouveau_name(name))
    if entry.fusion is not None and disk.fusion == entry.fusion.sortie:
        commit.deleted.add(fusion_name(name))


def _saved_at_the_swap(commit: Commit, target: Path, back: list[str]) -> None:
    """Files saved in the instant before the swap, put back by it: edited files, the new
    version beside them; the manifest says so."""
    if not back or commit.record is None:
        return
    documents = dict(commit.record.documents)
    for name in back:
        new, before = documents[name], commit.before.get(name)
        documents[name] = Entry(new.modele, before.ecrit if before else Version("", ""), new.ecrit)
        commit.written.remove(name)
        commit.beside.append((name, nouveau_name(name), True))
    record = Manifest(commit.record.case_id, "", commit.record.version, commit.record.warnings, documents)
    tmp = target / f"{commit.manifest_name}.tmp"
    write_file(tmp, record.to_bytes())
    os.replace(tmp, target / commit.manifest_name)


def apply(commit: Commit, outcome: CaseOutcome, target: Path, staging: Staging | None) -> None:
    """Report the fates in ``outcome``; swap the staging folder in, or remove it."""
    outcome.failures, outcome.error = commit.failures, commit.error
    if commit.manifest is not None:
        try:
            staging = staging or Staging(target)
            for name, beside in commit.moved.items():
                (staging.path / name).rename(staging.path / beside)
            back = staging.commit(
                commit.staged,
                commit.deleted,
                commit.manifest,
                commit.replaced,
                commit.bases,
                commit.keep,
                commit.manifest_name,
            )
            _saved_at_the_swap(commit, target, back)
        except OSError as exc:
            if staging is not None:
                staging.abort()
            outcome.error = cannot_write(target.parent, exc)
            return
        except OutputError as exc:  # nothing swapped in: the previous set is whole
            outcome.error = exc
            return
    elif staging is not None:
        staging.abort()
    for fate in FATES:
        getattr(outcome, fate).extend(getattr(commit, fate))
