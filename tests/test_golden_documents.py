"""The full text of every document the shipped cases produce, compared exactly with a
committed golden text: ``tests/golden/<case id>/<document>.txt``, one line per paragraph
with its style, as ``actegen templates dump`` shows a template (``docx_lines``).

After a deliberate change of wording or figures, update every golden text with ONE command
and review the diff:

    python -m pytest tests/test_golden_documents.py --update-golden

A document missing, extra or different from its golden text is a failure.
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from actegen.authoring.templates_dump import dump

from .helpers import CASES

GOLDEN = Path(__file__).resolve().parent / "golden"
SHIPPED = sorted(p.stem for p in CASES.glob("*.yaml"))
UPDATE = "python -m pytest tests/test_golden_documents.py --update-golden"


def _rendered(folder: Path) -> dict[str, str]:
    """{golden file name: text} of the documents of one rendered case."""
    return {f"{p.stem}.txt": dump(p) for p in sorted(folder.glob("*.docx"))}


def _golden(case: str) -> dict[str, str]:
    folder = GOLDEN / case
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}


def _update(case: str, rendered: dict[str, str]) -> None:
    folder = GOLDEN / case
    folder.mkdir(parents=True, exist_ok=True)
    for stale in set(_golden(case)) - set(rendered):
        (folder / stale).unlink()
    for name, text in rendered.items():
        (folder / name).write_text(text, encoding="utf-8", newline="\n")


def _golden_cases() -> list[str]:
    return sorted(p.name for p in GOLDEN.iterdir() if p.is_dir()) if GOLDEN.is_dir() else []


def test_golden_folders_are_the_shipped_cases(
    shipped_render: dict[str, Path], request: pytest.FixtureRequest
):
    if request.config.getoption("--update-golden"):
        for extra in set(_golden_cases()) - set(shipped_render):
            shutil.rmtree(GOLDEN / extra)
        for case, folder in shipped_render.items():
            _update(case, _rendered(folder))
    assert sorted(shipped_render) == SHIPPED
    assert _golden_cases() == SHIPPED, f"mettre à jour : {UPDATE}"


@pytest.mark.parametrize("case", SHIPPED)
def test_every_document_equals_its_golden_text(
    shipped_render: dict[str, Path], case: str, request: pytest.FixtureRequest
):
    rendered = _rendered(shipped_render[case])
    if request.config.getoption("--update-golden"):
        _update(case, rendered)
    golden = _golden(case)
    assert sorted(rendered) == sorted(golden), (
        f"{case} : documents produits ≠ textes de référence (manquants : "
        f"{sorted(set(golden) - set(rendered))}, en trop : {sorted(set(rendered) - set(golden))}) ; "
        f"mettre à jour : {UPDATE}"
    )
    for name, text in rendered.items():
        diff = difflib.unified_diff(
            golden[name].splitlines(),
            text.splitlines(),
            f"tests/golden/{case}/{name}",
            f"{case} rendu",
            lineterm="",
        )
        assert text == golden[name], (
            f"{case}/{name} diffère de son texte de référence ; si le changement est voulu : {UPDATE}\n"
            + "\n".join(list(diff)[:40])
        )
