"""Shared fixtures: paths of the shipped material, a runner for the CLI in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "cases"
GIRIMBELLES = CASES / "girimbelles-1993.yaml"


@pytest.fixture
def girimbelles_text() -> str:
    return GIRIMBELLES.read_text(encoding="utf-8")


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run ``actegen`` as a user would, in a subprocess (exit code, stdout, stderr)."""
    full_env = dict(os.environ)
    full_env.pop("SOURCE_DATE_EPOCH", None)
    if env:
        full_env.update(env)
    return subprocess.run([sys.executable, "-m", "actegen.cli", *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="session")
def girimbelles_rendered(tmp_path_factory) -> Path:
    """The Girimbelles set rendered once for the session's read-back tests."""
    out = tmp_path_factory.mktemp("rendu")
    result = run_cli("render", str(GIRIMBELLES), "-o", str(out))
    assert result.returncode == 0, result.stderr
    return out / "girimbelles-1993"


# --------------------------------------------------------------------------------------
# Golden documents (tests/test_golden_documents.py): every shipped case rendered once per
# session, and the one command that updates the golden texts:
#     python -m pytest tests/test_golden_documents.py --update-golden


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/golden/ from the documents the shipped cases produce")


@pytest.fixture(scope="session")
def shipped_sets(tmp_path_factory) -> dict[str, Path]:
    """Every shipped case rendered once for the session: {case id: its output folder}."""
    out = tmp_path_factory.mktemp("shipped")
    result = run_cli("render", str(CASES), "-o", str(out))
    assert result.returncode == 0, result.stderr
    return {folder.name: folder for folder in sorted(out.iterdir()) if folder.is_dir()}
