"""LibreOffice opens the merged files and resolves their tracked changes itself: its « accept
all » gives the text ``accept.resolve`` predicts (the notary's edits plus the case's new
figures), its « reject all » the notary's text.

LibreOffice runs headless with a Basic macro (no Python-UNO in the test environment): the
macro, written into the test's own profile, loads the document hidden, dispatches
``.uno:AcceptAllTrackedChanges`` (or ``RejectAll…``) and stores it as DOCX. LibreOffice 7.4
aborts on its way out after a macro loaded a document (« terminate called after throwing
… NoSuchElementException »), after the file is stored: the test checks the file, not the
exit status.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from lxml import etree

from actegen.accept import resolve
from actegen.audit import audit
from actegen.docx_lines import document_lines
from actegen.merge import merge
from actegen.pdf import find_soffice
from actegen.pipeline import render_case

from .helpers import CASES, libreoffice_convert, run_cli
from .test_merge import make
from .test_sets_render import ID, acte, change_lot_3, copy_case

MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub Resolve(inPath As String, outPath As String, how As String)
  Dim load(0) As New com.sun.star.beans.PropertyValue
  load(0).Name = &quot;Hidden&quot;
  load(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(inPath), &quot;_blank&quot;, 0, load())
  helper = createUnoService(&quot;com.sun.star.frame.DispatchHelper&quot;)
  helper.executeDispatch(doc.getCurrentController().getFrame(), how, &quot;&quot;, 0, Array())
  Dim store(0) As New com.sun.star.beans.PropertyValue
  store(0).Name = &quot;FilterName&quot;
  store(0).Value = &quot;MS Word 2007 XML&quot;
  doc.storeToURL(ConvertToURL(outPath), store())
  doc.close(True)
End Sub
</script:module>
"""

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def office(tmp_path_factory) -> tuple[str, Path]:
    """soffice and a profile holding the macro (made by a first start)."""
    soffice = find_soffice()
    if soffice is None:
        pytest.skip("LibreOffice (soffice) absent")
    profile = tmp_path_factory.mktemp("profil-lo")
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--terminate_after_init"],
        check=False,
        capture_output=True,
        timeout=240,
    )
    module = profile / "user" / "basic" / "Standard" / "Module1.xba"
    assert module.is_file(), "LibreOffice n’a pas créé son profil"
    module.write_text(MACRO, encoding="utf-8")
    return soffice, profile


def libreoffice(office: tuple[str, Path], source: Path, accept: bool) -> list[str]:
    """The body of ``source`` once LibreOffice accepted (or rejected) every change (the
    file is left beside the profile, for a closer look)."""
    soffice, profile = office
    out = profile.parent / f"{source.stem}.{'accepte' if accept else 'refuse'}.docx"
    out.unlink(missing_ok=True)
    how = ".uno:AcceptAllTrackedChanges" if accept else ".uno:RejectAllTrackedChanges"
    assert not re.search(r'["\s]', f"{source}{out}"), "chemins sans guillemets ni espaces pour la macro"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            f'macro:///Standard.Module1.Resolve("{source}","{out}","{how}")',
        ],
        check=False,
        capture_output=True,
        timeout=240,
    )
    assert out.is_file(), "la macro LibreOffice n’a rien écrit"
    return body(out)


_PAGES = re.compile(r"(nombre de pages\u00a0: )\d+")


def body(path: Path, accept: bool | None = None) -> list[str]:
    """The text of a document; the clôture's page count is a NUMPAGES field whose stored value
    each editor recomputes at layout, so it is left out of the comparison."""
    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    if accept is not None:
        root = resolve(root, accept=accept)
    return [_PAGES.sub(r"\1N", line) for line in document_lines({"word/document.xml": root})]


def test_libreoffice_accepts_and_rejects_a_merge_as_predicted(office, tmp_path: Path):
    base = make(
        tmp_path / "base.docx", ["Le prix est de 100 000 euros.", "Clause B.", "Clause C."], [["a", "1 €"]]
    )
    ours = make(
        tmp_path / "ours.docx",
        ["Le prix est de 100 000 euros, payé comptant.", "Clause C.", "Ajout du notaire."],
        [["a mensuel", "1 €"]],
    )
    theirs = make(
        tmp_path / "theirs.docx",
        ["Le prix est de 120 000 euros.", "Clause B.", "Nouvelle clause.", "Clause C."],
        [["a", "2 €"]],
    )
    out = tmp_path / "fusion.docx"
    assert merge(base, ours, theirs, out).conflicts == []
    accepted = libreoffice(office, out, accept=True)
    assert accepted == body(out, accept=True)
    assert accepted[0] == "Le prix est de 120 000 euros, payé comptant."
    assert "[tableau 1, ligne 1, cellule 2] 2 €" in accepted
    assert libreoffice(office, out, accept=False) == body(ours)


def test_libreoffice_accepts_the_new_price_into_an_edited_acte(office, tmp_path: Path):
    case = tmp_path / "psla.yaml"
    text = (CASES / "psla-coop-2024.yaml").read_text(encoding="utf-8")
    case.write_text(text, encoding="utf-8")
    acte = "acte-de-vente_lot-B12_GUERIN.docx"
    base = render_case(case, tmp_path / "avant").output / acte
    # a new price, and the contract's initial price it comes from (198 350,52 × 0,97)
    changed = (
        text.replace("prix_de_vente: 189400", "prix_de_vente: 192400")
        .replace("prix_initial: 195257.73", "prix_initial: 198350.52")
        .replace("apport: 11750", "apport: 14750")
    )
    case.write_text(changed, encoding="utf-8")
    theirs = render_case(case, tmp_path / "apres").output / acte
    ours = tmp_path / "notaire.docx"
    shutil.copyfile(base, ours)
    doc = Document(str(ours))
    next(p for p in doc.paragraphs if p.text.startswith("L’ACQUÉREUR a payé le prix")).add_run(
        " Les parties en donnent quittance."
    )
    doc.add_paragraph("Mention ajoutée par le notaire.")
    doc.save(str(ours))
    out = tmp_path / "fusion.docx"
    merge(base, ours, theirs, out)
    accepted = libreoffice(office, out, accept=True)
    assert accepted == body(out, accept=True)
    assert any("(192\u202f400,00\u00a0EUR)" in line for line in accepted)
    assert not any("189\u202f400,00" in line for line in accepted if "prix de" in line)
    assert any(line.endswith("Les parties en donnent quittance.") for line in accepted)
    assert "Mention ajoutée par le notaire." in accepted
    assert libreoffice(office, out, accept=False) == body(ours)


def test_an_acte_saved_by_libreoffice_is_merged_by_render_and_accepted_by_libreoffice(office, tmp_path: Path):
    """The issue's walk-through: render, the notary opens the acte in LibreOffice, edits and
    saves it; the case changes; render again → the fusion rejects to the notary's file and
    accepts (in LibreOffice too) to the edit plus the case's new figures; ``audit`` of the
    fusion accepted is clean against the new case, of the notary's file is not."""
    case = copy_case(tmp_path)
    out = tmp_path / "out"
    assert run_cli("render", str(case), "-o", str(out)).returncode == 0
    edited = acte(out / ID, 3)
    doc = Document(str(edited))
    doc.add_paragraph("Clause ajoutée par le notaire.")
    doc.save(str(tmp_path / "edite.docx"))
    resaved = libreoffice_convert(tmp_path / "edite.docx", "docx", tmp_path / "lo", tmp_path / "profil-sauve")
    shutil.copyfile(resaved, edited)
    mine = edited.read_bytes()
    change_lot_3(case)
    result = run_cli("render", str(case), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert edited.read_bytes() == mine
    fusion = edited.with_name(edited.name.replace(".docx", ".fusion.docx"))
    nouveau = edited.with_name(edited.name.replace(".docx", ".nouveau.docx"))
    assert body(fusion, accept=False) == body(edited)
    accepted = body(fusion, accept=True)
    assert "Clause ajoutée par le notaire." in accepted
    new_lines = [x for x in body(nouveau) if x not in set(body(edited))]
    assert new_lines and all(x in accepted for x in new_lines)
    assert libreoffice(office, fusion, accept=True) == accepted
    assert libreoffice(office, fusion, accept=False) == body(edited)
    by_libreoffice = office[1].parent / f"{fusion.stem}.accepte.docx"
    assert audit(by_libreoffice, case, document=edited.name).findings == []
    stale = audit(edited, case).findings  # the notary's file still has the old figures
    assert stale and all(f.message.startswith("le chiffre") for f in stale)
