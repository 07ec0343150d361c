"""Where templates come from.

Templates are looked up in ``--templates DIR``, else a ``templates/`` folder in the working
directory, else the set shipped with actegen; a template missing from the folder chosen is
taken from the shipped set. Apart from ``templates`` (what reading one raises, which loads
python-docx and lxml): the no-parse re-run hashes templates without loading them.
"""

from __future__ import annotations

import errno
import stat
from pathlib import Path

from .errors import TemplateError
from .package_data import PACKAGE_DATA


def shipped_templates_dir() -> Path:
    checkout = Path(__file__).resolve().parents[2] / "templates"
    if (checkout / "acte_de_vente.docx").is_file():
        return checkout
    return PACKAGE_DATA / "templates"


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
