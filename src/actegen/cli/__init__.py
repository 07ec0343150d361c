"""The command line: ``app`` is the click group (``main``), one module per command beside it.

``main`` is loaded on first use (a module ``__getattr__``), so that the replayed no-op
(``replay``) prints its report through ``_console`` and ``report`` without importing click.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import main


def __getattr__(name: str) -> Any:
    if name == "main":
        from .app import main

        return main
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["main"]
