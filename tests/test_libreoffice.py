"""Every generated DOCX of every shipped case converts with real LibreOffice (headless, one
fresh profile per process, a time limit), and its PDF reads back with the expected text.

The conversion tests skip when LibreOffice or poppler's ``pdftotext`` is missing (CI installs
them: ``.ci/run``); the tests of ``actegen.pdf``'s failures run everywhere.
"""

from __future__ import annotations

import re
import shutil
import stat
import subprocess
import time
from pathlib import Path

import pytest

from actegen import pdf
from actegen.errors import RenderError

from .helpers import CASES

SHIPPED = sorted(p.stem for p in CASES.glob("*.yaml"))
needs_libreoffice = pytest.mark.skipif(
    pdf.find_soffice() is None or shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
    reason="LibreOffice (soffice) ou poppler (pdftotext, pdfinfo) absent : conversion PDF non testée ici "
    "(apt-get install libreoffice-writer-nogui poppler-utils ; la CI les installe)",
)


def _plain(text: str) -> str:
    """PDF text with every kind of space made one space (the documents use U+202F and U+00A0)."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


def pdf_text(path: Path) -> str:
    out = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True, timeout=60, check=True
    )
    return _plain(out.stdout.decode("utf-8"))


def page_sizes(path: Path) -> list[tuple[float, float]]:
    out = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "999", str(path)], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", out)]


@pytest.fixture(scope="module")
def converted(tmp_path_factory, shipped_render: dict[str, Path]) -> dict[str, dict[str, Path]]:
    """case → {docx name → pdf path}, all shipped cases (rendered once per session) converted."""
    root = tmp_path_factory.mktemp("libreoffice")
    out: dict[str, dict[str, Path]] = {}
    started = time.monotonic()
    assert sorted(shipped_render) == SHIPPED
    for case in SHIPPED:
        docx = sorted(shipped_render[case].glob("*.docx"))
        pdfs = pdf.convert_to_pdf(docx, root / "pdf" / case, timeout=240)
        out[case] = {d.name: p for d, p in zip(docx, pdfs, strict=True)}
    elapsed = time.monotonic() - started
    print(f"\nLibreOffice : {sum(len(v) for v in out.values())} documents convertis en {elapsed:.1f} s")
    return out


@pytest.mark.slow
@needs_libreoffice
def test_every_document_of_every_shipped_case_converts(converted: dict[str, dict[str, Path]]):
    assert set(converted) == set(SHIPPED)
    for case, docs in converted.items():
        assert docs, case
        for name, path in docs.items():
            assert path.name == name.removesuffix(".docx") + ".pdf"
            assert path.is_file() and path.read_bytes().startswith(b"%PDF"), (case, name)
            body = pdf_text(path)
            assert body.strip(), (case, name)
            for hole in ("{{", "{%", "None", "page sur"):
                assert hole not in body, (case, name, hole)
            total = len(page_sizes(path))
            assert f"page 1 sur {total}" in body, (case, name)  # the footer's fields, updated by LibreOffice
            family = name.split("_")[0]
            expected = {
                "acte-de-vente": "Dont acte",
                # the 1993 délibération is a reconstitution, never a certified extract
                "deliberation": "Reconstitution — document non certifié"
                if case == "girimbelles-1993"
                else "Pour extrait certifié conforme",
                "bulletin-assurance-revente": "Faculté de renonciation".upper(),
                "convention-caf": "Article 9 — Résiliation".upper(),
                "note-de-calcul": "NOTE DE CALCUL",
            }[family]
            assert expected.lower() in body.lower(), (case, name, expected)


@pytest.mark.slow
@needs_libreoffice
def test_pdf_text_states_amounts_in_letters_and_figures(converted: dict[str, dict[str, Path]]):
    acte = pdf_text(converted["girimbelles-1993"]["acte-de-vente_lot-01_GRONDIN.docx"])
    assert "CENT SOIXANTE-DEUX MILLE SIX CENT QUATRE-VINGT-DIX FRANCS (162 690,00 F)" in acte
    psla = pdf_text(converted["psla-coop-2024"]["acte-de-vente_lot-B12_GUERIN.docx"])
    assert "CENT QUATRE-VINGT-NEUF MILLE QUATRE CENTS EUROS (189 400,00 EUR)" in psla
    assert "6 du 02/04/2029 au 01/04/2030 97,5 % 184 665,00 €" in psla  # a row of the buy-back table
    vefa = pdf_text(converted["vefa-accession-2025"]["bulletin-assurance-revente_lot-A23_BENALI.docx"])
    assert "240,00 € TTC (deux cent quarante euros)" in vefa
    convention = pdf_text(converted["girimbelles-1993"]["convention-caf_lot-01_GRONDIN.docx"])
    # the AL of year 1 and the household's constant share of the smoothed schedule
    assert "997,00 F" in convention
    assert "1 241,71 F" in convention


@pytest.mark.slow
@needs_libreoffice
def test_wide_tables_are_on_landscape_pages(converted: dict[str, dict[str, Path]]):
    for case, name in (
        ("girimbelles-1993", "deliberation_93-4-18.docx"),
        ("portage-sevran-2016", "deliberation_DEL-2016-042.docx"),
    ):
        sizes = page_sizes(converted[case][name])
        assert sizes[0][0] < sizes[0][1], name  # the délibération: portrait
        assert sizes[-1][0] > sizes[-1][1], name  # its annexes: landscape
    note = page_sizes(converted["psla-coop-2024"]["note-de-calcul_psla-coop-2024.docx"])
    assert all(w > h for w, h in note)


# --- failures, everywhere ----------------------------------------------------------------------


def test_missing_libreoffice_says_how_to_install_it(monkeypatch, tmp_path: Path):
    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    docx = tmp_path / "a.docx"
    docx.write_bytes(b"x")
    with pytest.raises(RenderError) as info:
        pdf.convert_to_pdf([docx], tmp_path / "pdf")
    message = str(info.value)
    assert "LibreOffice est introuvable" in message
    assert "apt-get install libreoffice-writer-nogui" in message and "libreoffice.org" in message


def _fake_soffice(tmp_path: Path, body: str) -> str:
    script = tmp_path / "soffice"
    script.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


def test_a_conversion_that_hangs_is_killed_at_its_time_limit(monkeypatch, tmp_path: Path):
    monkeypatch.setattr(pdf, "find_soffice", lambda: _fake_soffice(tmp_path, "sleep 30"))
    docx = tmp_path / "a.docx"
    docx.write_bytes(b"x")
    started = time.monotonic()
    with pytest.raises(RenderError, match="n'a pas fini de convertir en 1 s"):
        pdf.convert_to_pdf([docx], tmp_path / "pdf", timeout=1)
    assert time.monotonic() - started < 15
    assert not (tmp_path / "pdf" / "a.pdf").exists()


def test_each_process_gets_its_own_profile_and_a_failure_leaves_no_pdf(monkeypatch, tmp_path: Path):
    log = tmp_path / "arguments.txt"
    monkeypatch.setattr(pdf, "find_soffice", lambda: _fake_soffice(tmp_path, f'echo "$@" >> {log}; exit 3'))
    docs = []
    for i in range(pdf.BATCH + 1):
        docs.append(tmp_path / f"doc{i}.docx")
        docs[-1].write_bytes(b"x")
    with pytest.raises(RenderError, match="LibreOffice a échoué"):
        pdf.convert_to_pdf(docs, tmp_path / "pdf")
    calls = log.read_text(encoding="utf-8").splitlines()
    assert len(calls) == 2  # two batches
    profiles = {re.search(r"-env:UserInstallation=(\S+)", c).group(1) for c in calls}
    assert len(profiles) == 2 and all(p.startswith("file:///") for p in profiles)
    assert all("--headless" in c and "--convert-to pdf" in c for c in calls)
    assert not list((tmp_path / "pdf").glob("*.pdf"))


def test_two_inputs_with_the_same_pdf_name_are_refused(tmp_path: Path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "acte.docx").write_bytes(b"x")
    if pdf.find_soffice() is None:
        pytest.skip("LibreOffice absent : le contrôle des noms suit celui de l'installation")
    with pytest.raises(RenderError, match=r"deux documents donneraient le même PDF : acte\.pdf"):
        pdf.convert_to_pdf([tmp_path / "a" / "acte.docx", tmp_path / "b" / "acte.docx"], tmp_path / "pdf")
