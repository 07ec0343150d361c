"""The garbage collector of a command started with it off (``actegen.__main__``)."""

from __future__ import annotations

import gc


def collecting() -> None:
    """The collector back on, if the command was started with it off: what the imports
    made is set aside for good (``gc.freeze``), never walked again."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()
