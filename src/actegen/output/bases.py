"""The bases: every version actegen wrote, kept so that a later render can merge.

A three-way merge needs what actegen wrote (the base) besides the notary's file and the new
version. Each written document is kept as ``.actegen/bases/<sha256>.docx.gz`` in the case's
folder (gzip without a date, so the folder stays reproducible; not a ``.docx`` name, so
nothing that lists the documents takes it for one; named by its hash, so two documents
with the same bytes share one). They are written into the staging folder with the rest of the run, so the
swap publishes them with the manifest; a base no manifest entry refers to is left out.
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path

BASES = Path(".actegen") / "bases"


def base_path(folder: Path, digest: str) -> Path:
    """Where the base of hash ``digest`` is kept in a case's folder."""
    return folder / BASES / f"{digest}.docx.gz"


def read_base(folder: Path, digest: str) -> bytes | None:
    """The bytes actegen wrote with this hash; None when the base is not kept."""
    try:
        return gzip.decompress(base_path(folder, digest).read_bytes())
    except (OSError, EOFError, gzip.BadGzipFile):
        return None


def stage_bases(staging: Path, new: dict[str, str], keep: set[str]) -> None:
    """In the staging folder: a copy of each new file (name → hash) as its base, and no base
    outside ``keep``. A copy, never a link: a notary saving in place must not change a base."""
    folder = staging / BASES
    folder.mkdir(parents=True, exist_ok=True)
    for name, digest in sorted(new.items()):
        dest = base_path(staging, digest)
        if digest in keep and not dest.exists():
            dest.write_bytes(gzip.compress((staging / name).read_bytes(), mtime=0))
    for item in folder.iterdir():
        if not item.name.endswith(".docx.gz") or item.name.removesuffix(".docx.gz") not in keep:
            os.unlink(item)
