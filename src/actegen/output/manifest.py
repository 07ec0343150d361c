"""The manifest of a case's output folder, and what it tells about each document.

``.actegen-manifest.json`` records, for every document, the hash of its inputs
(``entrees``) and of the bytes actegen wrote (``sortie``); and, for the whole case, the hash
of everything it was built from (case file, templates, parameters, actegen). See ``Manifest``.

No lost edit: a file whose bytes differ from the recorded ``sortie`` was edited by someone;
it is never overwritten, the new version goes beside it as ``NAME.nouveau.docx`` (unless
``force``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..docx_zip import file_sha256
from ..errors import OutputError
from ..naming import nouveau_name

MANIFEST = ".actegen-manifest.json"
MANIFEST_FORMAT = 2


@dataclass(frozen=True)
class Version:
    """One version of a document written by actegen: its inputs' hash, its bytes' hash."""

    entrees: str
    sortie: str

    def as_json(self) -> dict[str, str]:
        return {"entrees": self.entrees, "sortie": self.sortie}


@dataclass(frozen=True)
class Entry:
    """What the manifest knows of one document.

    ``ecrit`` is the version actegen last wrote under the document's own name (the file
    on disk was edited when its bytes differ from ``ecrit.sortie``); ``nouveau`` the
    version written beside an edited file, as ``NAME.nouveau.docx``.
    """

    modele: str
    ecrit: Version
    nouveau: Version | None = None

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"modele": self.modele, **self.ecrit.as_json()}
        if self.nouveau is not None:
            data["nouveau"] = self.nouveau.as_json()
        return data


@dataclass
class Manifest:
    """``.actegen-manifest.json``, format 2::

        {
          "format": 2,
          "actegen": "0.1.0",
          "dossier": {
            "id": "girimbelles-1993",
            "entrees": "<sha256: case file, templates, parameters, actegen — or '' after --shard>",
            "avertissements": [{"ligne": 12, "colonne": 3, "message": "…"}]
          },
          "documents": {
            "acte-de-vente_lot-01_GRONDIN.docx": {
              "modele": "acte_de_vente.docx",
              "entrees": "<sha256 of the inputs of this document>",
              "sortie": "<sha256 of the bytes written>",
              "nouveau": {"entrees": "…", "sortie": "…"}      (only beside an edited file)
            }
          }
        }

    No path, no date, no user name: two runs on two machines write the same manifest.
    """

    case_id: str = ""
    case_key: str = ""
    version: str = ""
    warnings: list[dict[str, Any]] = field(default_factory=list)
    documents: dict[str, Entry] = field(default_factory=dict)

    def to_bytes(self) -> bytes:
        data = {
            "format": MANIFEST_FORMAT,
            "actegen": self.version,
            "dossier": {"id": self.case_id, "entrees": self.case_key, "avertissements": self.warnings},
            "documents": {name: entry.as_json() for name, entry in sorted(self.documents.items())},
        }
        return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _version(data: Any) -> Version:
    return Version(str(data.get("entrees", "")), str(data.get("sortie", "")))


def read_manifest(directory: Path) -> Manifest:
    """The manifest of an output folder; an empty one if there is none.

    Format 1 (actegen before issue 6) is read too: its entries have output hashes only.
    """
    path = directory / MANIFEST
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return Manifest()
    try:
        data = json.loads(text)
        docs = data.get("documents", {})
        manifest = Manifest()
        if data.get("format") == MANIFEST_FORMAT:
            case = data.get("dossier", {})
            manifest.case_id = str(case.get("id", ""))
            manifest.case_key = str(case.get("entrees", ""))
            manifest.warnings = list(case.get("avertissements", []))
            manifest.version = str(data.get("actegen", ""))
        for name, entry in docs.items():
            nouveau = entry.get("nouveau")
            manifest.documents[str(name)] = Entry(
                str(entry.get("modele", "")), _version(entry), _version(nouveau) if nouveau else None
            )
        return manifest
    except (ValueError, AttributeError, TypeError):
        raise OutputError(
            f"{path}: manifeste illisible ; le supprimer pour repartir de zéro "
            "(les fichiers présents seront alors considérés comme modifiés)"
        ) from None


# --------------------------------------------------------------------------------------
# What to do with one document


@dataclass(frozen=True)
class OnDisk:
    """A document's files as found: hash of ``NAME`` and of ``NAME.nouveau.docx`` (None: absent)."""

    main: str | None
    beside: str | None


def on_disk(directory: Path, filename: str) -> OnDisk:
    return OnDisk(file_sha256(directory / filename), file_sha256(directory / nouveau_name(filename)))


def effective_entry(entry: Entry | None, disk: OnDisk) -> Entry | None:
    """The entry, once a new version copied over an edited file has been taken back.

    When the notary replaced ``NAME`` by ``NAME.nouveau.docx``, the file is actegen's
    again: the recorded new version becomes the written one.
    """
    if entry is not None and entry.nouveau is not None and disk.main == entry.nouveau.sortie:
        return Entry(entry.modele, entry.nouveau)
    return entry


def is_edited(entry: Entry | None, disk: OnDisk) -> bool:
    """A file exists under the document's name that actegen did not write as it is."""
    return disk.main is not None and (entry is None or disk.main != entry.ecrit.sortie)


def is_current(entry: Entry | None, disk: OnDisk, inputs: str | None, force: bool) -> bool:
    """Nothing to do: the file (or, beside an edit, the new version) is the one these inputs give."""
    if entry is None or inputs is None:
        return False
    if not is_edited(entry, disk):
        return disk.main is not None and entry.ecrit.entrees == inputs
    return (
        not force
        and entry.nouveau is not None
        and entry.nouveau.entrees == inputs
        and disk.beside == entry.nouveau.sortie
    )


def destination(entry: Entry | None, disk: OnDisk, force: bool) -> str:
    """``"main"`` or ``"beside"``: where a new version of this document goes."""
    return "beside" if is_edited(entry, disk) and not force else "main"
