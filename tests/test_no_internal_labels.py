"""No internal label in what a user or a maintainer reads (issue 14, point 4).

The five source documents were once filed as « seed 000 » … « seed 004 ». A reader of a note
de calcul has no idea what that is: every source is cited by its own title (« Rapport n°
93/4-18 au conseil municipal de Saint-Denis », « Qu'est-ce que la sécurisation Hlm ? »…).
This test keeps the word out of the code, the parameters, the templates, the schemas, the
cases, the documentation and every rendered document.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from actegen.diff import read_parts
from actegen.docx_lines import document_lines

from .helpers import ROOT

LABEL = re.compile(
    r"\bseed\b|\bdomain\.md\b|legal-review|architecture-review", re.IGNORECASE
)  # whole word: SEED_004 or « seeded » do not match
TEXT_SUFFIXES = {".py", ".yaml", ".yml", ".json", ".md", ".txt", ".toml", ".cfg", ".ini", ".j2"}


def _hits(text: str, where: str) -> list[str]:
    return [
        f"{where}:{n}: {line.strip()[:120]}"
        for n, line in enumerate(text.splitlines(), 1)
        if LABEL.search(line)
    ]


def _source_files() -> list[Path]:
    files = [ROOT / "README.md"]
    for folder in ("src", "templates", "schemas", "cases", "docs"):
        for path in sorted((ROOT / folder).rglob("*")):
            if (
                path.is_file()
                and "__pycache__" not in path.parts
                and not any(part.endswith(".egg-info") for part in path.parts)
            ):
                files.append(path)
    return files


def test_no_seed_label_in_sources() -> None:
    found: list[str] = []
    for path in _source_files():
        where = path.relative_to(ROOT).as_posix()
        if path.suffix == ".docx":  # a template or a clause: every XML part, as written
            with zipfile.ZipFile(path) as docx:
                for name in docx.namelist():
                    if name.endswith(".xml"):
                        found += _hits(docx.read(name).decode("utf-8"), f"{where}!{name}")
        elif path.suffix in TEXT_SUFFIXES:
            found += _hits(path.read_text(encoding="utf-8"), where)
    assert not found, "« seed » in user-facing text:\n" + "\n".join(found)


@pytest.fixture(scope="module")
def rendered(shipped_render: dict[str, Path]) -> Path:
    """The folder holding every shipped case's set (rendered once per session)."""
    (root,) = {folder.parent for folder in shipped_render.values()}
    return root


def test_no_seed_label_in_rendered_documents(rendered: Path) -> None:
    documents = sorted(rendered.rglob("*.docx"))
    assert documents
    found: list[str] = []
    for doc in documents:
        text = "\n".join(document_lines(read_parts(doc)))
        found += _hits(text, doc.relative_to(rendered).as_posix())
    assert not found, "« seed » in a rendered document:\n" + "\n".join(found)
