"""`actegen render` on sets of cases: reproducible, incremental, checked, never clobbering an edit.

Issue 6's "done when": two renders byte-identical; a re-run rewrites nothing; `--check` 0 then
1 after a case changes; after every output is edited and a case changes, every edit is kept
and the new versions stand beside. No timing here: speed is measured in benchmarks/.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document

from .docx_text import text
from .helpers import CASES, GIRIMBELLES, output_tree, run_cli

ID = "girimbelles-1993"


tree = output_tree  # every file, the bases by hash


def mtimes(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_mtime_ns, p.stat().st_ino) for p in folder.iterdir()}


def render(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None):
    return run_cli("render", *args, cwd=cwd, env={"CI": "true", **(env or {})})


@pytest.fixture(scope="module")
def rendered_once(shipped_render: dict[str, Path]) -> Path:
    """The shipped cases rendered once with two workers (``render cases/ --jobs 2``, the
    session's ``shipped_render``): the reference set of this module."""
    (out,) = {folder.parent for folder in shipped_render.values()}
    return out


def copy_case(tmp_path: Path, text: str | None = None) -> Path:
    case = tmp_path / "dossiers" / "girimbelles.yaml"
    case.parent.mkdir(parents=True, exist_ok=True)
    case.write_text(text if text is not None else GIRIMBELLES.read_text(encoding="utf-8"), encoding="utf-8")
    return case


def acte(folder: Path, lot: int) -> Path:
    (path,) = (
        p
        for p in folder.glob(f"acte-de-vente_lot-{lot:02d}_*.docx")
        if ".nouveau." not in p.name and ".fusion." not in p.name
    )
    return path


def deliberation(folder: Path) -> Path:
    (path,) = folder.glob("deliberation_*.docx")
    return path


def touched_by_lot_3(name: str) -> bool:
    """A document of lot 3, or of the whole operation (no lot in its name)."""
    return "lot-03" in name or "lot-" not in name


def change_lot_3(case: Path) -> None:
    """Lot 3's foncier changes: its acte and the délibération (its annexes) change, no other acte."""
    body = case.read_text(encoding="utf-8")
    start = body.index("  - numero: 3\n")
    end = body.index("  - numero: 4\n")
    lot = body[start:end]
    changed = re.sub(r"foncier: (\d+)", lambda m: f"foncier: {int(m.group(1)) + 1000}", lot, count=1)
    assert changed != lot
    case.write_text(body[:start] + changed + body[end:], encoding="utf-8")


# -- reproducible -------------------------------------------------------------------------


def test_two_renders_of_the_shipped_cases_are_byte_identical(rendered_once: Path, tmp_path: Path):
    result = render(str(CASES), "-o", str(tmp_path), "--jobs", "1")
    assert result.returncode == 0, result.stderr
    a, b = tree(rendered_once), tree(tmp_path)
    assert sorted(a) == sorted(b)
    assert any(name.endswith("/.actegen-manifest.json") for name in a)
    for name in a:
        assert a[name] == b[name], name


def test_jobs_1_and_2_give_the_same_bytes_and_the_fast_path_is_docxtpl(tmp_path: Path):
    """In-process: every shipped document, rendered by the prepared templates and by a plain
    DocxTemplate, gives the same normalized bytes."""
    from actegen import documents
    from actegen.pipeline import check_case, expand_cases, settings_for
    from actegen.render import Renderer
    from actegen.templates import shipped_templates_dir

    renderer = Renderer(shipped_templates_dir())
    count = 0
    for path in expand_cases([CASES]):
        case, _warnings, results = check_case(path)
        settings = settings_for(case)
        for job in documents.build_jobs(case, results):
            fast = renderer.render(job, settings, fast=True)
            plain = renderer.render(job, settings, fast=False)
            assert fast == plain, job.filename
            count += 1
    assert count >= 15
    # the body moved into the document as docxtpl does (when it declares a namespace of its own)
    prepared = renderer.prepared(job.template, settings)
    prepared.root_namespaces = set()
    assert renderer.render(job, settings, fast=True) == plain


def test_document_properties_and_app_xml_carry_nothing_of_the_machine(rendered_once: Path, tmp_path: Path):
    folder = rendered_once / ID
    with zipfile.ZipFile(acte(folder, 1)) as z:
        app = z.read("docProps/app.xml").decode("utf-8")
        core = z.read("docProps/core.xml").decode("utf-8")
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert z.namelist()[0] == "[Content_Types].xml"
    for leak in ("<Template>", "<Company", "<Manager", "<TotalTime>", "<Pages>", "<Words>"):
        assert leak not in app
    user = os.environ.get("USER") or os.environ.get("LOGNAME") or "root"
    assert f">{user}<" not in core and str(Path.home()) not in core
    assert "1993-12-15T12:00:00Z" in core
    manifest = (folder / ".actegen-manifest.json").read_text(encoding="utf-8")
    assert str(rendered_once) not in manifest and str(Path.home()) not in manifest
    # SOURCE_DATE_EPOCH fixes the documents' date instead of the act's
    result = render(str(GIRIMBELLES), "-o", str(tmp_path), env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert result.returncode == 0, result.stderr
    props = Document(str(acte(tmp_path / ID, 1))).core_properties
    assert props.created.isoformat().startswith("2023-11-14T22:13:20")
    assert props.modified == props.created


def test_manifest_records_inputs_and_outputs(rendered_once: Path):
    from actegen.hashing import sha256

    folder = rendered_once / ID
    manifest = json.loads((folder / ".actegen-manifest.json").read_text(encoding="utf-8"))
    assert manifest["format"] == 2 and manifest["dossier"]["id"] == ID
    assert re.fullmatch(r"[0-9a-f]{64}", manifest["dossier"]["entrees"])
    docs = manifest["documents"]
    assert set(docs) == {p.name for p in folder.glob("*.docx")}
    for name, entry in docs.items():
        assert entry["sortie"] == sha256((folder / name).read_bytes()), name
        assert re.fullmatch(r"[0-9a-f]{64}", entry["entrees"]), name
    assert len({e["entrees"] for e in docs.values()}) == len(docs)
    assert manifest["dossier"]["avertissements"], "the effort warnings of lots 8 and 11 are replayed"


# -- incremental ---------------------------------------------------------------------------


def test_rerun_rewrites_nothing_then_a_changed_lot_rerenders_only_its_documents(tmp_path: Path):
    case = copy_case(tmp_path)
    out = tmp_path / "out"
    first = render(str(case), "-o", str(out))
    assert first.returncode == 0, first.stderr
    folder = out / ID
    n = len(list(folder.glob("*.docx")))
    before = mtimes(folder)
    again = render(str(case), "-o", str(out))
    assert again.returncode == 0, again.stderr
    assert f"0 document écrit, {n} inchangés" in again.stdout and "rien n'a été réécrit" in again.stdout
    assert "lots[7].menage : lot 8 : ni acte de vente" in again.stderr  # the warnings, replayed unparsed
    assert mtimes(folder) == before
    change_lot_3(case)
    changed = render(str(case), "-o", str(out))
    assert changed.returncode == 0, changed.stderr
    after = mtimes(folder)
    rewritten = {name for name in before if before[name] != after.get(name)} - {
        ".actegen-manifest.json",
        ".actegen",
    }
    assert {acte(folder, 3).name, deliberation(folder).name} <= rewritten
    assert all(touched_by_lot_3(name) for name in rewritten), rewritten
    assert before[acte(folder, 5).name] == after[acte(folder, 5).name]
    assert f"{len(rewritten)} documents écrits, {n - len(rewritten)} inchangés" in changed.stdout


def test_check_is_0_when_up_to_date_then_1_listing_what_would_change(tmp_path: Path):
    case = copy_case(tmp_path)
    out = tmp_path / "out"
    assert render(str(case), "-o", str(out)).returncode == 0
    folder = out / ID
    before = tree(folder)
    ok = render("--check", str(case), "-o", str(out))
    assert ok.returncode == 0, ok.stdout + ok.stderr
    change_lot_3(case)
    missing = acte(folder, 7)
    missing.unlink()
    bad = render("--check", str(case), "-o", str(out))
    assert bad.returncode == 1
    listed = dict(re.findall(r"([\w.-]+\.docx) : (.+)", bad.stdout))
    assert listed[acte(folder, 3).name] == "à mettre à jour"
    assert listed[deliberation(folder).name] == "à mettre à jour"
    assert listed[missing.name] == "manquant (supprimé depuis le dernier rendu)"
    assert all(touched_by_lot_3(name) or name == missing.name for name in listed), listed
    del before[missing.name]
    assert tree(folder) == before  # --check wrote nothing
    assert not (tmp_path / "ailleurs").exists()
    never = render("--check", str(case), "-o", str(tmp_path / "ailleurs"))
    assert never.returncode == 1 and "nouveau" in never.stdout
    assert not (tmp_path / "ailleurs").exists()


def test_every_edit_survives_a_changed_case_and_new_versions_stand_beside(tmp_path: Path):
    case = copy_case(tmp_path)
    out = tmp_path / "out"
    assert render(str(case), "-o", str(out)).returncode == 0
    folder = out / ID
    edited: dict[str, bytes] = {}
    for path in sorted(folder.glob("*.docx")):
        doc = Document(str(path))
        doc.add_paragraph(f"Mention ajoutée par le notaire dans {path.name}.")
        doc.save(str(path))
        edited[path.name] = path.read_bytes()
    change_lot_3(case)
    result = render(str(case), "-o", str(out), "--jobs", "2")
    assert result.returncode == 0, result.stderr
    for name, data in edited.items():
        assert (folder / name).read_bytes() == data, name
        beside = folder / name.replace(".docx", ".nouveau.docx")
        assert beside.is_file(), beside.name
        assert "Mention ajoutée" not in text(beside)
        assert f"{name} a été modifié à la main" in result.stderr
    assert f"{len(edited)} à côté d'une version modifiée" in result.stdout
    # nothing changed since: nothing is rewritten, the warnings stay
    before = mtimes(folder)
    again = render(str(case), "-o", str(out))
    assert again.returncode == 0 and mtimes(folder) == before
    assert again.stderr.count("modifié à la main") == len(edited)
    # the notary takes the new version of lot 1: the file is actegen's again
    lot1 = acte(folder, 1)
    shutil.copyfile(lot1.with_name(lot1.name.replace(".docx", ".nouveau.docx")), lot1)
    taken = render(str(case), "-o", str(out))
    assert taken.returncode == 0
    assert f"{lot1.name} a été modifié" not in taken.stderr
    assert taken.stderr.count("modifié à la main") == len(edited) - 1
    # --force overwrites the edits
    forced = render(str(case), "-o", str(out), "--force")
    assert forced.returncode == 0
    assert "Mention ajoutée" not in text(acte(folder, 2))


def test_a_lot_no_longer_produced_is_removed_unless_edited(tmp_path: Path):
    case = copy_case(tmp_path)
    out = tmp_path / "out"
    assert render(str(case), "-o", str(out)).returncode == 0
    folder = out / ID
    lot13 = acte(folder, 13)
    doc = Document(str(lot13))
    doc.add_paragraph("Mention du notaire.")
    doc.save(str(lot13))
    lot12 = acte(folder, 12)
    body = case.read_text(encoding="utf-8")
    start, end = body.index("  - numero: 12\n"), body.index("  - numero: 14\n")
    case.write_text(body[:start] + body[end:], encoding="utf-8")
    result = render(str(case), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert lot13.is_file()  # edited: kept
    assert not lot12.exists()  # unedited: removed
    assert f"{lot13.name} n'est plus produit par le dossier, mais il a été modifié à la main" in result.stderr
    assert f"{lot12.name} : n'est plus produit par le dossier, supprimé" in result.stdout
    manifest = json.loads((folder / ".actegen-manifest.json").read_text(encoding="utf-8"))
    assert lot13.name not in manifest["documents"] and lot12.name not in manifest["documents"]
    check = render("--check", str(case), "-o", str(out))
    assert check.returncode == 0, check.stdout


# -- sets, failures, shards ------------------------------------------------------------------


def test_a_folder_of_cases_renders_the_valid_ones_and_reports_the_invalid(
    tmp_path: Path, rendered_once: Path
):
    folder = tmp_path / "dossiers"
    folder.mkdir()
    shutil.copy(GIRIMBELLES, folder / "a-girimbelles.yaml")
    bad = GIRIMBELLES.read_text(encoding="utf-8").replace(
        "      foncier: 132000\n", "      foncier: beaucoup\n", 1
    )
    (folder / "b-casse.yaml").write_text(bad.replace(f"id: {ID}", "id: casse"), encoding="utf-8")
    (folder / "notes.txt").write_text("pas un dossier", encoding="utf-8")
    result = render("dossiers", "-o", "out", cwd=tmp_path)
    assert result.returncode == 1
    assert re.search(
        r"^dossiers/b-casse\.yaml:\d+:\d+: lots\[0\]\.prix\.foncier : un nombre attendu", result.stderr, re.M
    )
    assert "1 erreur : rien n'a été écrit pour dossiers/b-casse.yaml." in result.stderr
    assert "1 dossier en erreur" in result.stdout
    assert not (tmp_path / "out" / "casse").exists()
    assert tree(tmp_path / "out" / ID) == tree(rendered_once / ID)


def test_shards_split_the_set_exactly_once_and_stably(tmp_path: Path, rendered_once: Path):
    from actegen.pipeline import shard_of

    reference = tree(rendered_once / ID)
    seen: dict[str, bytes] = {}
    for k in (1, 2, 3):
        out = tmp_path / f"part{k}"
        result = render(str(GIRIMBELLES), "-o", str(out), "--shard", f"{k}/3")
        assert result.returncode == 0, result.stderr
        names = {p.name for p in (out / ID).glob("*.docx")} if (out / ID).exists() else set()
        assert names == {
            n for n in reference if n.endswith(".docx") and "/" not in n and shard_of(ID, n, 3) == k
        }
        assert not names & set(seen)
        seen.update({n: (out / ID / n).read_bytes() for n in names})
    assert seen == {n: b for n, b in reference.items() if n.endswith(".docx") and "/" not in n}
    assert render(str(GIRIMBELLES), "--shard", "4/3").returncode == 2
    assert render(str(GIRIMBELLES), "--shard", "x").returncode == 2


def test_no_progress_bar_off_a_terminal_and_a_summary(tmp_path: Path):
    result = render(str(GIRIMBELLES), "-o", str(tmp_path))
    assert result.returncode == 0
    n = len(list((tmp_path / ID).glob("*.docx")))
    assert "\x1b[" not in result.stdout and "Rendu" not in result.stdout
    assert result.stdout.strip().splitlines()[-1] == (
        f"1 dossier : {n} documents écrits, 0 inchangé, 0 ignoré, 0 en échec"
    )


def test_pdf_option_without_the_converter_says_so(tmp_path: Path):
    import importlib.util

    if importlib.util.find_spec("actegen.pdf") is not None:
        pytest.skip("actegen.pdf is installed: the PDF tests are its own")
    result = render(str(GIRIMBELLES), "-o", str(tmp_path), "--pdf")
    assert result.returncode == 1
    assert "l'option --pdf demande le module de conversion actegen.pdf" in result.stderr
    assert not (tmp_path / ID).exists()


def test_pdf_option_converts_what_was_written(tmp_path: Path):
    """The converter is called with the DOCX written, and only with those on a re-run."""
    from actegen.pipeline import SetOptions, render_set

    calls: list[list[str]] = []

    def convert(paths: list[Path], outdir: Path) -> list[Path]:
        calls.append(sorted(p.name for p in paths))
        made = []
        for p in paths:
            pdf = outdir / (p.stem + ".pdf")
            pdf.write_bytes(b"%PDF-1.4\n")
            made.append(pdf)
        return made

    options = SetOptions(tmp_path, jobs=1, pdf=convert)
    report = render_set([GIRIMBELLES], options)
    n = len(list((tmp_path / ID).glob("*.docx")))
    assert report.cases[0].ok and len(calls[0]) == n
    assert len(list((tmp_path / ID).glob("*.pdf"))) == n
    render_set([GIRIMBELLES], options)
    assert len(calls) == 1  # nothing new: no conversion
    lot2 = acte(tmp_path / ID, 2)
    lot2.with_suffix(".pdf").unlink()
    render_set([GIRIMBELLES], options)
    assert calls[-1] == [lot2.name]


def test_a_template_zipped_again_renders_nothing_again(tmp_path: Path):
    """Templates are fingerprinted by content: new zip timestamps and compression (python-docx
    saving it again, another zip tool) change no document, so nothing is rewritten."""
    from actegen.templates import shipped_templates_dir

    name = "acte_de_vente.docx"
    custom = tmp_path / "modeles"
    custom.mkdir()
    with zipfile.ZipFile(shipped_templates_dir() / name) as src, zipfile.ZipFile(custom / name, "w") as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=(2001, 2, 3, 4, 5, 6))
            member.compress_type = zipfile.ZIP_STORED if info.compress_type else zipfile.ZIP_DEFLATED
            dst.writestr(member, src.read(info))
    assert (custom / name).read_bytes() != (shipped_templates_dir() / name).read_bytes()

    def documents(folder: Path) -> dict[str, bytes]:
        return {n: b for n, b in tree(folder).items() if n.endswith(".docx")}

    def inputs(folder: Path) -> dict[str, object]:
        return json.loads((folder / ".actegen-manifest.json").read_text(encoding="utf-8"))["documents"]

    out = tmp_path / "out"
    assert render(str(GIRIMBELLES), "-o", str(out)).returncode == 0
    before, recorded = documents(out / ID), inputs(out / ID)
    again = render(str(GIRIMBELLES), "-o", str(out), "--templates", str(custom))
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip().endswith("rien n'a été réécrit")
    assert documents(out / ID) == before
    assert inputs(out / ID) == recorded  # same inputs: not even rendered again
    fresh = tmp_path / "fresh"
    assert render(str(GIRIMBELLES), "-o", str(fresh), "--templates", str(custom)).returncode == 0
    assert documents(fresh / ID) == before


def test_a_template_dump_or_the_guide_edited_leaves_the_set_a_no_op(tmp_path: Path):
    """Only the Word files fill documents: a re-generated ``NAME.docx.txt`` or an edited
    LISEZMOI.md keeps the case's key, so the next run does not even parse the case."""
    from actegen.templates import shipped_templates_dir

    custom = tmp_path / "modeles"
    shutil.copytree(shipped_templates_dir(), custom)
    out = tmp_path / "out"
    assert render(str(GIRIMBELLES), "-o", str(out), "--templates", str(custom)).returncode == 0

    def key() -> str:
        return json.loads((out / ID / ".actegen-manifest.json").read_text(encoding="utf-8"))["dossier"][
            "entrees"
        ]

    first = key()
    assert first
    (custom / "acte_de_vente.docx.txt").write_text("modifié\n", encoding="utf-8")
    (custom / "clauses" / "LISEZMOI.md").write_text("modifié\n", encoding="utf-8")
    again = render(str(GIRIMBELLES), "-o", str(out), "--templates", str(custom))
    assert again.returncode == 0, again.stderr
    assert key() == first
