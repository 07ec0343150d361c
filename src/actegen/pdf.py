"""DOCX → PDF with LibreOffice headless, for offices that file or send PDFs.

``convert_to_pdf(docx_paths, outdir, timeout=120)`` runs ``soffice --headless --convert-to
pdf``. Each LibreOffice process gets its own fresh profile folder
(``-env:UserInstallation=file://…``), so that conversions never share or lock a profile
(two at once, or beside a LibreOffice the user has open) and never depend on the user's
settings; each process has a time limit, after which it is killed with its children.
Documents are converted several per process (LibreOffice's start-up dominates), in batches
of at most ``BATCH`` files, up to two processes at a time. The PDFs are written into a
temporary folder and moved into ``outdir`` only once they all exist, so a failed run never
leaves a stale PDF looking new.

Without LibreOffice, a ``RenderError`` says how to install it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ActegenError, RenderError

if TYPE_CHECKING:
    from .build.report import CaseOutcome

BATCH = 12
"""Documents per LibreOffice process: its start-up (a few seconds) is paid once per batch."""

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


def convert_to_pdf(docx_paths: list[Path], outdir: Path, *, timeout: int = 120) -> list[Path]:
    """Convert each DOCX into ``outdir/<same name>.pdf``; return the PDF paths, in order.

    ``timeout``: seconds allowed to each LibreOffice process (one batch of documents).
    Raises ``RenderError`` (in French) when LibreOffice is missing, a file does not exist,
    two inputs would give the same PDF name, or a conversion fails or times out.
    """
    paths = [Path(p) for p in docx_paths]
    if not paths:
        return []
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
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    batches = [paths[i : i + BATCH] for i in range(0, len(paths), BATCH)]
    with tempfile.TemporaryDirectory(prefix="actegen-pdf-") as work:
        staging = Path(work) / "pdf"
        staging.mkdir()
        jobs = [
            (soffice, batch, staging, Path(work) / f"profil-{n}", timeout) for n, batch in enumerate(batches)
        ]
        with ThreadPoolExecutor(max_workers=max(1, min(2, os.cpu_count() or 1, len(jobs)))) as pool:
            errors = [e for e in pool.map(lambda job: _run(*job), jobs) if e]
        if errors:
            raise RenderError("; ".join(errors))
        produced = [staging / f"{p.stem}.pdf" for p in paths]
        failed = [p.name for p, pdf in zip(paths, produced) if not pdf.is_file() or pdf.stat().st_size == 0]
        if failed:
            raise RenderError(f"LibreOffice n'a pas produit de PDF pour : {', '.join(failed)}")
        out = []
        for pdf in produced:
            target = outdir / pdf.name
            shutil.move(str(pdf), str(target))
            out.append(target)
    return out


def make_pdfs(outcome: CaseOutcome, convert: Callable[[list[Path], Path], list[Path]] | None) -> None:
    """PDFs beside the DOCX written in this run, and beside any DOCX that has none yet;
    a conversion's failure becomes the case's error."""
    target = outcome.output
    if convert is None or target is None or not outcome.ok:
        return
    produced = set(outcome.written) | {new for _edited, new, written in outcome.beside if written}
    current = set(outcome.unchanged) | {new for _edited, new, written in outcome.beside if not written}
    todo = sorted(produced | {n for n in current if not (target / n).with_suffix(".pdf").is_file()})
    todo = [n for n in todo if (target / n).is_file()]
    if not todo:
        return
    try:
        outcome.pdfs = list(convert([target / n for n in todo], target))
    except ActegenError as exc:
        outcome.error = exc


def _run(soffice: str, batch: list[Path], staging: Path, profile: Path, timeout: int) -> str | None:
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
        "pdf:writer_pdf_Export",
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
        _kill(process)
        names = ", ".join(p.name for p in batch)
        return f"LibreOffice n'a pas fini de convertir en {timeout} s ({names}) : conversion abandonnée"
    if process.returncode != 0:
        detail = err.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"code {process.returncode}"]
        return f"LibreOffice a échoué ({detail[0][:200]}) pour : {', '.join(p.name for p in batch)}"
    return None


def _kill(process: subprocess.Popen) -> None:
    """Kill LibreOffice and the processes it started (its session)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        process.kill()
    process.communicate()
