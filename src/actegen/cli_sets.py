"""Commands for document sets: ``actegen diff`` (the ``render`` command lives in ``cli.py``).

Registered by ``cli.py``'s plugin loop; arguments → library calls → messages and exit codes.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click


def register(group: click.Group) -> None:
    from .cli import CONTEXT, err, out
    from .errors import ActegenError, display_path

    @group.command("diff", context_settings=CONTEXT)
    @click.argument("ancien", type=click.Path(path_type=Path, dir_okay=False))
    @click.argument("nouveau", type=click.Path(path_type=Path, dir_okay=False))
    @click.option("--docx", "sortie", type=click.Path(path_type=Path, dir_okay=False), default=None,
                  help="Écrit aussi SORTIE.docx : le nouveau document avec les différences en "
                       "modifications suivies (révisions Word à accepter ou refuser).")
    @click.option("--auteur", "auteur", default="actegen", show_default=True,
                  help="Auteur des révisions écrites avec --docx.")
    @click.option("-U", "--contexte", "contexte", type=click.IntRange(min=0), default=1, show_default=True,
                  help="Nombre de lignes de contexte autour de chaque différence.")
    def diff_cmd(ancien: Path, nouveau: Path, sortie: Path | None, auteur: str, contexte: int) -> None:
        """Montre ce qui a changé entre deux versions d'un document Word (ANCIEN puis NOUVEAU),
        paragraphe par paragraphe et cellule par cellule, en diff unifié.

        Code de sortie (comme diff) : 0 documents identiques, 1 différents, 2 erreur.
        """
        from .diff import text_diff, tracked_changes

        try:
            text = text_diff(ancien, nouveau, context=contexte)
            count = tracked_changes(ancien, nouveau, sortie, author=auteur) if sortie is not None else None
        except ActegenError as exc:
            err.print(f"erreur : {exc}", markup=False)
            sys.exit(2)
        except OSError as exc:
            err.print(f"erreur : écriture impossible ({exc.strerror or exc})", markup=False)
            sys.exit(2)
        click.echo(text, nl=False)
        if sortie is not None:
            out.print(f"{display_path(sortie)} : {count} révision(s) suivie(s) écrite(s)", markup=False)
        sys.exit(1 if text else 0)
