"""Hashes of what a set's documents are built from: the same hashes, nothing to render.

A template is hashed by its content — member names and decompressed bytes — not by its
file's bytes: a template saved again by python-docx or re-zipped by another tool gets new
zip timestamps and compression, yet fills the same documents, and must not re-render
every document of every case. A file unchanged since it was hashed, by its status, is not
read again (``statcache``): a re-run with nothing changed stats the files, no more.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from .._version import __version__
from ..hashing import file_sha256
from ..schema_paths import SCHEMA_NAME, schemas_dir
from ..template_paths import shipped_templates_dir
from .statcache import StatCache, cache_file

if TYPE_CHECKING:  # for the annotations only: the no-op re-run needs no job
    from ..jobs import DocumentJob, RenderSettings
    from .docx_digest import MemberKey


class _Digests:
    """The content hashes of one ``Fingerprints.of``: each file hashed once, each distinct
    member inflated once, and a file unchanged since an earlier run not read at all.

    The clause files share their styles, theme and numbering byte for byte (about 1 MiB
    of distinct content in 43 MiB inflated): a member whose compressed bytes, method, flags,
    CRC and sizes are those of a member already inflated inflates to the same bytes, so its
    hash is taken from it — the same digests as inflating everything, in a tenth of the time.
    A regular file whose status is the one ``statcache`` recorded has its recorded digest.
    """

    def __init__(self, cache: StatCache) -> None:
        self._cache = cache
        self._files: dict[Path, str | None] = {}
        self._members: dict[MemberKey, bytes] = {}

    def docx(self, path: Path, st: os.stat_result | None = None) -> str | None:
        if st is None:
            try:
                st = os.stat(path)
            except OSError:  # no such file, a link loop: docx_digest says which
                return self._docx(path)
        if not stat.S_ISREG(st.st_mode):  # a FIFO, a device: never opened, never recorded
            return self._docx(path)
        return self._cache.digest(os.path.abspath(path), st, lambda: self._docx(path))

    def _docx(self, path: Path) -> str | None:
        key = Path(os.path.realpath(path))  # never raises: a link loop is docx_digest's to refuse
        if key not in self._files:
            from .docx_digest import docx_digest  # here: a no-op re-run reads no zip

            self._files[key] = docx_digest(path, self._members)
        return self._files[key]

    def _content(self, path: str, docx: bool) -> str | None:
        # a file other than a .docx is streamed: a huge one is not read whole
        return self._docx(Path(path)) if docx else file_sha256(Path(path))

    def tree(self, root: Path, suffixes: tuple[str, ...] | None = None) -> str:
        h = hashlib.sha256()
        for parts, path, st in _regular_files(root):
            suffix = _suffix(parts[-1])
            if suffixes is not None and suffix not in suffixes:
                continue
            digest = self._cache.digest(path, st, partial(self._content, path, suffix == ".docx"))
            h.update("/".join(parts).encode("utf-8") + b"\0" + bytes.fromhex(digest or ""))
        return h.hexdigest()


def _suffix(name: str) -> str:
    """``PurePath(name).suffix``."""
    i = name.rfind(".")
    return name[i:] if 0 < i < len(name) - 1 else ""


_Found = tuple[tuple[str, ...], str, os.stat_result]  # relative parts, absolute path, status


def _regular_files(root: Path) -> list[_Found]:
    """The files ``sorted(root.rglob("*"))`` yields that are regular (links followed), with
    their status, outside ``__pycache__``: one ``scandir`` a folder, one ``stat`` a file.
    As ``rglob``, a link to a folder is not walked, nor an unreadable folder."""
    found: list[_Found] = []

    def walk(folder: str, parts: tuple[str, ...]) -> None:
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except PermissionError:
            return
        for entry in entries:
            if entry.name == "__pycache__":
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    walk(entry.path, (*parts, entry.name))
                    continue
                st = os.stat(entry.path)
            except OSError:  # a broken link, a loop: not a file
                continue
            if stat.S_ISREG(st.st_mode):
                found.append(((*parts, entry.name), entry.path, st))

    if "__pycache__" not in root.parts and root.is_dir():
        walk(os.path.abspath(root), ())
    found.sort(key=lambda item: item[0])
    return found


def _package() -> Path:
    return Path(__file__).resolve().parents[1]


def _code(digests: _Digests) -> str:
    return hashlib.sha256(
        __version__.encode()
        + b"\0"
        + digests.tree(_package(), (".py",)).encode()
        + b"\0"
        + (file_sha256(schemas_dir() / SCHEMA_NAME) or "").encode()
    ).hexdigest()


def code_fingerprint() -> str:
    """``Fingerprints.code`` alone — actegen's version, code and case schema — without the
    templates (the replayed command lines are recorded under it, ``cli.replay``)."""
    cache = StatCache(cache_file())
    code = _code(_Digests(cache))
    cache.save()
    return code


@dataclass(frozen=True)
class Fingerprints:
    """Hashes of what every case shares: actegen's code, its parameters, the templates."""

    code: str  # version + every .py of actegen + the case schema
    parameters: str  # src/actegen/parameters/
    templates: str  # the templates folder and the shipped clause library
    template_files: dict[str, str]  # per document template: its content

    @classmethod
    def of(cls, directory: Path) -> Fingerprints:
        package = _package()
        cache = StatCache(cache_file())
        digests = _Digests(cache)
        code = _code(digests)
        # A template or a clause missing from --templates DIR is taken from the shipped set.
        # Only the Word files fill documents: their text dumps (NAME.docx.txt) and the
        # notary's guide (LISEZMOI.md) may change without re-rendering anything.
        templates = hashlib.sha256(
            (
                digests.tree(directory, (".docx",)) + "\0" + digests.tree(shipped_templates_dir(), (".docx",))
            ).encode()
        ).hexdigest()
        # Clause files reach a document through its context (rendered fragments), which is
        # hashed per document: a changed clause re-renders only the actes that carry it.
        template_files = {
            p.name: digests.docx(p) or "" for p in sorted(shipped_templates_dir().glob("*.docx"))
        }
        template_files.update({p.name: digests.docx(p) or "" for p in sorted(directory.glob("*.docx"))})
        parameters = digests.tree(package / "parameters")
        cache.save()
        return cls(code, parameters, templates, template_files)

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
