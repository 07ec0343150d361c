"""The two render paths, in-process: what they report for a bad template file, what they
let through (a bug inside actegen escapes as itself, it is no « fichier modèle illisible »),
and the streamed body's off switch."""

from __future__ import annotations

import io
import shutil
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actegen import documents
from actegen.errors import TemplateError
from actegen.pipeline import check_case, settings_for
from actegen.render import Renderer, plain, prepared, streamed
from actegen.render.prepared import _TITLE_MARK
from actegen.templates import shipped_templates_dir

from .helpers import GIRIMBELLES

PATHS = [pytest.param(True, id="prepared"), pytest.param(False, id="plain")]


@pytest.fixture(scope="module")
def acte():
    """The first acte of Girimbelles and its settings."""
    case, _warnings, results = check_case(GIRIMBELLES)
    job = next(j for j in documents.build_jobs(case, results) if j.template == "acte_de_vente.docx")
    return job, settings_for(case)


def _templates_with(tmp_path: Path, write) -> Path:
    folder = tmp_path / "modeles"
    shutil.copytree(shipped_templates_dir(), folder)
    write(folder / "acte_de_vente.docx")
    return folder


def _without_document_xml(path: Path) -> None:
    with zipfile.ZipFile(path) as z:
        members = {name: z.read(name) for name in z.namelist() if name != "word/document.xml"}
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)


def _broken_xml(path: Path) -> None:
    with zipfile.ZipFile(path) as z:
        members = {name: z.read(name) for name in z.namelist()}
    members["word/document.xml"] = members["word/document.xml"][:500]
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)


@pytest.mark.parametrize("fast", PATHS)
@pytest.mark.parametrize(
    "corrupt, cause",
    [
        (lambda p: p.write_bytes(b"pas un zip"), r"(BadZipFile|PackageNotFoundError)"),
        (_without_document_xml, "KeyError"),
        (_broken_xml, "XMLSyntaxError"),
    ],
)
def test_a_bad_template_file_is_reported_as_unreadable(tmp_path: Path, acte, fast: bool, corrupt, cause: str):
    job, settings = acte
    renderer = Renderer(_templates_with(tmp_path, corrupt))
    with pytest.raises(TemplateError, match=rf"^acte_de_vente\.docx: fichier modèle illisible \({cause}\)$"):
        renderer.render(job, settings, fast=fast)


@pytest.mark.parametrize("fast", PATHS)
def test_a_bug_inside_actegen_escapes_as_itself(monkeypatch, acte, fast: bool):
    """A KeyError raised by actegen's own code while rendering is a bug, not a bad file."""

    def broken(*_args):
        raise KeyError("a bug")

    monkeypatch.setattr(prepared if fast else plain, "set_properties", broken)
    job, settings = acte
    with pytest.raises(KeyError, match="a bug"):
        Renderer(shipped_templates_dir()).render(job, settings, fast=fast)


def test_with_streaming_off_every_body_takes_the_tree_path_and_the_bytes_are_the_same(monkeypatch, acte):
    job, settings = acte
    renderer = Renderer(shipped_templates_dir())
    streamed_bytes = renderer.render(job, settings, fast=True)
    assert renderer.prepared(job.template, settings).tree_renders == 0
    monkeypatch.setattr(streamed, "STREAM_BODIES", False)
    assert renderer.render(job, settings, fast=True) == streamed_bytes
    assert renderer.prepared(job.template, settings).tree_renders == 1
    assert renderer.render(job, settings, fast=False) == streamed_bytes


_ODD_TEXT = st.text(max_size=300) | st.text(alphabet="&<>\"' \t\r\n\x00\x7f\ufffeéèà—«»", max_size=20)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=_ODD_TEXT | st.just(_TITLE_MARK), values=st.lists(_ODD_TEXT | st.just(_TITLE_MARK), min_size=6))
def test_a_core_xml_made_from_its_skeleton_is_the_full_paths(acte, title: str, values: list[str]):
    """The prepared path writes docProps/core.xml from a skeleton, the title put in: for any
    title and any rendered template properties, the bytes the full path would write, or the
    same refusal."""
    job, settings = acte
    template = Renderer(shipped_templates_dir()).prepared(job.template, settings)
    assert template is not None
    rendered = tuple(values[: len(template._property_templates)])
    titled = replace(job, title=title)
    try:
        full = template._core_part(titled, settings, rendered)
    except ValueError as exc:
        with pytest.raises(type(exc)):
            template._core(titled, settings, rendered)
        return
    assert template._core(titled, settings, rendered) == full
    assert template._core(titled, settings, rendered) == full  # from the skeleton, made once


def test_the_documents_of_a_case_share_one_core_skeleton(acte):
    """The shipped templates render their title property from ``doc.titre``, which the
    case then sets: documents with other titles still share the skeleton."""
    job, settings = acte
    renderer = Renderer(shipped_templates_dir())
    template = renderer.prepared(job.template, settings)
    assert template is not None
    first = renderer.render(job, settings, fast=True)
    doc = {**job.context["doc"], "titre": "Acte de vente — lot 99"}
    other = replace(job, title=doc["titre"], context={**job.context, "doc": doc})
    second = renderer.render(other, settings, fast=True)
    assert len(template._core_skeletons) == 1
    assert first != second
    core = zipfile.ZipFile(io.BytesIO(second)).read("docProps/core.xml").decode()
    assert "<dc:title>Acte de vente — lot 99</dc:title>" in core
