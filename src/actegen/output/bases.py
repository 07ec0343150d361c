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
import shutil
from pathlib import Path

from .durable import write_file

BASES = Path(".actegen") / "bases"
STORED = 0  # a DOCX is deflated already: compressing it again saved 6 % for most of the time
RENDERED = ".actegen-bases-rendues"  # in a staging folder: the bases the workers compressed


def base_path(folder: Path, digest: str) -> Path:
    """Where the base of hash ``digest`` is kept in a case's folder."""
    return folder / BASES / f"{digest}.docx.gz"


def read_base(folder: Path, digest: str) -> bytes | None:
    """The bytes actegen wrote with this hash; None when the base is not kept."""
    try:
        return gzip.decompress(base_path(folder, digest).read_bytes())
    except (OSError, EOFError, gzip.BadGzipFile):
        return None


def write_base(staging: Path, digest: str, data: bytes) -> None:
    """Compress ``data`` (a document just written into the staging folder) as its base.

    Called by the worker that rendered it, so that the compression runs beside the other
    renders, not in the render's own process at the swap. Into ``RENDERED``, not the bases
    folder: the previous set's ``.actegen`` is linked into the staging folder at the swap,
    and ``stage_bases`` then moves in those the manifest refers to. Two documents with the
    same bytes share a base: each worker writes a file of its own, then renames it.
    """
    dest = staging / RENDERED / f"{digest}.docx.gz"
    if dest.exists():
        return
    dest.parent.mkdir(exist_ok=True)
    partial = dest.with_name(f"{dest.name}.{os.getpid()}.partiel")
    write_file(partial, gzip.compress(data, compresslevel=STORED, mtime=0), sync=False)
    os.replace(partial, dest)


def stage_bases(staging: Path, new: dict[str, str], keep: set[str]) -> None:
    """In the staging folder: a copy of each new file (name → hash) as its base, and no base
    outside ``keep``. A copy, never a link: a notary saving in place must not change a base.
    The workers have already written the bases of the documents they rendered (``write_base``)."""
    folder = staging / BASES
    folder.mkdir(parents=True, exist_ok=True)
    rendered = staging / RENDERED
    for name, digest in sorted(new.items()):
        dest = base_path(staging, digest)
        if digest in keep and not dest.exists():
            compressed = rendered / f"{digest}.docx.gz"
            if compressed.is_file():
                os.replace(compressed, dest)
            else:
                dest.write_bytes(gzip.compress((staging / name).read_bytes(), compresslevel=STORED, mtime=0))
    shutil.rmtree(rendered, ignore_errors=True)
    for item in folder.iterdir():
        if not item.name.endswith(".docx.gz") or item.name.removesuffix(".docx.gz") not in keep:
            os.unlink(item)
