"""What the staging folder and the lock share: the folders a run created, and the message
for a folder it cannot write in."""

from __future__ import annotations

from pathlib import Path

from ..errors import OutputError


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


def cannot_write(where: object, exc: OSError) -> OutputError:
    return OutputError(f"écriture impossible dans {where} ({exc.strerror or exc})")
