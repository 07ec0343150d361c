"""``actegen plan``: the cases of a set loaded, validated, computed and hashed once, into a
plan file that CI jobs share with ``actegen render --plan PLAN --shard K/N``."""

from __future__ import annotations

import os
from pathlib import Path

import click

from ..errors import CaseInvalid, display_path, format_errors, plural
from ._click_fr import FrenchPath, templates_option
from ._console import CONTEXT, err, out, print_lines


def _seconds(micro: int) -> str:
    """Microseconds as French seconds with one decimal (« 12,4 s »)."""
    tenths = (micro + 50_000) // 100_000
    return f"{tenths // 10},{tenths % 10} s"


@click.command("plan", context_settings=CONTEXT)
@click.argument("dossiers", nargs=-1, required=True, type=FrenchPath(path_type=Path))
@click.option(
    "-o",
    "--output",
    "fichier",
    required=True,
    type=FrenchPath(path_type=Path, dir_okay=False),
    help="Le fichier du plan à écrire (JSON), par exemple plan.json.",
)
@click.option(
    "--sortie",
    "sortie",
    type=FrenchPath(path_type=Path, file_okay=False),
    default=Path("out"),
    show_default=True,
    help="Dossier de sortie des rendus du plan (render --plan l'utilise sans -o).",
)
@templates_option
@click.option(
    "--parts",
    "parts",
    type=click.IntRange(min=1),
    default=None,
    help="Affiche aussi le coût estimé de chacune de N parts (render --shard K/N).",
)
def plan_cmd(
    dossiers: tuple[Path, ...], fichier: Path, sortie: Path, modeles: Path | None, parts: int | None
) -> int:
    """Prépare le rendu en parallèle des DOSSIERS YAML : chacun est lu, vérifié et calculé
    une seule fois ; le plan donne, pour chaque document, l'empreinte de ses données et son
    coût estimé. Un dossier invalide : rien n'est écrit, code 1.
    """
    from ..build.planfile import part_costs  # lazy: start-up speed (see cli/render.py)
    from ..output.durable import write_file
    from ..sharding import plan_set

    result = plan_set(dossiers, sortie, modeles)
    print_lines(err, map(str, result.warnings))
    for path, exc in result.failures:
        if isinstance(exc, CaseInvalid):
            print_lines(err, format_errors(exc))
        else:
            err.print(f"{display_path(path)}: {exc}", markup=False)
    if result.plan is None:
        n = len(result.failures)
        err.print(f"{n} {plural('dossier', n)} en erreur : aucun plan n'a été écrit.", markup=False)
        return 1
    plan = result.plan
    tmp = fichier.with_name(f".{fichier.name}.tmp")
    write_file(tmp, plan.to_bytes())
    os.replace(tmp, fichier)
    cases, docs = len(plan.cases), sum(len(c.documents) for c in plan.cases)
    total = sum(c.cost for c in plan.cases)
    out.print(
        f"{display_path(fichier)} : {cases} {plural('dossier', cases)}, {docs} {plural('document', docs)}, "
        f"coût estimé {_seconds(total)}",
        markup=False,
    )
    if parts:
        costs = ", ".join(_seconds(c) for c in part_costs(plan, parts))
        out.print(f"en {parts} parts : {costs}", markup=False)
    return 0
