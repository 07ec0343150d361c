"""File names: how a document is named, and which names actegen refuses to write.

One owner for the rules every stage needs — the case id as a folder (``validate``), the
documents' names (``documents``), the ``.nouveau`` version beside an edited file and the
names the output folder accepts (``output``).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import OutputError

if TYPE_CHECKING:
    from .case_types import Lot

WINDOWS_RESERVED_NAMES = frozenset(
    {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}
)
"""Device names Windows will not give a file or a folder, whatever the extension."""


def slug(text: str, *, limit: int = 40) -> str:
    """A file-name-safe ASCII slug: no path separator, no dot-file, no reserved device name."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    cleaned = re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-")[:limit].strip("-")
    if not cleaned or cleaned.upper() in WINDOWS_RESERVED_NAMES:
        cleaned = f"x-{cleaned}" if cleaned else "sans-nom"
    return cleaned


def lot_label(numero: Any) -> str:
    """A lot number as file names show it: ``7`` → ``07``; ``A-3`` stays a slug."""
    n = str(numero)
    return f"{int(n):02d}" if n.isdigit() else slug(n, limit=16)


def buyer_file_label(lot: Lot) -> str:
    """The part of a file name that says whose document it is: lot number and first buyer."""
    return f"lot-{lot_label(lot['numero'])}_{slug(lot['acquereurs'][0]['nom'], limit=24)}"


def note_de_calcul_lot_name(lot: Lot) -> str:
    """The note de calcul annexed to a lot's acte, named like it (``documents.note_de_calcul_lot``)."""
    return f"note-de-calcul_{buyer_file_label(lot)}.docx"


def nouveau_name(filename: str) -> str:
    """Where the new version of an edited document goes: ``NAME.nouveau.docx``."""
    stem, dot, ext = filename.rpartition(".")
    return f"{stem}.nouveau.{ext}" if dot else f"{filename}.nouveau"


def fusion_name(filename: str) -> str:
    """Where the merge of an edited document goes: ``NAME.fusion.docx`` (the notary's file,
    the case's changes as tracked changes)."""
    stem, dot, ext = filename.rpartition(".")
    return f"{stem}.fusion.{ext}" if dot else f"{filename}.fusion"


def safe_name(filename: str) -> None:
    """Refuse a document name that would leave its case's folder or hide in it."""
    p = Path(filename)
    if (
        p.is_absolute()
        or len(p.parts) != 1
        or filename in (".", "..")
        or filename.startswith(".")
        or "/" in filename
        or "\\" in filename
    ):
        raise OutputError(f"nom de document refusé : {filename!r}")
