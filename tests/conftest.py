"""Shared fixtures: the template cache in a session folder, the shipped cases rendered once
for the session, a case's text; failed comparisons of large values explained briefly.

The paths and the CLI runners live in ``tests/helpers.py`` (test modules import them from
there, never from this file).
"""

from __future__ import annotations

import tempfile
from collections.abc import Generator, Iterator
from pathlib import Path

import pytest

from actegen.user_cache import CACHE_ENV

from . import short_diff
from .helpers import CASES, GIRIMBELLES, ROOT, run_cli

__all__ = ["CASES", "GIRIMBELLES", "ROOT"]


@pytest.hookimpl(wrapper=True)
def pytest_assertrepr_compare(
    op: str, left: object, right: object
) -> Generator[None, list[list[str]], list[list[str]]]:
    """A failed ``==`` between large values (output trees, whole documents) is explained by
    what differs, in linear time (``short_diff``), first of the hook's results: the one pytest
    shows. Its own explanation is still computed, so it is computed truncated, as off CI: on
    CI (``CI`` set) it is not, and its full diff of two output trees ran for hours."""
    short = short_diff.explain(left, right) if op == "==" else None
    if short is None:
        return (yield)
    with pytest.MonkeyPatch.context() as patch:
        for name in short_diff.CI_VARIABLES:
            patch.delenv(name, raising=False)
        theirs = yield
    return [short, *theirs]


@pytest.fixture(scope="session", autouse=True)
def template_cache(tmp_path_factory) -> Iterator[Path]:
    """The cache of prepared templates (``render.code_cache``) in a folder of the session:
    no test writes to the real home, and the session's renders share it, as runs do."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(CACHE_ENV, str(folder))
        yield folder


@pytest.fixture(scope="session")
def shipped_render(tmp_path_factory) -> dict[str, Path]:
    """Every shipped case rendered once for the session (``render cases/ --jobs 2``): case
    id → its output folder. Read-only: a test that edits documents renders its own copy."""
    out = tmp_path_factory.mktemp("livres")
    result = run_cli("render", str(CASES), "-o", str(out), "--jobs", "2", env={"CI": "true"})
    assert result.returncode == 0, result.stderr
    return {folder.name: folder for folder in sorted(out.iterdir()) if folder.is_dir()}


@pytest.fixture
def girimbelles_text() -> str:
    return GIRIMBELLES.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def girimbelles_rendered(shipped_render: dict[str, Path]) -> Path:
    """The Girimbelles set, for the read-back tests."""
    return shipped_render["girimbelles-1993"]


# --------------------------------------------------------------------------------------
# Golden documents (tests/test_golden_documents.py, on ``shipped_render``): the one command
# that updates the golden texts:
#     python -m pytest tests/test_golden_documents.py --update-golden


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/golden/ from the documents the shipped cases produce",
    )


@pytest.fixture
def spool_dir(tmp_path: Path, monkeypatch) -> Path:
    """The temporary folder where spool files go, watched by the test."""
    folder = tmp_path / "temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder
