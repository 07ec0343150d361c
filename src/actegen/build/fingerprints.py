"""Hashes of what a set's documents are built from: the same hashes, nothing to render.

A template is hashed by its content — member names and decompressed bytes — not by its
file's bytes: a template saved again by python-docx or re-zipped by another tool gets new
zip timestamps and compression, yet fills the same documents, and must not re-render
every document of every case.
"""

from __future__ import annotations

import hashlib
import os
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from .._version import __version__
from ..bounded import MAX_INFLATED_BYTES
from ..docx_zip import file_sha256
from ..render import DocumentJob, RenderSettings
from ..schema import SCHEMA_NAME, schemas_dir
from ..templates import shipped_templates_dir

_CHUNK = 1 << 20


def docx_digest(path: Path) -> str | None:
    """A .docx's content hash (members in name order); a file that is not a readable zip
    is hashed by its bytes, so that the render reports it. None: no such file. A FIFO, a
    device or a link loop is never opened (it would block, or never end): it gets a fixed
    digest, and the render refuses it."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return None
    except OSError:
        return hashlib.sha256(b"actegen-unreadable").hexdigest()
    if not stat.S_ISREG(mode):
        return hashlib.sha256(b"actegen-special-file").hexdigest()
    try:
        with zipfile.ZipFile(path) as docx:
            h = hashlib.sha256(b"actegen-docx/1\0")
            infos = docx.infolist()
            if sum(i.file_size for i in infos) > MAX_INFLATED_BYTES:  # a bomb: the render refuses it
                return file_sha256(path)
            for info in sorted(infos, key=lambda i: i.filename):
                member = hashlib.sha256()
                with docx.open(info) as fh:
                    while chunk := fh.read(_CHUNK):
                        member.update(chunk)
                h.update(info.filename.encode("utf-8") + b"\0" + member.digest())
            return h.hexdigest()
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        EOFError,
        NotImplementedError,  # zipfile: a compression method it cannot read (not a placeholder)
        RuntimeError,
        ValueError,
        OSError,
    ):
        return file_sha256(path)


def _file_digest(path: Path) -> bytes:
    if path.suffix == ".docx":
        return bytes.fromhex(docx_digest(path) or "")
    return bytes.fromhex(file_sha256(path) or "")  # streamed: a huge file is not read whole


def _tree_digest(root: Path, suffixes: tuple[str, ...] | None = None) -> str:
    h = hashlib.sha256()
    if root.is_dir():
        for p in sorted(root.rglob("*")):
            if (
                not p.is_file()
                or "__pycache__" in p.parts
                or (suffixes is not None and p.suffix not in suffixes)
            ):
                continue
            h.update(p.relative_to(root).as_posix().encode("utf-8") + b"\0" + _file_digest(p))
    return h.hexdigest()


@dataclass(frozen=True)
class Fingerprints:
    """Hashes of what every case shares: actegen's code, its parameters, the templates."""

    code: str  # version + every .py of actegen + the case schema
    parameters: str  # src/actegen/parameters/
    templates: str  # the templates folder and the shipped clause library
    template_files: dict[str, str]  # per document template: its content

    @classmethod
    def of(cls, directory: Path) -> Fingerprints:
        package = Path(__file__).resolve().parents[1]
        code = hashlib.sha256(
            __version__.encode()
            + b"\0"
            + _tree_digest(package, (".py",)).encode()
            + b"\0"
            + (file_sha256(schemas_dir() / SCHEMA_NAME) or "").encode()
        ).hexdigest()
        # A template or a clause missing from --templates DIR is taken from the shipped set.
        # Only the Word files fill documents: their text dumps (NAME.docx.txt) and the
        # notary's guide (LISEZMOI.md) may change without re-rendering anything.
        templates = hashlib.sha256(
            (
                _tree_digest(directory, (".docx",)) + "\0" + _tree_digest(shipped_templates_dir(), (".docx",))
            ).encode()
        ).hexdigest()
        # Clause files reach a document through its context (rendered fragments), which is
        # hashed per document: a changed clause re-renders only the actes that carry it.
        template_files = {
            p.name: docx_digest(p) or "" for p in sorted(shipped_templates_dir().glob("*.docx"))
        }
        template_files.update({p.name: docx_digest(p) or "" for p in sorted(directory.glob("*.docx"))})
        return cls(code, _tree_digest(package / "parameters"), templates, template_files)

    def case_key(self, case_bytes: bytes) -> str:
        """Everything a case's documents are built from, for the no-parse re-run."""
        h = hashlib.sha256(b"actegen-dossier/2\0")
        for part in (
            self.code,
            self.parameters,
            self.templates,
            hashlib.sha256(case_bytes).hexdigest(),
            os.environ.get("SOURCE_DATE_EPOCH", ""),
        ):
            h.update(part.encode("utf-8") + b"\0")
        return h.hexdigest()

    def document_inputs(self, job: DocumentJob, settings: RenderSettings, context: str | None) -> str | None:
        """Everything one document is built from. Parameters act through the computed
        figures, which are in the context; so do the case's values. None: always render."""
        template = self.template_files.get(job.template)
        if context is None or template is None:
            return None
        h = hashlib.sha256(b"actegen-document/2\0")
        for part in (
            self.code,
            template,
            job.family,
            job.filename,
            job.template,
            job.title,
            settings.currency,
            str(settings.reform1990),
            settings.author,
            settings.timestamp.isoformat(),
            settings.reference,
            context,
        ):
            h.update(part.encode("utf-8") + b"\0")
        return h.hexdigest()
