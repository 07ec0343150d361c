"""``render`` keeps the bases and, beside an edited acte whose case changed, writes the merge."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from docx import Document
from lxml import etree

from actegen.accept import resolve
from actegen.docx_lines import document_lines
from actegen.hashing import sha256
from actegen.output.bases import read_base, stored

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
    """Every base the case's folder keeps, by its hash, read back (and checked) by actegen."""
    found = {digest: read_base(folder, digest) for digest in stored(folder)}
    assert None not in found.values()
    return found  # type: ignore[return-value]


def test_a_render_keeps_one_base_per_document(tmp_path: Path):
    assert run_cli("render", str(GIRIMBELLES), "-o", str(tmp_path)).returncode == 0
    folder = tmp_path / ID
    kept = bases(folder)
    assert set(kept) == referenced(folder)
    for doc in folder.glob("*.docx"):
        assert kept[sha256(doc.read_bytes())] == doc.read_bytes()


def test_an_edited_acte_gets_its_fusion_and_the_new_bases_are_kept(tmp_path: Path):
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
    assert referenced(folder) <= kept and kept != before  # an old one stays while its pack is half live


def test_a_figure_the_notary_also_changed_is_a_conflict_with_a_comment(tmp_path: Path):
    case = copy_case(tmp_path)
    out, probe = tmp_path / "out", tmp_path / "probe"
    assert run_cli("render", str(case), "-o", str(out)).returncode == 0
    edited = acte(out / ID, 3)
    change_lot_3(case)
    assert run_cli("render", str(case), "-o", str(probe)).returncode == 0
    old, new = lines(edited), lines(acte(probe / ID, 3))
    old_p, new_p = next((a, b) for a, b in zip(old, new, strict=False) if a != b and "tableau" not in a)
    word = next(a for a, b in zip(old_p.split(), new_p.split(), strict=False) if a != b)
    doc = Document(str(edited))
    target = next(p for p in doc.paragraphs if " ".join(p.text.split()) == " ".join(old_p.split()))
    target.text = target.text.replace(word, "NOTAIRE", 1)
    doc.save(str(edited))
    result = run_cli("render", str(case), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "conflit : " in result.stderr and "le notaire a écrit « NOTAIRE »" in result.stderr
    fusion = edited.with_name(edited.name.replace(".docx", ".fusion.docx"))
    assert lines(fusion, accept=False) == lines(edited)
    with zipfile.ZipFile(fusion) as z:
        assert "conflit : le notaire a écrit « NOTAIRE »" in z.read("word/comments.xml").decode()


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_run_stopped_before_the_swap_leaves_the_old_bases_and_the_next_one_the_new(
    tmp_path: Path, monkeypatch
):
    from actegen.output import staging

    case = copy_case(tmp_path)
    out = tmp_path / "out"
    assert run_cli("render", str(case), "-o", str(out)).returncode == 0
    folder = out / ID
    before = tree(folder)
    old_bases = set(bases(folder))
    change_lot_3(case)

    def killed(_new: Path, _target: Path) -> Path:
        raise KeyboardInterrupt  # the run stops where a kill would: just before the swap

    monkeypatch.setattr(staging, "_swap", killed)
    assert run_cli("render", str(case), "-o", str(out)).returncode != 0
    assert tree(folder) == before
    monkeypatch.undo()
    assert run_cli("render", str(case), "-o", str(out)).returncode == 0
    assert referenced(folder) <= set(bases(folder)) != old_bases


def test_check_reports_the_conflicts_left_in_a_fusion(tmp_path: Path):
    case = copy_case(tmp_path)
    out = tmp_path / "out"
    assert run_cli("render", str(case), "-o", str(out)).returncode == 0
    edited = acte(out / ID, 3)
    doc = Document(str(edited))
    doc.add_paragraph("Clause ajoutée par le notaire.")
    doc.save(str(edited))
    fusion = edited.with_name(edited.name.replace(".docx", ".fusion.docx"))
    (theirs := tmp_path / "t.docx").write_bytes(next(iter(bases(out / ID).values())))
    from actegen.merge import merge

    ours = tmp_path / "o.docx"
    d2 = Document(str(edited))
    k = next(i for i, p in enumerate(d2.paragraphs) if len(p.text) > 60)
    d2.paragraphs[k].text += " selon le notaire"
    d2.save(str(ours))
    d3 = Document(str(edited))
    d3.paragraphs[k].text += " selon le dossier"
    d3.save(str(theirs))
    assert merge(edited, ours, theirs, fusion).conflicts
    result = run_cli("render", str(case), "-o", str(out), "--check")
    assert result.returncode == 1
    assert fusion.name in result.stdout + result.stderr and "conflit : " in result.stdout + result.stderr


def entry_of(folder: Path, name: str) -> dict:
    return json.loads((folder / ".actegen-manifest.json").read_text(encoding="utf-8"))["documents"][name]


def test_the_fusion_is_in_the_manifest_replaced_while_unedited_kept_once_edited(tmp_path: Path):
    case = copy_case(tmp_path)
    out = tmp_path / "out"
    assert run_cli("render", str(case), "-o", str(out)).returncode == 0
    folder = out / ID
    edited = acte(folder, 3)
    doc = Document(str(edited))
    doc.add_paragraph("Clause ajoutée par le notaire.")
    doc.save(str(edited))
    fusion = edited.with_name(edited.name.replace(".docx", ".fusion.docx"))
    change_lot_3(case)
    assert run_cli("render", str(case), "-o", str(out)).returncode == 0
    recorded = entry_of(folder, edited.name)
    assert recorded["fusion"] == {
        "entrees": recorded["nouveau"]["entrees"],
        "sortie": sha256(fusion.read_bytes()),
    }
    first = fusion.read_bytes()
    change_lot_3(case)  # the case changes again: the unedited fusion is replaced, recorded
    assert run_cli("render", str(case), "-o", str(out)).returncode == 0
    recorded = entry_of(folder, edited.name)
    assert fusion.read_bytes() != first
    assert recorded["fusion"]["sortie"] == sha256(fusion.read_bytes())
    doc = Document(str(fusion))  # the notary works in the fusion: it is theirs now
    doc.add_paragraph("Revu par le notaire.")
    doc.save(str(fusion))
    mine = fusion.read_bytes()
    change_lot_3(case)
    result = run_cli("render", str(case), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert fusion.read_bytes() == mine
    assert f"{fusion.name} a été modifié à la main : il est conservé, sans nouvelle fusion" in result.stderr
    assert entry_of(folder, edited.name)["fusion"] == recorded["fusion"]


def test_force_removes_the_fusion_of_an_edit_it_overwrites(tmp_path: Path):
    case = copy_case(tmp_path)
    out = tmp_path / "out"
    assert run_cli("render", str(case), "-o", str(out)).returncode == 0
    folder = out / ID
    edited = acte(folder, 3)
    doc = Document(str(edited))
    doc.add_paragraph("Clause ajoutée par le notaire.")
    doc.save(str(edited))
    change_lot_3(case)
    assert run_cli("render", str(case), "-o", str(out)).returncode == 0
    fusion = edited.with_name(edited.name.replace(".docx", ".fusion.docx"))
    assert fusion.is_file()
    change_lot_3(case)
    assert run_cli("render", str(case), "-o", str(out), "--force").returncode == 0
    assert not fusion.exists()
    assert "fusion" not in entry_of(folder, edited.name)
