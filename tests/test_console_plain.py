"""The consoles write a plain line themselves, without loading rich (``cli/_console.py``): the
bytes must be the ones rich would write, on a pipe as on a terminal."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from actegen.cli import _console

LINES = [
    "",
    "7 dossiers : 0 document écrit, 59 inchangés, 0 ignoré, 0 en échec ; rien n'a été réécrit",
    "cases/girimbelles-1993.yaml:553:7: avertissement : lots[7].menage : lot 8 : « 25\u00a0% »",
    "[bold]pas du balisage[/bold] :100: 💯 日本語 e\u0301 \u200d\u200f",
    "une ligne bien plus longue que le terminal " * 12,
    "finit par une espace insécable\u00a0",
    "finit par une espace " + "x" * 200 + " ",
    "une\ttabulation",
    "un retour\nà la ligne",
    "une cloche\x07 et un retour chariot\r",
    "\x1b[31méchappement\x1b[0m",
    "\x85 un contrôle C1",
]


def _console_as_ours(terminal: bool, file: io.StringIO | None = None) -> Console:
    """The consoles' settings; a terminal 40 columns wide, or not a terminal."""
    return Console(file=file, highlight=False, soft_wrap=True, emoji=False, force_terminal=terminal, width=40)


def _rich(line: str, terminal: bool) -> str:
    buffer = io.StringIO()
    _console_as_ours(terminal, buffer).print(line, markup=False)
    return buffer.getvalue()


@pytest.mark.parametrize("terminal", [False, True])
@pytest.mark.parametrize("line", LINES)
def test_a_plain_line_is_written_as_rich_writes_it(line: str, terminal: bool, monkeypatch, capsys):
    expected = _rich(line, terminal)
    lazy = _console.LazyConsole()
    monkeypatch.setattr(_console.LazyConsole, "rich", property(lambda _self: _console_as_ours(terminal)))
    lazy.print(line, markup=False)
    assert capsys.readouterr().out == expected


def test_only_plain_lines_skip_rich(capsys):
    lazy = _console.LazyConsole(stderr=True)
    lazy.print("plain « texte »", markup=False)
    assert lazy._rich is None
    assert capsys.readouterr().err == "plain « texte »\n"
    lazy.print("avec\ttabulation", markup=False)
    assert lazy._rich is not None
    assert capsys.readouterr().err == "avec    tabulation\n"
