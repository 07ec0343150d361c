"""The wheel ships the templates, schemas and example cases, so `actegen` works anywhere."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from .helpers import ROOT


def test_wheel_contains_templates_schema_and_cases(tmp_path: Path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=False,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    (wheel,) = tmp_path.glob("actegen-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for template in (ROOT / "templates").rglob("*.docx"):
        assert f"actegen/_data/templates/{template.relative_to(ROOT / 'templates').as_posix()}" in names
    assert "actegen/_data/schemas/case.schema.json" in names
    assert "actegen/_data/cases/girimbelles-1993.yaml" in names
    assert any(n.startswith("actegen/parameters/") and n.endswith(".yaml") for n in names)
