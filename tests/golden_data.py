"""The golden figures of the Girimbelles operation (``tests/data/girimbelles_golden.yaml``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

GIRIMBELLES_GOLDEN = Path(__file__).parent / "data" / "girimbelles_golden.yaml"


def girimbelles_golden() -> dict[str, Any]:
    """The golden file with every scalar as text, so that each figure becomes a ``Decimal``
    from the text the seed printed, never through a float."""
    return yaml.load(GIRIMBELLES_GOLDEN.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
