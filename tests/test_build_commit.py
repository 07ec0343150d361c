"""``build.commit.decide``: each document's fate and the swap, decided without a file system."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from actegen.build.commit import Commit, Found, decide
from actegen.build.options import Action
from actegen.build.plan import Dest, DocPlan, Planned
from actegen.build.report import CaseOutcome
from actegen.build.workers import RenderResult
from actegen.hashing import sha256
from actegen.output.manifest import Entry, Manifest, OnDisk, Version
from actegen.render import DocumentJob, RenderSettings

TARGET = Path("/nowhere/out/case-1")  # never touched: decide does no I/O
SETTINGS = RenderSettings("EUR", False, "Office", datetime(2024, 1, 1, tzinfo=UTC), "case-1 — Op")


def doc(
    index: int,
    name: str,
    action: Action,
    disk: OnDisk,
    entry: Entry | None,
    *,
    dest: Dest = Dest.MAIN,
    inputs: str | None = "in",
) -> DocPlan:
    return DocPlan(index, name, "t.docx", inputs, True, action, dest, disk, entry)


def planned(docs: list[DocPlan], manifest: Manifest | None = None, obsolete: list[str] = ()) -> Planned:
    plan = Planned(
        CaseOutcome(Path("case.yaml"), "case-1", TARGET),
        "case-1",
        TARGET,
        SETTINGS,
        "KEY",
        manifest or Manifest("case-1", "KEY", "0", [], {}),
    )
    plan.docs = docs
    plan.jobs = {
        d.index: DocumentJob("f", d.filename, d.template, {}) for d in docs if d.action is Action.RENDER
    }
    plan.obsolete = list(obsolete)
    return plan


def manifest_of(commit: Commit) -> dict:
    assert commit.manifest is not None
    return json.loads(commit.manifest)


def test_a_rendered_document_is_staged_and_recorded():
    plan = planned([doc(0, "a.docx", Action.RENDER, OnDisk(None, None), None)])
    commit = decide(plan, {0: RenderResult(0, "d1", True)}, False, Found({}, None))
    assert commit.written == ["a.docx"] and commit.staged == {"a.docx"} and commit.error is None
    data = manifest_of(commit)
    assert data["dossier"]["entrees"] == "KEY"
    assert data["documents"]["a.docx"] == {"modele": "t.docx", "entrees": "in", "sortie": "d1"}


def test_nothing_changed_means_no_swap():
    entry = Entry("t.docx", Version("in", "d1"))
    manifest = Manifest("case-1", "KEY", "0", [], {"a.docx": entry})
    plan = planned([doc(0, "a.docx", Action.SKIP, OnDisk("d1", None), entry)], manifest)
    first = decide(plan, {}, False, Found({}, None))
    assert first.unchanged == ["a.docx"] and first.manifest is not None  # no manifest on disk yet
    again = decide(plan, {}, False, Found({}, sha256(first.manifest)))
    assert again.unchanged == ["a.docx"] and again.manifest is None and not again.staged


def test_a_failed_document_fails_the_case_and_nothing_is_swapped():
    plan = planned(
        [
            doc(0, "a.docx", Action.RENDER, OnDisk(None, None), None),
            doc(1, "b.docx", Action.RENDER, OnDisk(None, None), None),
            doc(2, "c.docx", Action.RENDER, OnDisk(None, None), None),
        ]
    )
    results = {
        0: RenderResult(0, "d", True),
        2: RenderResult(2, None, False, "c cassé"),
        1: RenderResult(1, None, False, "b cassé"),
    }
    commit = decide(plan, results, False, Found({}, None))
    assert commit.failures == ["b cassé", "c cassé"]
    assert str(commit.error) == "b cassé (et 1 autre(s) document(s) en échec)"
    assert commit.manifest is None and not commit.written and not commit.staged


def test_a_new_version_beside_an_edited_file_keeps_the_written_one():
    entry = Entry("t.docx", Version("old", "d0"))
    plan = planned(
        [doc(0, "a.docx", Action.RENDER, OnDisk("edited", None), entry, dest=Dest.BESIDE)],
        Manifest("case-1", "KEY", "0", [], {"a.docx": entry}),
    )
    commit = decide(plan, {0: RenderResult(0, "d1", True)}, False, Found({}, None))
    assert commit.beside == [("a.docx", "a.nouveau.docx", True)] and commit.staged == {"a.nouveau.docx"}
    recorded = manifest_of(commit)["documents"]["a.docx"]
    assert recorded["sortie"] == "d0" and recorded["nouveau"] == {"entrees": "in", "sortie": "d1"}


def test_obsolete_documents_are_deleted_unless_edited():
    gone = Entry("t.docx", Version("i", "g"), Version("j", "gn"))
    kept = Entry("t.docx", Version("i", "k"))
    manifest = Manifest("case-1", "KEY", "0", [], {"gone.docx": gone, "kept.docx": kept, "absent.docx": kept})
    plan = planned([], manifest, ["absent.docx", "gone.docx", "kept.docx"])
    found = Found(
        {
            "gone.docx": OnDisk("g", "gn"),
            "kept.docx": OnDisk("edited", None),
            "absent.docx": OnDisk(None, None),
        },
        None,
    )
    commit = decide(plan, {}, False, found)
    assert commit.removed == ["gone.docx"] and commit.kept_obsolete == ["kept.docx"]
    assert commit.deleted == {"gone.docx", "gone.nouveau.docx"}
    assert manifest_of(commit)["documents"] == {}
    assert set(manifest.documents) == {"gone.docx", "kept.docx", "absent.docx"}  # the plan is not changed


def test_a_document_of_another_shard_that_is_not_current_clears_the_case_key():
    plan = planned(
        [
            doc(0, "a.docx", Action.OUTSIDE, OnDisk(None, None), None),
            doc(1, "b.docx", Action.RENDER, OnDisk(None, None), None),
        ]
    )
    commit = decide(plan, {1: RenderResult(1, "d", True)}, False, Found({}, None))
    assert commit.outside == ["a.docx"] and commit.written == ["b.docx"]
    assert manifest_of(commit)["dossier"]["entrees"] == ""


def test_a_document_without_inputs_clears_the_case_key():
    plan = planned([doc(0, "a.docx", Action.RENDER, OnDisk(None, None), None, inputs=None)])
    commit = decide(plan, {0: RenderResult(0, "d", False)}, False, Found({}, None))
    assert commit.unchanged == ["a.docx"] and not commit.staged
    assert manifest_of(commit)["dossier"]["entrees"] == ""


def test_the_fusion_of_an_obsolete_edited_document_goes_while_unedited_and_stays_once_edited():
    merged = Version("j", "fu")
    a = Entry("t.docx", Version("i", "a"), Version("j", "an"), merged)
    b = Entry("t.docx", Version("i", "b"), Version("j", "bn"), merged)
    manifest = Manifest("case-1", "KEY", "0", [], {"a.docx": a, "b.docx": b})
    plan = planned([], manifest, ["a.docx", "b.docx"])
    found = Found({"a.docx": OnDisk("edited", "an", "fu"), "b.docx": OnDisk("edited", "bn", "revu")}, None)
    commit = decide(plan, {}, False, found)
    assert commit.kept_obsolete == ["a.docx", "b.docx"]
    assert commit.deleted == {"a.nouveau.docx", "a.fusion.docx", "b.nouveau.docx"}


def test_a_new_version_beside_an_edit_keeps_the_recorded_fusion_until_a_new_merge():
    entry = Entry("t.docx", Version("old", "d0"), Version("mid", "n0"), Version("mid", "f0"))
    plan = planned(
        [doc(0, "a.docx", Action.RENDER, OnDisk("edited", "n0", "f0"), entry, dest=Dest.BESIDE)],
        Manifest("case-1", "KEY", "0", [], {"a.docx": entry}),
    )
    commit = decide(plan, {0: RenderResult(0, "d1", True)}, False, Found({}, None))
    recorded = manifest_of(commit)["documents"]["a.docx"]
    assert recorded["nouveau"] == {"entrees": "in", "sortie": "d1"}
    assert recorded["fusion"] == {"entrees": "mid", "sortie": "f0"}
