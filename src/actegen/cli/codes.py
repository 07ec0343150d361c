"""The exit codes of ``actegen``, owned here: the click group's exception map (``app``), a
set's verdict (``report``) and the replayed no-op (``replay``) all exit with them.

0 success; 1 an invalid case or a document that cannot be produced; 2 a usage error
(click's own convention), and for ``diff`` a document that cannot be read (diff's
convention: 1 means « different »); 3 a bug in actegen; 130 interrupted (Ctrl+C).
"""

from __future__ import annotations

from ._console import err

DIFF_TROUBLE = 2
"""``actegen diff`` exits as diff does: 0 identical, 1 different, 2 trouble."""

BUG = 3
INTERRUPTED = 130  # 128 + SIGINT, as shells report it


def interrupted() -> int:
    """Say that Ctrl+C stopped the command; its exit code."""
    err.print("interrompu.", markup=False)
    return INTERRUPTED
