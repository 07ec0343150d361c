"""Where an installed actegen keeps its templates, schemas and example cases (``_data/``,
see setup.py); a checkout uses its own folders instead (each module's lookup says how).

The package folder itself, not ``importlib.resources``: actegen runs from a folder, never
from a zip (every lookup needs a real path), and the import costs 2.5 ms of a no-op's 80.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DATA = Path(__file__).resolve().parent / "_data"
