"""Tools for the people who write cases and edit templates: case skeletons, template
checks, the case-field reference."""

from __future__ import annotations

from pathlib import Path

from ..package_data import PACKAGE_DATA


def shipped_cases_dir() -> Path:
    """The example cases: ``cases/`` of a checkout, else the copy inside the package."""
    checkout = Path(__file__).resolve().parents[3] / "cases"
    if checkout.is_dir() and any(checkout.glob("*.yaml")):
        return checkout
    return PACKAGE_DATA / "cases"


def shipped_cases() -> list[Path]:
    return sorted(shipped_cases_dir().glob("*.yaml"))
