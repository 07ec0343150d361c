"""Where templates come from, and what reading one can raise.

Templates are looked up in ``--templates DIR``, else a ``templates/`` folder in the working
directory, else the set shipped with actegen; a template missing from the folder chosen is
taken from the shipped set.
"""

from __future__ import annotations

import errno
import stat
import zipfile
import zlib
from importlib import resources
from pathlib import Path

from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from .errors import TemplateError

# What reading a .docx (template or clause file) raises when the file is bad: it cannot be
# read, is no zip or a truncated one, has a member missing or corrupt, a part that is not
# XML, or is a package that is not a Word document (python-docx's ValueError). Only the step
# that reads the file maps these: raised anywhere else, they are a bug and escape as such.
UNREADABLE_DOCX: tuple[type[Exception], ...] = (
    OSError,
    EOFError,
    zipfile.BadZipFile,
    zlib.error,
    PackageNotFoundError,
    KeyError,
    etree.XMLSyntaxError,
    ValueError,
)


def shipped_templates_dir() -> Path:
    checkout = Path(__file__).resolve().parents[2] / "templates"
    if (checkout / "acte_de_vente.docx").is_file():
        return checkout
    return Path(str(resources.files("actegen") / "_data" / "templates"))


def templates_dir(override: Path | None) -> Path:
    """``--templates DIR`` first, then ``./templates`` if present, then the shipped set."""
    if override is not None:
        if not override.is_dir():
            raise TemplateError(f"dossier de modèles introuvable : {override}")
        return override
    local = Path.cwd() / "templates"
    if local.is_dir() and any(local.glob("*.docx")):
        return local
    return shipped_templates_dir()


def template_path(directory: Path, name: str) -> Path:
    """A document template: from ``directory``, else — a family the office has not
    customised — from the shipped set (as clause files are)."""
    path = directory / name
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:  # a link loop: refused, not replaced by the shipped template
        raise TemplateError(
            f"{path}: modèle illisible ({errno.errorcode.get(exc.errno or 0, 'erreur')})"
        ) from None
    if mode is not None and not stat.S_ISREG(mode):
        raise TemplateError(f"{path}: le modèle n'est pas un fichier ordinaire")
    if mode is None:
        shipped = shipped_templates_dir() / name
        if shipped.is_file():
            return shipped
        raise TemplateError(f"{path}: modèle introuvable")
    return path
