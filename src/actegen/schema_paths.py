"""Where the case schema lives, apart from ``schema`` (how its formats become values, which
loads ``decimal`` and ``datetime``): the no-op re-run hashes the schema without those.

``schemas/case.schema.json`` is shipped inside the wheel; in a source checkout the
top-level ``schemas/`` folder is used, so that editing it takes effect at once.
"""

from __future__ import annotations

from pathlib import Path

from .package_data import PACKAGE_DATA

SCHEMA_NAME = "case.schema.json"


def schemas_dir() -> Path:
    """The top-level ``schemas/`` of a checkout, else the copy shipped in the package."""
    checkout = Path(__file__).resolve().parents[2] / "schemas"
    if (checkout / SCHEMA_NAME).is_file():
        return checkout
    return PACKAGE_DATA / "schemas"
