"""What the staging folder and the lock share: the folders a run created, and the message
for a folder it cannot write in."""

from __future__ import annotations

import errno
from pathlib import Path

from ..errors import OutputError, display_path

_FULL = (errno.ENOSPC, errno.EDQUOT)


def missing_parents(folder: Path) -> list[Path]:
    """``folder`` and its ancestors that do not exist yet, innermost first."""
    missing = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    return missing


def remove_created(folders: list[Path]) -> None:
    """Remove the folders a run created (innermost first), as long as they are empty; the
    list is emptied."""
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:
            break
    folders.clear()


_CAUSES = {
    errno.EACCES: "permission refusée",
    errno.EPERM: "permission refusée",
    errno.EROFS: "système de fichiers en lecture seule",
    errno.EEXIST: "un fichier occupe la place d'un dossier",
    errno.ENOTDIR: "un fichier occupe la place d'un dossier",
}


def cannot_write(where: object, exc: OSError) -> OutputError:
    """The message for a folder the system refused to write in, its cause in French (the
    system's own words only for a rare one)."""
    if exc.errno in _FULL:
        return OutputError(full_disk(where))
    cause = _CAUSES.get(exc.errno or 0, exc.strerror or str(exc))
    return OutputError(
        f"écriture impossible dans {where} ({cause}) ; les documents déjà présents sont intacts"
    )


def full_disk(where: object) -> str:
    """``ENOSPC``/``EDQUOT``: nothing of the run stays, the previous documents are whole."""
    return (
        f"écriture impossible dans {where} : disque plein (ou quota atteint) ; "
        "les documents déjà présents sont intacts, libérer de la place puis relancer"
    )


def own_folder(target: Path) -> None:
    """Refuse a case's output folder that is a link (or not a folder): actegen writes only
    into folders it made, and never follows a link it did not create."""
    shown = f"{display_path(target.parent)}/{target.name}"
    if target.is_symlink():
        raise OutputError(
            f"{shown} : le dossier de sortie du dossier est un lien symbolique ; "
            "actegen ne suit pas les liens (le remplacer par un vrai dossier)"
        )
    if target.exists() and not target.is_dir():
        raise OutputError(f"{shown} : existe et n'est pas un dossier ; le déplacer ou le renommer")
