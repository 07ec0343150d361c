"""Sharding planned once (issue 17, point 3): ``actegen plan``, ``render --plan --shard K/N``,
``actegen manifest merge``, and the CI examples that chain them.

The whole sequence on a 1 000-lot set, compared byte for byte with an unsharded render, is
in ``test_shard_scale.py`` (slow).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from actegen.build.planfile import PlannedCase, PlannedDoc, assign, read_plan
from actegen.output.manifest import (
    MANIFEST,
    Entry,
    Manifest,
    PartMark,
    PartsRefused,
    Version,
    merge_parts,
    read_manifest,
)

from .helpers import CASES, ROOT, output_tree, run_cli

SMALL = ("vente-hlm-2023.yaml", "psla-coop-2024.yaml", "portage-sevran-2016.yaml")
HEX = re.compile(r"[0-9a-f]{64}")


def cli(*args: str, cwd: Path):
    return run_cli(*args, cwd=cwd, env={"CI": "true"})


def small_set(tmp_path: Path, names: tuple[str, ...] = SMALL) -> Path:
    """Some shipped cases copied into ``tmp_path/cases``; the tests run in ``tmp_path``."""
    folder = tmp_path / "cases"
    folder.mkdir()
    for name in names:
        shutil.copy(CASES / name, folder / name)
    return folder


files = output_tree  # every file, the bases by hash


# -- the plan file ---------------------------------------------------------------------------


def test_the_plan_records_each_document_with_the_inputs_an_unsharded_render_records(
    tmp_path: Path, shipped_render: dict[str, Path]
):
    shutil.copytree(CASES, tmp_path / "cases")
    result = cli("plan", "cases", "-o", "plan.json", "--parts", "3", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert re.search(r"plan\.json : 7 dossiers, \d+ documents, coût estimé \d+,\d s", result.stdout)
    assert re.search(r"en 3 parts : (\d+,\d s, ){2}\d+,\d s", result.stdout)
    raw = (tmp_path / "plan.json").read_bytes()
    data = json.loads(raw)
    assert raw == (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()
    assert data["format"] == 1 and data["sortie"] == "out" and data["modeles"] is None
    assert set(data["empreintes"]) == {"code", "parametres", "modeles"}
    assert [c["id"] for c in data["dossiers"]] == sorted(shipped_render)
    for case in data["dossiers"]:
        source = tmp_path / case["fichier"]
        assert case["fichier"] == f"cases/{source.name}" and case["sortie"] == f"out/{case['id']}"
        assert HEX.fullmatch(case["sha256"]) and HEX.fullmatch(case["entrees"])
        manifest = read_manifest(shipped_render[case["id"]])
        # the unsharded render's manifest: same documents, same inputs, same case key
        assert {d["nom"]: d["entrees"] for d in case["documents"]} == {
            n: e.ecrit.entrees for n, e in manifest.documents.items()
        }
        assert case["entrees"] == manifest.case_key
        assert case["avertissements"] == manifest.warnings
        assert case["cout"] == sum(d["cout"] for d in case["documents"])
        for doc in case["documents"]:
            assert isinstance(doc["cout"], int) and doc["cout"] > 0
            per_lot = (
                not doc["nom"].startswith("deliberation_")
                and doc["nom"] != f"note-de-calcul_{case['id']}.docx"
            )
            assert (doc["lot"] is not None) == per_lot, doc
            if per_lot:
                assert re.search(rf"_lot-0*{re.escape(doc['lot'])}_", doc["nom"]), doc
    assert data["cout_total"] == sum(c["cout"] for c in data["dossiers"])
    # Reproducible: planned again, the same bytes.
    assert cli("plan", "cases", "-o", "again.json", cwd=tmp_path).returncode == 0
    assert (tmp_path / "again.json").read_bytes() == raw


def test_the_costs_grow_with_the_lots_for_the_operation_documents_only(tmp_path: Path):
    small_set(tmp_path, ("girimbelles-1993.yaml", "portage-sevran-2016.yaml"))
    assert cli("plan", "cases", "-o", "plan.json", cwd=tmp_path).returncode == 0
    plan = read_plan(tmp_path / "plan.json")
    costs = {(c.case_id, d.template): d.cost for c in plan.cases for d in c.documents}
    # 14 lots against 3: the délibération and the note de calcul cost more, an acte the same
    for template in ("deliberation.docx", "note_de_calcul.docx"):
        assert costs[("girimbelles-1993", template)] > costs[("portage-sevran-2016", template)]
    assert (
        costs[("girimbelles-1993", "acte_de_vente.docx")]
        == costs[("portage-sevran-2016", "acte_de_vente.docx")]
    )


def test_an_invalid_case_writes_no_plan(tmp_path: Path):
    folder = small_set(tmp_path)
    case = folder / SMALL[0]
    case.write_text(case.read_text(encoding="utf-8").replace("\nid: ", "\nid_: ", 1), encoding="utf-8")
    result = cli("plan", "cases", "-o", "plan.json", cwd=tmp_path)
    assert result.returncode == 1
    assert "aucun plan n'a été écrit" in result.stderr and f"cases/{SMALL[0]}:" in result.stderr
    assert not (tmp_path / "plan.json").exists()


# -- balance -------------------------------------------------------------------------------------


def _case(i: int, costs: list[tuple[int, int | None]]) -> PlannedCase:
    docs = [
        PlannedDoc(f"d{j}.docx", "t.docx", None, cost, None if lot is None else str(lot))
        for j, (cost, lot) in enumerate(costs)
    ]
    return PlannedCase(f"c{i}", f"c{i}.yaml", "", "", f"out/c{i}", [], docs)


def _items(cases: list[PlannedCase], parts: int) -> list[int]:
    """The costs of what ``assign`` places: whole cases, or the lots of a case too costly."""
    total = sum(c.cost for c in cases)
    items: list[int] = []
    for case in cases:
        if parts == 1 or case.cost * parts <= total:
            items.append(case.cost)
            continue
        groups: dict[str, int] = {}
        for doc in case.documents:
            key = doc.lot if doc.lot is not None else f"op:{doc.name}"
            groups[key] = groups.get(key, 0) + doc.cost
        items.extend(groups.values())
    return items


documents_st = st.lists(
    st.tuples(st.integers(1, 5_000_000), st.one_of(st.none(), st.integers(1, 40))), min_size=1, max_size=60
)


@settings(max_examples=200, deadline=None)
@given(st.lists(documents_st, min_size=1, max_size=12), st.integers(1, 8))
def test_no_part_costs_more_than_its_share_plus_the_costliest_item(costs, parts: int):
    cases = [_case(i, c) for i, c in enumerate(costs)]
    owner = assign(cases, parts)
    assert set(owner) == {(c.case_id, d.name) for c in cases for d in c.documents}
    loads = [0] * parts
    for case in cases:
        for doc in case.documents:
            loads[owner[(case.case_id, doc.name)] - 1] += doc.cost
    total = sum(loads)
    assert max(loads) * parts <= total + parts * max(_items(cases, parts))
    for case in cases:
        held = {owner[(case.case_id, d.name)] for d in case.documents}
        if case.cost * parts <= total:
            assert len(held) == 1  # a case within its share stays whole
        for lot in {d.lot for d in case.documents if d.lot is not None}:
            assert len({owner[(case.case_id, d.name)] for d in case.documents if d.lot == lot}) == 1


def test_a_big_operation_is_split_by_lot_and_the_small_cases_stay_whole():
    big = _case(0, [(300_000, None)] + [(10_000, lot) for lot in range(1, 201) for _doc in (1, 2)])
    small = [_case(i, [(20_000, 1), (5_000, None)]) for i in range(1, 6)]
    owner = assign([big, *small], 3)
    assert len({owner[("c0", d.name)] for d in big.documents}) == 3
    assert all(len({owner[(c.case_id, d.name)] for d in c.documents}) == 1 for c in small)


# -- shards and merge ------------------------------------------------------------------------------


def _planned(tmp_path: Path, names: tuple[str, ...] = SMALL) -> None:
    small_set(tmp_path, names)
    result = cli("plan", "cases", "-o", "plan.json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr


@pytest.mark.slow  # five renders: the shards, one again, the reference, the no-op
def test_shards_then_merge_give_the_unsharded_files_and_a_no_op(tmp_path: Path):
    _planned(tmp_path, ("portage-sevran-2016.yaml", "vente-hlm-2023.yaml"))  # portage: split in two
    for k in (1, 2):
        result = cli("render", "--plan", "plan.json", "--shard", f"{k}/2", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert f"(part {k}/2)" in result.stdout or "ignoré" in result.stdout
    folder = tmp_path / "out" / "portage-sevran-2016"
    assert not (folder / MANIFEST).exists()  # a shard never writes the case's manifest
    shards = sorted(p.name for p in folder.glob(".actegen-manifest.shard-*"))
    assert shards == [".actegen-manifest.shard-1-of-2.json", ".actegen-manifest.shard-2-of-2.json"]
    # A shard run again before the merge finds its files as its own: nothing goes beside.
    again = cli("render", "--plan", "plan.json", "--shard", "1/2", cwd=tmp_path)
    assert again.returncode == 0 and " 0 document écrit" in again.stdout and "nouveau" not in again.stderr
    merged = cli("manifest", "merge", "out", "--plan", "plan.json", cwd=tmp_path)
    assert merged.returncode == 0, merged.stderr
    assert "out : 2 dossiers fusionnés" in merged.stdout
    assert not list(folder.glob(".actegen-manifest.shard-*"))
    assert cli("render", "cases", "-o", "ref", cwd=tmp_path).returncode == 0
    assert files(tmp_path / "out") == files(tmp_path / "ref")
    full = cli("render", "cases", cwd=tmp_path)
    assert full.returncode == 0 and "rien n'a été réécrit" in full.stdout
    # merged again: nothing left to merge, nothing changed
    assert "aucune part à fusionner" in cli("manifest", "merge", "out", cwd=tmp_path).stdout


def test_a_shard_refuses_a_plan_whose_case_changed(tmp_path: Path):
    _planned(tmp_path)
    case = tmp_path / "cases" / SMALL[1]
    case.write_text(case.read_text(encoding="utf-8") + "# relu\n", encoding="utf-8")
    result = cli("render", "--plan", "plan.json", "--shard", "1/2", cwd=tmp_path)
    assert result.returncode == 1
    assert (
        "le plan ne correspond plus au dossier psla-coop-2024 (cases/psla-coop-2024.yaml) : relancer actegen plan"
        in result.stderr
    )
    assert not (tmp_path / "out").exists()


def test_a_shard_refuses_a_plan_whose_case_was_deleted(tmp_path: Path):
    _planned(tmp_path)
    (tmp_path / "cases" / SMALL[2]).unlink()
    for k in (1, 2):
        result = cli("render", "--plan", "plan.json", "--shard", f"{k}/2", cwd=tmp_path)
        assert result.returncode == 1
        assert "le dossier portage-sevran-2016 du plan n'existe plus" in result.stderr
        assert "relancer actegen plan" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_shard_refuses_a_plan_made_with_other_templates(tmp_path: Path):
    _planned(tmp_path)
    shutil.copytree(ROOT / "templates", tmp_path / "templates")  # ./templates: the render's default
    shutil.copy(ROOT / "templates" / "acte_de_vente.docx", tmp_path / "templates" / "acte_bis.docx")
    result = cli("render", "--plan", "plan.json", "--shard", "1/1", cwd=tmp_path)
    assert result.returncode == 1 and "d'autres modèles" in result.stderr


def test_a_merge_refuses_shards_of_different_plans(tmp_path: Path):
    _planned(tmp_path, SMALL[:2])
    assert cli("plan", "cases", "-o", "other.json", "--sortie", "ailleurs", cwd=tmp_path).returncode == 0
    assert cli("render", "--plan", "plan.json", "--shard", "1/2", cwd=tmp_path).returncode == 0
    assert cli("render", "--plan", "other.json", "--shard", "2/2", "-o", "out", cwd=tmp_path).returncode == 0
    before = files(tmp_path / "out")
    result = cli("manifest", "merge", "out", cwd=tmp_path)
    assert result.returncode == 1 and "plans (ou de découpages) différents" in result.stderr
    assert files(tmp_path / "out") == before  # nothing merged, nothing removed
    assert not list((tmp_path / "out").glob(f"*/{MANIFEST}"))


def test_a_merge_refuses_a_missing_part_or_a_missing_file(tmp_path: Path):
    _planned(tmp_path, ("portage-sevran-2016.yaml",))
    assert cli("render", "--plan", "plan.json", "--shard", "1/2", cwd=tmp_path).returncode == 0
    result = cli("manifest", "merge", "out", cwd=tmp_path)
    assert result.returncode == 1 and "part manquante : 2/2" in result.stderr
    assert cli("render", "--plan", "plan.json", "--shard", "2/2", cwd=tmp_path).returncode == 0
    acte = next((tmp_path / "out" / "portage-sevran-2016").glob("acte-de-vente_*.docx"))
    acte.unlink()
    result = cli("manifest", "merge", "out", cwd=tmp_path)
    assert result.returncode == 1 and f"{acte.name} : absent" in result.stderr
    assert not (tmp_path / "out" / "portage-sevran-2016" / MANIFEST).exists()


def test_a_merge_with_the_plan_refuses_a_tree_without_one_of_its_cases(tmp_path: Path):
    _planned(tmp_path)
    result = cli("render", "--plan", "plan.json", "--shard", "1/1", "-o", "part", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    shutil.rmtree(tmp_path / "part" / "psla-coop-2024")
    merged = cli("manifest", "merge", "part", "--plan", "plan.json", cwd=tmp_path)
    assert merged.returncode == 1 and "aucune part du dossier psla-coop-2024" in merged.stderr


def test_render_takes_either_cases_or_a_plan(tmp_path: Path):
    _planned(tmp_path)
    assert cli("render", "cases", "--plan", "plan.json", cwd=tmp_path).returncode == 2
    assert cli("render", cwd=tmp_path).returncode == 2
    assert cli("render", "--plan", "plan.json", "--check", cwd=tmp_path).returncode == 2
    missing = cli("render", "--plan", "absent.json", cwd=tmp_path)
    assert missing.returncode == 1 and "plan introuvable" in missing.stderr
    (tmp_path / "bad.json").write_text('{"format": 9}', encoding="utf-8")
    bad = cli("render", "--plan", "bad.json", cwd=tmp_path)
    assert bad.returncode == 1 and "plan illisible" in bad.stderr


# -- the CI examples ----------------------------------------------------------------------------


COMMANDS = re.compile(r"actegen (plan|render|manifest merge)\b")


@pytest.mark.parametrize("name", ["github-actions.yml", "gitlab-ci.yml"])
def test_the_ci_examples_are_yaml_and_use_only_the_sharding_commands(name: str):
    text = (ROOT / "ci" / name).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    assert "pip install -e '.[test]'" in text or "pip install -e ." in text  # the README's install
    used = {m.group(1) for m in COMMANDS.finditer(text)}
    assert used == {"plan", "render", "manifest merge"}
    assert re.search(r"actegen render --plan plan\.json --shard \S+", text)


# -- joining manifests (pure) -------------------------------------------------------------------


def _part_manifest(number: int, names: list[str], documents: int = 3) -> Manifest:
    entries = {n: Entry("t.docx", Version("a" * 64, "b" * 64)) for n in names}
    mark = PartMark("c" * 64, number, 2, (1, 2), documents)
    return Manifest("cas", "d" * 64, "0.1.0", [], entries, mark)


def test_joined_parts_keep_an_obsolete_entry_and_then_no_case_key():
    parts = [_part_manifest(1, ["a.docx", "b.docx"]), _part_manifest(2, ["c.docx"])]
    joined = merge_parts(Manifest(), parts)
    assert sorted(joined.documents) == ["a.docx", "b.docx", "c.docx"] and joined.case_key == "d" * 64
    assert joined.part is None  # the case's manifest, no mark
    old = Manifest("cas", "e" * 64, "0.1.0", [], {"vieux.docx": Entry("t.docx", Version("f" * 64, "f" * 64))})
    with_obsolete = merge_parts(old, parts)
    assert (
        "vieux.docx" in with_obsolete.documents and with_obsolete.case_key == ""
    )  # the next render removes it
    with pytest.raises(PartsRefused, match="2 documents dans les parts, 3 dans le plan"):
        merge_parts(Manifest(), [_part_manifest(1, ["a.docx"]), _part_manifest(2, ["c.docx"])])
    with pytest.raises(PartsRefused, match="un même document dans deux parts"):
        merge_parts(Manifest(), [_part_manifest(1, ["a.docx", "b.docx"]), _part_manifest(2, ["b.docx"])])
    other = _part_manifest(2, ["c.docx"])
    other.part = PartMark("9" * 64, 2, 2, (1, 2), 3)
    with pytest.raises(PartsRefused, match="plans"):
        merge_parts(Manifest(), [parts[0], other])
