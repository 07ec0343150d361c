"""``actegen merge``: the notary's edited document with the changes of a new version applied
as Word tracked changes (three files given by hand; ``render`` does it by itself).

Exit 0 merged without conflict, 1 merged with conflicts (each listed), 2 a document that
cannot be read or written (``DIFF_TROUBLE``, as ``diff``).
"""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import display_path
from ._click_fr import FrenchPath
from ._console import CONTEXT, out


@click.command("merge", context_settings=CONTEXT)
@click.argument("base", type=FrenchPath(path_type=Path, dir_okay=False))
@click.argument("modifie", type=FrenchPath(path_type=Path, dir_okay=False))
@click.argument("nouveau", type=FrenchPath(path_type=Path, dir_okay=False))
@click.option(
    "-o",
    "--sortie",
    "sortie",
    required=True,
    type=FrenchPath(path_type=Path, dir_okay=False),
    help="Le document fusionné à écrire.",
)
def merge_cmd(base: Path, modifie: Path, nouveau: Path, sortie: Path) -> int:
    """Fusionne à trois : BASE (ce qu’actegen avait écrit), MODIFIE (le document du notaire),
    NOUVEAU (ce que le dossier donne maintenant). Écrit SORTIE : le document du notaire, les
    changements du dossier en modifications suivies ; un conflit garde le texte du notaire
    et porte un commentaire « conflit ».

    Code de sortie : 0 fusion sans conflit, 1 conflit(s), 2 erreur.
    """
    from ..merge import merge  # lazy: start-up speed (lxml, difflib)

    merged = merge(base, modifie, nouveau, sortie)
    out.print(
        f"{display_path(sortie)} : {merged.revisions} révision(s) suivie(s), "
        f"{len(merged.conflicts)} conflit(s)",
        markup=False,
    )
    for c in merged.conflicts:
        out.print(
            f"  conflit dans « {c.paragraph} » : notaire « {c.ours} », dossier « {c.theirs} »", markup=False
        )
    return 1 if merged.conflicts else 0
