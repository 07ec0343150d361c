"""What every command shares: click's context settings and the two consoles."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

# No emoji codes: « dossier.yaml:100:7: » would print « dossier.yaml💯7: ».
out = Console(highlight=False, soft_wrap=True, emoji=False)
err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)


def print_lines(console: Console, lines: Iterable[str]) -> None:
    """Each line as it is: no rich markup, no highlighting (paths and messages hold « [ »)."""
    for line in lines:
        console.print(line, markup=False)
