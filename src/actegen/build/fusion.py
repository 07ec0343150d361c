"""Beside an edited document whose inputs changed: ``NAME.fusion.docx``, the notary's file
with the case's changes as tracked changes (``merge``), in addition to ``NAME.nouveau.docx``.

Both are written: the new version stays what ``--force`` would write, the fusion is what the
notary reviews. It needs the base (``output/bases``); a folder rendered before the bases
were kept has none, and gets only ``NAME.nouveau.docx``. The fusion is recorded in the
manifest (``Entry.fusion``): a later run replaces or removes it while it is as written,
and keeps it once the notary has worked in it (``fusion_kept``).
"""

from __future__ import annotations

from dataclasses import replace

from ..hashing import file_sha256
from ..merge import merge
from ..naming import fusion_name, nouveau_name
from ..output.bases import read_base
from ..output.manifest import OnDisk, Version, fusion_is_ours
from ..output.staging import Staging
from ..pdf_stage import Tick
from .commit import Commit
from .plan import Planned


def fuse(commit: Commit, plan: Planned, staging: Staging | None, tick: Tick = None) -> None:
    """Merge each edited document whose new version was just staged; record the merge and
    its conflicts. ``tick``: the progress bar's, each merge one unit."""
    if staging is None or commit.error is not None or commit.manifest is None or commit.record is None:
        return
    merges = sum(1 for _edited, _beside, rewritten in commit.beside if rewritten)
    if tick is not None and merges:
        tick(0, merges)
    try:
        _fuse(commit, plan, staging)
    finally:
        if tick is not None and merges:
            tick(merges, 0)


def _fuse(commit: Commit, plan: Planned, staging: Staging) -> None:
    assert commit.record is not None  # checked by fuse
    entries = {doc.filename: doc.entry for doc in plan.docs}
    # A file saved during the render goes beside it too, but is still staged under its name.
    staged_as = {beside: name for name, beside in commit.moved.items()}
    recorded = commit.record.documents
    for edited, beside, rewritten in commit.beside:
        entry = entries.get(edited)
        if not rewritten or entry is None or beside != nouveau_name(edited):
            continue
        name = fusion_name(edited)
        on_disk = file_sha256(plan.target / name)
        if not fusion_is_ours(entry, OnDisk(None, None, on_disk)):
            commit.fusion_kept.append(name)
            continue
        data = read_base(plan.target, entry.ecrit.sortie)
        if data is None:
            continue
        base = staging.path / f".{name}.base"  # removed before the swap
        base.write_bytes(data)
        try:
            new = staging.path / staged_as.get(beside, beside)
            merged = merge(base, plan.target / edited, new, staging.path / name)
        finally:
            base.unlink()
        commit.staged.add(name)
        commit.replaced[name] = on_disk  # one saved meanwhile stops the swap
        now = recorded[edited]
        inputs = now.nouveau.entrees if now.nouveau is not None else ""
        recorded[edited] = replace(now, fusion=Version(inputs, file_sha256(staging.path / name) or ""))
        commit.manifest = commit.record.to_bytes()
        plan.outcome.conflicts.extend((name, c) for c in merged.conflicts)
