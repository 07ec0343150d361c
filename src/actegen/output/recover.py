"""What killed runs left beside a case's folder, repaired by the next run.

A run killed between the two renames of ``staging``'s fallback swap leaves ``.NAME.ancien``
(the previous set) and perhaps no ``NAME``; one killed before its swap leaves its staging
folder ``.NAME.<8 characters>.tmp``. Apart from ``staging`` so that the no-op re-run
(``build.noop``), which repairs first, loads none of what writing a set needs.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .manifest import MANIFEST, PART_MANIFEST


def backup_of(target: Path) -> Path:
    """Where the fallback swap keeps the previous set for a moment."""
    return target.with_name(f".{target.name}.ancien")


def _is_staging_of(name: str, case: str) -> bool:
    """``.CASE.<8 random characters>.tmp``: a staging folder of ``Staging`` (``mkdtemp``)."""
    return re.fullmatch(rf"\.{re.escape(case)}\.[a-z0-9_]{{8}}\.tmp", name) is not None


_LEFTOVER = re.compile(r"\.(?P<case>[^/]+?)\.(?:ancien|[a-z0-9_]{8}\.tmp)")


def _has_manifest(folder: Path) -> bool:
    """The case's manifest, or a shard's (a folder only shards have written)."""
    return (folder / MANIFEST).is_file() or any(
        PART_MANIFEST.fullmatch(p.name) for p in folder.glob(".actegen-manifest.*.json")
    )


def recover(target: Path) -> None:
    """Repair what killed runs left beside a case's folder.

    A run killed between the two renames of the fallback swap left ``.NAME.ancien`` and
    no ``NAME``: the previous set comes back. Its staging folders ``.NAME.*.tmp`` (or the
    old set, when it was killed after the swap) are removed. Call it only under the output
    root's ``OutputLock``: a live run's staging folder looks like a dead one's.
    """
    import shutil  # here: a no-op re-run, which finds nothing to repair, does without it

    backup = backup_of(target)
    if not backup.is_symlink() and _has_manifest(backup):  # an actegen set, not someone's folder or link
        if not target.exists():
            try:
                backup.rename(target)
            except FileNotFoundError:  # a check beside us put it back first
                pass
        elif target.is_dir():
            shutil.rmtree(backup, ignore_errors=True)
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return
    for entry in entries:
        if _is_staging_of(entry.name, target.name) and entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)


def recover_output(root: Path) -> None:
    """``recover`` every case folder of an output root that a killed run left unfinished.

    One listing of the root: the no-op re-run stays fast. Only under the root's lock.
    """
    try:
        names = {
            m["case"]
            for e in os.scandir(root)
            if (m := _LEFTOVER.fullmatch(e.name)) and e.is_dir(follow_symlinks=False)
        }
    except OSError:
        return
    for name in sorted(names):
        recover(Path(root) / name)
