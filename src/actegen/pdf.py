"""DOCX → PDF/A with LibreOffice headless, for the notaries' electronic archive.

The archive accepts only PDF/A-1: ``--pdf`` writes PDF/A-1 (LibreOffice's filter option
``SelectPdfVersion`` = 1), PDF/A-2b (2) or plain PDF (0) on request, every font embedded.
Title, author (the office), subject and dates come from the DOCX's core properties, which
the render stage fills from the case; LibreOffice carries them into the PDF and its XMP.

Two converters share one contract, ``convert(docx_paths, outdir, progress=None)``:

- ``convert_to_pdf``: today's batch call, ``soffice --convert-to`` several documents per
  process (start-up dominates), a fresh profile per process, a time limit per process;
- ``pdf_pool.OfficePool``: long-lived LibreOffice processes driven over UNO (faster), used
  when a Python with ``uno`` is found (``pdf_pool.choose_converter``).

Each PDF is then made reproducible (``settle``): LibreOffice stamps the export time in the
PDF's creation date, its XMP, its ICC colour profile and its /ID; ``settle`` replaces them
with the DOCX's own date and an /ID computed from the content, so two conversions of one
DOCX give the same bytes. ``pdf_stage.PdfStage`` converts a case's documents in a thread
while the next cases render. Without LibreOffice, a ``RenderError`` says how to install it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import zipfile
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pikepdf

from .errors import RenderError
from .pdf_stage import Progress

BATCH = 12
"""Documents per LibreOffice process of the batch call: its start-up is paid once per batch."""

VERSIONS = {"a1": 1, "a2": 2, "plain": 0}
"""``--pdf-version`` → LibreOffice's ``SelectPdfVersion``: PDF/A-1 (the archive's), PDF/A-2b, plain."""

INSTALL = (
    "LibreOffice est introuvable (commande « soffice ») : il faut l'installer pour produire les PDF — "
    "sous Debian ou Ubuntu : « sudo apt-get install libreoffice-writer-nogui » ; sinon depuis "
    "https://www.libreoffice.org/download/ (puis mettre « soffice » dans le PATH). "
    "Les documents DOCX, eux, ne demandent pas LibreOffice."
)


def find_soffice() -> str | None:
    """The LibreOffice executable on the PATH (``soffice``, or ``libreoffice`` on some systems)."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def filter_options(version: int) -> dict[str, object]:
    """writer_pdf_Export's options: the PDF version, every font embedded (PDF/A requires it)."""
    return {
        "SelectPdfVersion": version,
        "EmbedStandardFonts": True,
        "UseTaggedPDF": version != 0,
        "ExportBookmarks": True,
    }


def filter_argument(version: int) -> str:
    """The same options for ``soffice --convert-to`` (JSON form, LibreOffice ≥ 7.4)."""
    types = {bool: "boolean", int: "long"}
    options = {
        name: {
            "type": types[type(value)],
            "value": str(value).lower() if isinstance(value, bool) else str(value),
        }
        for name, value in filter_options(version).items()
    }
    return "pdf:writer_pdf_Export:" + json.dumps(options, separators=(",", ":"))


def check_inputs(docx_paths: list[Path]) -> tuple[str, list[Path]]:
    """LibreOffice's executable and the paths; a ``RenderError`` for what cannot be converted."""
    paths = [Path(p) for p in docx_paths]
    soffice = find_soffice()
    if soffice is None:
        raise RenderError(INSTALL)
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise RenderError(f"document introuvable, conversion en PDF impossible : {', '.join(missing)}")
    stems = [p.stem for p in paths]
    twins = sorted({s for s in stems if stems.count(s) > 1})
    if twins:
        raise RenderError(f"deux documents donneraient le même PDF : {', '.join(t + '.pdf' for t in twins)}")
    return soffice, paths


def convert_to_pdf(
    docx_paths: list[Path],
    outdir: Path,
    *,
    timeout: int = 120,
    version: int = 1,
    progress: Progress | None = None,
) -> list[Path]:
    """Convert each DOCX into ``outdir/<same name>.pdf`` with ``soffice --convert-to``;
    return the PDF paths, in order.

    ``timeout``: seconds allowed to each LibreOffice process (one batch of documents).
    Raises ``RenderError`` (in French) when LibreOffice is missing, a file does not exist,
    two inputs would give the same PDF name, or a conversion fails or times out; then no
    PDF is moved into ``outdir`` (a failed run never leaves a stale PDF looking new).
    """
    if not docx_paths:
        return []
    soffice, paths = check_inputs(docx_paths)
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    batches = [paths[i : i + BATCH] for i in range(0, len(paths), BATCH)]
    with tempfile.TemporaryDirectory(prefix="actegen-pdf-") as work:
        staging = Path(work) / "pdf"
        staging.mkdir()
        jobs = [
            (soffice, batch, staging, Path(work) / f"profil-{n}", timeout, version)
            for n, batch in enumerate(batches)
        ]

        def run(job: tuple[str, list[Path], Path, Path, int, int]) -> str | None:
            error = _run(*job)
            if progress is not None:
                progress(len(job[1]))
            return error

        with ThreadPoolExecutor(max_workers=max(1, min(2, os.cpu_count() or 1, len(jobs)))) as pool:
            errors = [e for e in pool.map(run, jobs) if e]
        if errors:
            raise RenderError("; ".join(errors))
        produced = [staging / f"{p.stem}.pdf" for p in paths]
        failed = [p.name for p, pdf in zip(paths, produced) if not pdf.is_file() or pdf.stat().st_size == 0]
        if failed:
            raise RenderError(f"LibreOffice n'a pas produit de PDF pour : {', '.join(failed)}")
        for docx, pdf in zip(paths, produced):
            settle(pdf, docx)
        out = []
        for pdf in produced:
            target = outdir / pdf.name
            shutil.move(str(pdf), str(target))
            out.append(target)
    return out


class BatchConverter:
    """``convert_to_pdf`` with its version, as a ``Converter``."""

    description = "LibreOffice en lot (soffice --convert-to, un processus par lot de documents)"

    def __init__(self, version: int = 1, timeout: int = 120):
        self.version = version
        self.timeout = timeout

    def __call__(self, paths: list[Path], outdir: Path, progress: Progress | None = None) -> list[Path]:
        return convert_to_pdf(paths, outdir, timeout=self.timeout, version=self.version, progress=progress)

    def close(self, *, kill: bool = False) -> None:
        """Nothing lives on between calls."""


_CREATED = re.compile(rb"<dcterms:created[^>]*>([^<]+)</dcterms:created>")


def created_of(docx: Path) -> datetime:
    """The DOCX's creation date (set from the case by the render stage), in UTC."""
    try:
        with zipfile.ZipFile(docx) as z:
            found = _CREATED.search(z.read("docProps/core.xml"))
        if found:
            return datetime.fromisoformat(found.group(1).decode().strip().replace("Z", "+00:00")).astimezone(
                UTC
            )
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        pass
    return datetime(2000, 1, 1, tzinfo=UTC)  # a DOCX without dates: still the same bytes each time


def settle(pdf_path: Path, docx: Path) -> None:
    """Replace what LibreOffice stamps from the clock (creation date in the Info dictionary
    and the XMP, the ICC profile's header date, /ID, its /DocChecksum) by values from the
    DOCX: two conversions of one DOCX then give the same bytes."""
    try:
        _settle(pdf_path, created_of(docx))
    except (pikepdf.PdfError, OSError) as exc:
        raise RenderError(f"{docx.name} : PDF illisible après conversion ({exc})") from None


def _settle(pdf_path: Path, stamp: datetime) -> None:
    with pikepdf.open(pdf_path, allow_overwriting_input=True) as pdf:
        pdf.docinfo["/CreationDate"] = pikepdf.String(stamp.strftime("D:%Y%m%d%H%M%SZ"))
        if "/ModDate" in pdf.docinfo:
            pdf.docinfo["/ModDate"] = pikepdf.String(stamp.strftime("D:%Y%m%d%H%M%SZ"))
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            for key in ("xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"):
                if key in meta:
                    meta[key] = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
        fields = (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
        for intent in pdf.Root.get("/OutputIntents", []):
            profile = intent.get("/DestOutputProfile")
            if isinstance(profile, pikepdf.Stream):
                data = bytearray(profile.read_bytes())
                if len(data) >= 36:  # ICC header: bytes 24–35 are its creation date
                    data[24:36] = b"".join(v.to_bytes(2, "big") for v in fields)
                    profile.write(bytes(data))
        for key in ("/ID", "/DocChecksum"):
            if key in pdf.trailer:
                del pdf.trailer[key]
        pdf.save(pdf_path, deterministic_id=True)


def _run(
    soffice: str, batch: list[Path], staging: Path, profile: Path, timeout: int, version: int = 1
) -> str | None:
    """One LibreOffice process with its own profile; the error message, or None."""
    profile.mkdir()
    command = [
        soffice,
        f"-env:UserInstallation={profile.resolve().as_uri()}",
        "--headless",
        "--invisible",
        "--norestore",
        "--nologo",
        "--nodefault",
        "--nolockcheck",
        "--convert-to",
        filter_argument(version),
        "--outdir",
        str(staging),
        *(str(p.resolve()) for p in batch),
    ]
    env = dict(os.environ)
    env["HOME"] = str(profile)  # nothing written in the user's home
    try:
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True
        )
    except OSError as exc:
        return f"LibreOffice n'a pas pu être lancé ({exc.strerror or exc})"
    try:
        _out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_session(process)
        names = ", ".join(p.name for p in batch)
        return f"LibreOffice n'a pas fini de convertir en {timeout} s ({names}) : conversion abandonnée"
    if process.returncode != 0:
        detail = err.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"code {process.returncode}"]
        return f"LibreOffice a échoué ({detail[0][:200]}) pour : {', '.join(p.name for p in batch)}"
    return None


def kill_session(process: subprocess.Popen) -> None:
    """Kill a process and the processes it started (its session)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        process.kill()
    process.communicate()
