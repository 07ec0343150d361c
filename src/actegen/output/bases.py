"""The bases: every version actegen wrote, kept so that a later render can merge.

A three-way merge needs what actegen wrote (the base) besides the notary's file and the new
version. Each written document is kept as ``.actegen/bases/<sha256>.docx`` in the case's
folder (a DOCX is already compressed; its name is its hash, so two documents with the same
bytes share one). They are written into the staging folder with the rest of the run, so the
swap publishes them with the manifest; a base no manifest entry refers to is left out.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

BASES = Path(".actegen") / "bases"


def base_path(folder: Path, digest: str) -> Path:
    """Where the base of hash ``digest`` is kept in a case's folder."""
    return folder / BASES / f"{digest}.docx"


def stage_bases(staging: Path, new: dict[str, str], keep: set[str]) -> None:
    """In the staging folder: a copy of each new file (name → hash) as its base, and no base
    outside ``keep``. A copy, never a link: a notary saving in place must not change a base."""
    folder = staging / BASES
    folder.mkdir(parents=True, exist_ok=True)
    for name, digest in sorted(new.items()):
        dest = folder / f"{digest}.docx"
        if digest in keep and not dest.exists():
            shutil.copyfile(staging / name, dest)
    for item in folder.iterdir():
        if item.suffix != ".docx" or item.stem not in keep:
            os.unlink(item)
