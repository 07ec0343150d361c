"""The LibreOffice pool: a document that hangs or breaks fails alone with a French message
and the others go on; a crashed LibreOffice is replaced; a worker is recycled after N
documents; without a Python that has ``uno``, the batch call is used. And the PDF stage:
each PDF is a unit of the progress bar, converted beside the render.
"""

from __future__ import annotations

import os
import shutil
import signal
import time
from pathlib import Path

import pytest

from actegen import pdf, pdf_pool
from actegen.pdf import BatchConverter
from actegen.pdf_stage import PdfError, PdfStage
from actegen.pipeline import SetOptions, render_set

from .helpers import GIRIMBELLES

needs_uno = pytest.mark.skipif(
    pdf.find_soffice() is None or pdf_pool.uno_python() is None,
    reason="LibreOffice ou python3-uno absent : le pool LibreOffice n'est pas testé ici",
)


def _pool(**kwargs: int) -> pdf_pool.OfficePool:
    soffice, python = pdf.find_soffice(), pdf_pool.uno_python()
    assert soffice and python
    return pdf_pool.OfficePool(soffice, python, **kwargs)


def _two_docx(shipped_render: dict[str, Path]) -> list[Path]:
    """Two short documents: the bulletin and the operation's note de calcul of the PSLA case."""
    folder = shipped_render["psla-coop-2024"]
    return [*folder.glob("bulletin*.docx"), folder / "note-de-calcul_psla-coop-2024.docx"]


@needs_uno
def test_a_broken_document_fails_alone_and_the_others_are_converted(tmp_path: Path, shipped_render):
    good = sorted(shipped_render["vente-hlm-2023"].glob("acte*.docx"))[0]
    broken = tmp_path / "casse.docx"
    broken.write_bytes(b"PK\x03\x04 not a zip at all")
    with _pool(workers=1) as pool, pytest.raises(PdfError) as info:
        pool([broken, good], tmp_path / "pdf")
    message = str(info.value)
    assert message.startswith("casse.docx : LibreOffice n'a pas pu le convertir ("), message
    assert [p.name for p in info.value.done] == [good.stem + ".pdf"]
    assert (tmp_path / "pdf" / (good.stem + ".pdf")).read_bytes().startswith(b"%PDF")
    assert not (tmp_path / "pdf" / "casse.pdf").exists()


@needs_uno
def test_a_document_over_its_time_limit_kills_libreoffice_and_the_next_gets_a_fresh_one(
    tmp_path: Path, shipped_render
):
    first, second = _two_docx(shipped_render)
    with _pool(workers=1, timeout=120) as pool:
        office = pool.offices[0]
        assert office.convert(first, tmp_path / "a.pdf", 1) is None  # started, warm
        office.timeout = 0  # no document converts in no time
        started = time.monotonic()
        error = office.convert(second, tmp_path / "b.pdf", 1)
        assert error == (
            f"{second.name} : LibreOffice n'a pas fini de le convertir en 0 s ; "
            "conversion abandonnée (les autres documents continuent)"
        )
        assert office.office is None and time.monotonic() - started < 30  # killed, not awaited
        office.timeout = 120
        assert office.convert(second, tmp_path / "b.pdf", 1) is None
        assert office.generation == 2


@needs_uno
def test_a_crashed_libreoffice_is_replaced_and_one_is_recycled_after_n_documents(
    tmp_path: Path, shipped_render
):
    first, second = _two_docx(shipped_render)
    with _pool(workers=1, recycle=2) as pool:
        office = pool.offices[0]
        assert office.convert(first, tmp_path / "1.pdf", 1) is None
        assert office.office is not None
        os.killpg(office.office.pid, signal.SIGKILL)  # LibreOffice dies between two documents
        assert office.convert(second, tmp_path / "2.pdf", 1) is None
        assert office.generation == 2 and office.converted == 1
        assert office.convert(first, tmp_path / "3.pdf", 1) is None
        assert office.convert(second, tmp_path / "4.pdf", 1) is None  # the third on one LibreOffice
        assert office.generation == 3
        profile = office.profile
        assert profile is not None and profile.is_dir()
    assert not profile.exists()  # closing the pool removes the profiles
    assert all((tmp_path / f"{n}.pdf").read_bytes().startswith(b"%PDF") for n in range(1, 5))


def test_without_a_python_that_has_uno_the_batch_call_is_used(monkeypatch):
    monkeypatch.setattr(pdf_pool, "uno_python", lambda: None)
    converter = pdf_pool.choose_converter(2, 2)
    assert isinstance(converter, BatchConverter) and converter.version == 2
    assert "soffice --convert-to" in converter.description


def test_each_pdf_is_a_unit_of_progress_and_converts_in_the_stage(tmp_path: Path):
    """The stage's ticks: one more unit per PDF announced, one done per PDF converted, in
    a thread other than the render's; the bar's total is then documents + PDFs."""
    import threading

    threads: set[str] = set()

    class Fake:
        description = "faux"

        def __call__(self, paths: list[Path], outdir: Path, progress=None) -> list[Path]:
            threads.add(threading.current_thread().name)
            made = []
            for p in paths:
                made.append(outdir / (p.stem + ".pdf"))
                made[-1].write_bytes(b"%PDF-1.4\n")
                if progress:
                    progress(1)
            return made

        def close(self, *, kill: bool = False) -> None:
            pass

    ticks: list[tuple[int, int]] = []
    with PdfStage(Fake(), lambda done, more: ticks.append((done, more))) as stage:
        report = render_set([GIRIMBELLES], SetOptions(tmp_path, jobs=1, pdf=stage), stage.tick)
    docs = len(list(tmp_path.glob("*/*.docx")))
    assert report.cases[0].ok and len(report.cases[0].pdfs) == docs == len(list(tmp_path.glob("*/*.pdf")))
    assert sum(m for _d, m in ticks) == sum(d for d, _m in ticks) == 2 * docs
    assert threads == {"actegen-pdf"}


def test_a_failed_conversion_in_the_stage_becomes_the_cases_error(tmp_path: Path):
    class Failing:
        description = "en échec"

        def __call__(self, paths: list[Path], outdir: Path, progress=None) -> list[Path]:
            raise PdfError("acte.docx : LibreOffice n'a pas pu le convertir (x)", [])

        def close(self, *, kill: bool = False) -> None:
            pass

    ticks: list[tuple[int, int]] = []
    with PdfStage(Failing(), lambda done, more: ticks.append((done, more))) as stage:
        report = render_set([GIRIMBELLES], SetOptions(tmp_path, jobs=1, pdf=stage))
    assert "LibreOffice n'a pas pu le convertir" in str(report.cases[0].error)
    assert sum(m for _d, m in ticks) == sum(d for d, _m in ticks) > 0  # the bar still ends full


@needs_uno
def test_an_interrupted_stage_stops_its_libreoffice_at_once(tmp_path: Path, shipped_render):
    from actegen.build.report import CaseOutcome

    copy = tmp_path / "girimbelles"
    shutil.copytree(shipped_render["girimbelles-1993"], copy)  # the session's render stays read-only
    docx = sorted(copy.glob("*.docx"))
    pool = _pool(workers=1)
    stage = PdfStage(pool)
    outcome = CaseOutcome(copy / "dossier.yaml", output=copy)
    stage.submit(outcome, docx)
    deadline = time.monotonic() + 60
    while pool.offices[0].converted == 0 and time.monotonic() < deadline:
        time.sleep(0.2)  # converting
    started = time.monotonic()
    stage.close(abort=True)  # what Ctrl+C does (the CLI's ExitStack)
    assert time.monotonic() - started < 20
    assert all(o.office is None and o.client is None for o in pool.offices)
    assert 0 < len(list(copy.glob("*.pdf"))) < len(docx)
    assert "conversion interrompue" in str(outcome.error)
    assert not pool._work.exists()
