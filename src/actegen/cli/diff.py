"""``actegen diff``: what changed between two versions of a Word document.

Exits as diff does: 0 identical, 1 different; a document that cannot be read or written is
the exit-code map's 2 (``DIFF_TROUBLE``).
"""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import display_path
from ._click_fr import FrenchPath
from ._console import CONTEXT, out


def _author(value: str) -> str:
    """Refused before any document is read: a control character would end in broken XML."""
    from ..diff import author_problem  # lazy: start-up speed (lxml, difflib)

    problem = author_problem(value)
    if problem is not None:
        raise click.BadParameter(problem)
    return value


@click.command("diff", context_settings=CONTEXT)
@click.argument("ancien", type=FrenchPath(path_type=Path, dir_okay=False))
@click.argument("nouveau", type=FrenchPath(path_type=Path, dir_okay=False))
@click.option(
    "--docx",
    "sortie",
    type=FrenchPath(path_type=Path, dir_okay=False),
    default=None,
    help="Écrit aussi SORTIE.docx : le nouveau document avec les différences en "
    "modifications suivies (révisions Word à accepter ou refuser).",
)
@click.option(
    "--auteur",
    "auteur",
    default="actegen",
    show_default=True,
    callback=lambda _ctx, _param, value: _author(value),
    help="Auteur des révisions écrites avec --docx.",
)
@click.option(
    "-U",
    "--contexte",
    "contexte",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="Nombre de lignes de contexte autour de chaque différence.",
)
def diff_cmd(ancien: Path, nouveau: Path, sortie: Path | None, auteur: str, contexte: int) -> int:
    """Montre ce qui a changé entre deux versions d'un document Word (ANCIEN puis NOUVEAU),
    paragraphe par paragraphe et cellule par cellule, en diff unifié.

    Code de sortie (comme diff) : 0 documents identiques, 1 différents, 2 erreur.
    """
    from ..diff import text_diff, tracked_changes  # lazy: start-up speed (lxml, difflib)

    text = text_diff(ancien, nouveau, context=contexte)
    count = tracked_changes(ancien, nouveau, sortie, author=auteur) if sortie is not None else None
    click.echo(text, nl=False)
    if sortie is not None:
        out.print(f"{display_path(sortie)} : {count} révision(s) suivie(s) écrite(s)", markup=False)
    return 1 if text else 0
