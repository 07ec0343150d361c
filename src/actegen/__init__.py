"""actegen — French social-housing sale paperwork, from YAML case files to DOCX.

The public API is the pipeline's: ``check_case``, ``explain_case``, ``render_case``,
``render_set`` and ``SetOptions``. They are attributes of this package loaded on first use
(a module ``__getattr__``): importing the pipeline takes about 0.2 s (Jinja, docxtpl, lxml),
which ``actegen --version`` and ``--help`` must not pay.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from ._version import __version__

__all__ = ["SetOptions", "__version__", "check_case", "explain_case", "render_case", "render_set"]

_FROM_PIPELINE = frozenset({"SetOptions", "check_case", "explain_case", "render_case", "render_set"})

if TYPE_CHECKING:
    from .pipeline import SetOptions, check_case, explain_case, render_case, render_set


def __getattr__(name: str) -> Any:
    if name in _FROM_PIPELINE:
        return getattr(import_module(".pipeline", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
