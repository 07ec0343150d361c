"""``actegen manifest merge``: the shards' manifests of a sharded render joined into each
case's manifest, so that the next full render of the tree is a no-op."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import display_path, plural
from ._click_fr import FrenchPath
from ._console import CONTEXT, out


@click.group("manifest", context_settings=CONTEXT)
def manifest_group() -> None:
    """Les manifestes des dossiers de sortie (.actegen-manifest.json)."""


@manifest_group.command("merge", context_settings=CONTEXT)
@click.argument(
    "sorties", nargs=-1, required=True, type=FrenchPath(path_type=Path, file_okay=False, exists=True)
)
@click.option(
    "--plan",
    "plan_file",
    type=FrenchPath(path_type=Path, dir_okay=False),
    default=None,
    help="N'accepte que les parts de ce plan, et vérifie qu'aucun de ses dossiers ne manque.",
)
def merge_cmd(sorties: tuple[Path, ...], plan_file: Path | None) -> int:
    """Fusionne les manifestes des parts (.actegen-manifest.shard-K-of-N.json) de chaque
    dossier des SORTIES — les dossiers de sortie des parts réunis en un seul arbre — dans
    son manifeste. Refuse des parts de plans différents, une part manquante, un document
    absent ou autre que ce que sa part a écrit : rien n'est alors fusionné (code 1).
    """
    from ..build.planfile import read_plan  # lazy: start-up speed (see cli/render.py)
    from ..build.shard import merge_output

    plan = read_plan(plan_file) if plan_file is not None else None
    for root in sorties:
        merged = merge_output(root, plan)
        n, d = len(merged.cases), merged.documents
        if n:
            line = f"{n} {plural('dossier', n)} {plural('fusionné', n)}, {d} {plural('document', d)}"
        else:
            line = "aucune part à fusionner"
        out.print(f"{display_path(root)} : {line}", markup=False)
    return 0
