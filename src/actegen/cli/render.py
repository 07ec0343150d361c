"""``actegen validate``, ``render`` and ``explain``: a case, or a set of them, through the pipeline.

The one lazy boundary of actegen's start-up: the pipeline (and the YAML parser, jsonschema,
Jinja, docxtpl, lxml, num2words behind it) is imported inside each command, not at the
top, so that ``actegen --version``, ``--help`` and a mistyped option answer without loading
it; and ``render`` first asks ``build.noop``, which loads none of them, whether there is
anything to do at all — a re-run with nothing changed ends there, in milliseconds.
"""

from __future__ import annotations

import atexit
import dataclasses
import gc
import os
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import ActegenError, CaseInvalid, display_path, format_errors, plural
from ._click_fr import FrenchPath, templates_option
from ._collector import collecting
from ._console import CONTEXT, Tick, err, out, print_lines, progress_bar
from .report import set_exit_code, summary_lines

if TYPE_CHECKING:
    from ..build.options import SetOptions
    from ..build.planfile import PlanFile
    from ..build.report import SetReport
    from ..pdf_stage import Converter, PdfStage


@click.command("validate", context_settings=CONTEXT)
@click.argument("dossiers", nargs=-1, required=True, type=FrenchPath(path_type=Path))
def validate_cmd(dossiers: tuple[Path, ...]) -> int:
    """Vérifie un ou plusieurs DOSSIERS YAML (schéma et règles métier) sans rien écrire.

    Chaque problème est signalé sous la forme fichier:ligne:colonne: champ : message.
    """
    from ..pipeline import check_case  # lazy: start-up speed (see the module docstring)

    failed = 0
    for path in dossiers:
        # Each file gets its verdict and the next one is checked: errors are reported here,
        # per file, rather than stopping the command in the exit-code map.
        try:
            warnings = check_case(path).warnings
        except CaseInvalid as exc:
            failed += 1
            print_lines(err, format_errors(exc))
            continue
        except ActegenError as exc:
            failed += 1
            err.print(f"{display_path(path)}: {exc}", markup=False)
            continue
        print_lines(err, map(str, warnings))
        out.print(f"{display_path(path)} : valide", markup=False)
    if failed:
        err.print(f"{failed} {plural('dossier', failed)} {plural('invalide', failed)}.", markup=False)
        return 1
    return 0


def _shard(_ctx: click.Context, _param: click.Parameter, value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    k, sep, n = value.partition("/")
    if sep and k.isdigit() and n.isdigit() and 1 <= int(k) <= int(n):
        return int(k), int(n)
    raise click.BadParameter(f"« {value} » : attendu K/N avec 1 ≤ K ≤ N, par exemple 1/4")


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@click.command("render", context_settings=CONTEXT)
@click.argument("dossiers", nargs=-1, required=False, type=FrenchPath(path_type=Path))
@click.option(
    "-o",
    "--output",
    "sortie",
    type=FrenchPath(path_type=Path, file_okay=False),
    default=None,
    help="Dossier de sortie (par défaut : out/) ; chaque dossier va dans SORTIE/<id du dossier>/.",
)
@templates_option
@click.option(
    "--force",
    is_flag=True,
    default=False,
    help="Écrase aussi les documents modifiés à la main (sinon la nouvelle version est écrite à côté).",
)
@click.option(
    "-j",
    "--jobs",
    "processus",
    type=click.IntRange(min=1),
    default=None,
    help="Nombre de processus de rendu (par défaut : le nombre de processeurs).",
)
@click.option(
    "--check",
    "verifier",
    is_flag=True,
    default=False,
    help="N'écrit rien : code 0 si les documents sur disque sont ceux que les dossiers "
    "produiraient, 1 sinon, avec la liste des documents à mettre à jour.",
)
@click.option(
    "--shard",
    "part",
    metavar="K/N",
    default=None,
    callback=_shard,
    help="Ne traite que la K-ième de N parts de l'ensemble, pour partager un gros lot entre "
    "les machines d'une CI : avec --plan, des parts de coûts équilibrés ; sans, une "
    "répartition stable par nom de document.",
)
@click.option(
    "--plan",
    "plan_file",
    type=FrenchPath(path_type=Path, dir_okay=False),
    default=None,
    help="Rend les dossiers du PLAN (actegen plan) au lieu des DOSSIERS ; avec --shard K/N, "
    "la K-ième de N parts de coûts équilibrés, sans relire les dossiers des autres parts.",
)
@click.option(
    "--pdf",
    "pdf",
    is_flag=True,
    default=False,
    help="Écrit aussi un PDF à côté de chaque DOCX produit (LibreOffice), en PDF/A-1 par défaut.",
)
@click.option(
    "--pdf-version",
    "pdf_version",
    type=click.Choice(["a1", "a2", "plain"]),
    default="a1",
    show_default=True,
    help="Forme des PDF : a1 = PDF/A-1 (celle qu'accepte l'archivage électronique des actes), "
    "a2 = PDF/A-2b, plain = PDF ordinaire.",
)
@click.option(
    "-v",
    "--verbose",
    "bavard",
    is_flag=True,
    default=False,
    help="Détaille la conversion PDF (LibreOffice piloté par UNO, ou en lot).",
)
def render_cmd(
    dossiers: tuple[Path, ...],
    sortie: Path | None,
    modeles: Path | None,
    force: bool,
    processus: int | None,
    verifier: bool,
    part: tuple[int, int] | None,
    plan_file: Path | None,
    pdf: bool,
    pdf_version: str,
    bavard: bool,
) -> int:
    """Produit en DOCX tous les documents des DOSSIERS YAML (fichiers, ou dossiers contenant
    des fichiers *.yaml) : actes, délibération…, un dossier de sortie par dossier YAML.

    Seuls les documents dont les données, les modèles ou les paramètres ont changé sont
    refaits ; un document modifié à la main n'est jamais écrasé (la nouvelle version est
    écrite à côté, NOM.nouveau.docx). Un dossier invalide, ou dont un document échoue, n'est
    pas écrit ; les autres le sont, et le code de sortie est alors 1.
    """
    from ..build.noop import unchanged_set  # lazy: start-up speed (see the module docstring)
    from ..build.options import SetOptions

    if plan_file is not None and (dossiers or verifier):
        raise click.UsageError("--plan remplace les DOSSIERS, et ne va pas avec --check")
    if plan_file is None and not dossiers:  # « Argument manquant », as when DOSSIERS was required
        ctx = click.get_current_context()
        dossiers_param = next(p for p in ctx.command.params if p.name == "dossiers")
        raise click.MissingParameter(ctx=ctx, param=dossiers_param, param_hint="'DOSSIERS...'")
    plan = None
    if plan_file is not None:
        from ..build.planfile import read_plan  # lazy, as the pipeline

        plan = read_plan(plan_file)
        sortie = sortie or Path(plan.output_root)
        modeles = modeles or (Path(plan.templates) if plan.templates else None)

    converter = _pdf_converter(pdf_version, processus or _cpu_count()) if pdf and not verifier else None
    if converter is not None and bavard:
        err.print(f"PDF ({pdf_version}) : {converter.description}", markup=False)
    options = SetOptions(
        sortie or Path("out"),
        templates=modeles,
        force=force,
        jobs=processus or _cpu_count(),
        check=verifier,
        shard=part,
    )
    nothing_new = converter is None and plan is None
    report = unchanged_set(dossiers, options) if nothing_new else None
    if report is None:  # something to do: the pipeline is loaded (not on a no-op)
        collecting()
        report = _render_set(dossiers, plan, options, converter)
    else:
        # Nothing was opened nor written: the exit need not walk every object for garbage
        # (about 8 ms of a no-op's 90).
        atexit.register(gc.freeze)
    for stream, line in summary_lines(report, options):
        (out if stream == "out" else err).print(line, markup=False)
    if nothing_new and not verifier:
        from .replay import record  # the next identical line may skip click (``replay``)

        record(click.get_current_context().find_root().obj.argv, dossiers, options)
    return set_exit_code(report, options)


def _pdf_converter(version: str, workers: int) -> Converter:
    """The PDF converter: LibreOffice over UNO when it can, else the batch call."""
    try:
        from ..pdf import VERSIONS  # lazy: an optional module
        from ..pdf_pool import choose_converter
    except ModuleNotFoundError as exc:
        if exc.name not in ("actegen.pdf", "actegen.pdf_pool"):
            raise
        raise ActegenError(
            "l'option --pdf demande le module de conversion actegen.pdf, absent de "
            "cette installation ; relancer sans --pdf."
        ) from None
    return choose_converter(VERSIONS[version], workers)


def _pdf_stage(converter: Converter, tick: Tick | None) -> PdfStage:
    from ..pdf_stage import PdfStage  # lazy: see _pdf_converter

    return PdfStage(converter, tick)


def _render_set(
    dossiers: tuple[Path, ...], plan: PlanFile | None, options: SetOptions, converter: Converter | None
) -> SetReport:
    """The pipeline's render (or check) of the set, or of a part of a plan, with a progress bar
    on a terminal and the PDF stage converting beside the render when asked."""
    from ..pipeline import render_set  # lazy: start-up speed (see the module docstring)
    from ..sharding import render_plan

    with ExitStack() as stack:
        tick = stack.enter_context(progress_bar("Vérification" if options.check else "Rendu"))
        if converter is not None:
            stack.callback(converter.close)  # after the stage: it waits for the last PDFs
            options = dataclasses.replace(options, pdf=stack.enter_context(_pdf_stage(converter, tick)))
        if plan is not None:
            return render_plan(plan, options, tick)
        return render_set(dossiers, options, tick)


@click.command("explain", context_settings=CONTEXT)
@click.argument("dossier", type=FrenchPath(path_type=Path))
@click.option("--lot", "lot", default=None, help="N'expliquer que ce lot (son numéro).")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    default=False,
    help="Sortie JSON (montants en texte exact) au lieu du texte.",
)
def explain_cmd(dossier: Path, lot: str | None, as_json: bool) -> int:
    """Affiche la note de calcul du DOSSIER : chaque montant avec sa formule, ses données,
    son arrondi et la référence de chaque paramètre, pour une vérification à la main."""
    from ..documents import note_de_calcul  # lazy: start-up speed (see the module docstring)
    from ..pipeline import explain_case

    case, warnings, results = explain_case(dossier)
    text = (note_de_calcul.as_json if as_json else note_de_calcul.as_text)(case, results, lot)
    print_lines(err, map(str, warnings))
    click.echo(text, nl=False)
    return 0
