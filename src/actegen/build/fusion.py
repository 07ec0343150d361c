"""Beside an edited document whose inputs changed: ``NAME.fusion.docx``, the notary's file
with the case's changes as tracked changes (``merge``), in addition to ``NAME.nouveau.docx``.

Both are written: the new version stays what ``--force`` would write, the fusion is what the
notary reviews. It needs the base (``output/bases``); a folder rendered before the bases
were kept has none, and gets only ``NAME.nouveau.docx``.
"""

from __future__ import annotations

from ..merge import merge
from ..naming import fusion_name, nouveau_name
from ..output.bases import read_base
from ..output.staging import Staging
from .commit import Commit
from .plan import Planned


def fuse(commit: Commit, plan: Planned, staging: Staging | None) -> None:
    """Merge each edited document whose new version was just staged; record the conflicts."""
    if staging is None or commit.error is not None or commit.manifest is None:
        return
    entries = {doc.filename: doc.entry for doc in plan.docs}
    # A file saved during the render goes beside it too, but is still staged under its name.
    staged_as = {beside: name for name, beside in commit.moved.items()}
    for edited, beside, rewritten in commit.beside:
        entry = entries.get(edited)
        if not rewritten or entry is None or beside != nouveau_name(edited):
            continue
        data = read_base(plan.target, entry.ecrit.sortie)
        if data is None:
            continue
        name = fusion_name(edited)
        base = staging.path / f".{name}.base"  # removed before the swap
        base.write_bytes(data)
        try:
            new = staging.path / staged_as.get(beside, beside)
            merged = merge(base, plan.target / edited, new, staging.path / name)
        finally:
            base.unlink()
        commit.staged.add(name)
        plan.outcome.conflicts.extend((name, c) for c in merged.conflicts)
