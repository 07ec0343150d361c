"""``render`` keeps the bases and, beside an edited acte whose case changed, writes the merge."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from docx import Document
from lxml import etree

from actegen.accept import resolve
from actegen.docx_lines import document_lines
from actegen.docx_zip import sha256

from .helpers import GIRIMBELLES, run_cli
from .test_sets_render import ID, acte, change_lot_3, copy_case


def lines(path: Path, accept: bool | None = None) -> list[str]:
    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    if accept is not None:
        root = resolve(root, accept=accept)
    return document_lines({"word/document.xml": root})


def referenced(folder: Path) -> set[str]:
    docs = json.loads((folder / ".actegen-manifest.json").read_text(encoding="utf-8"))["documents"]
    return {v for d in docs.values() for v in (d["sortie"], d.get("nouveau", {}).get("sortie")) if v}


def bases(folder: Path) -> dict[str, bytes]:
    return {p.stem: p.read_bytes() for p in (folder / ".actegen" / "bases").iterdir()}


def test_a_render_keeps_one_base_per_document(tmp_path: Path):
    assert run_cli("render", str(GIRIMBELLES), "-o", str(tmp_path)).returncode == 0
    folder = tmp_path / ID
    kept = bases(folder)
    assert set(kept) == referenced(folder)
    for doc in folder.glob("*.docx"):
        assert kept[sha256(doc.read_bytes())] == doc.read_bytes()


def test_an_edited_acte_gets_its_fusion_and_unreferenced_bases_go(tmp_path: Path):
    case = copy_case(tmp_path)
    out = tmp_path / "out"
    assert run_cli("render", str(case), "-o", str(out)).returncode == 0
    folder = out / ID
    edited = acte(folder, 3)
    doc = Document(str(edited))
    doc.add_paragraph("Clause ajoutée par le notaire.")
    doc.save(str(edited))
    mine = edited.read_bytes()
    before = set(bases(folder))
    change_lot_3(case)
    result = run_cli("render", str(case), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert edited.read_bytes() == mine
    fusion = edited.with_name(edited.name.replace(".docx", ".fusion.docx"))
    nouveau = edited.with_name(edited.name.replace(".docx", ".nouveau.docx"))
    assert fusion.is_file() and nouveau.is_file()
    assert lines(fusion, accept=False) == lines(edited)
    accepted = lines(fusion, accept=True)
    assert "Clause ajoutée par le notaire." in accepted
    new_lines = set(lines(nouveau))
    assert [x for x in lines(nouveau) if x not in set(lines(edited))]  # the case changed something
    assert all(x in accepted for x in new_lines - set(lines(edited)))
    kept = set(bases(folder))
    assert kept == referenced(folder) and kept != before
