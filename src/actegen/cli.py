"""The command line: arguments → library calls → messages and exit codes. No logic here.

Exit codes: 0 success, 1 an invalid case or a document that cannot be produced,
2 a usage error (click's own convention).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from rich.console import Console

from . import __version__, _click_fr
from .errors import ActegenError, CaseInvalid, display_path

_click_fr.install()

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def _fail(exc: ActegenError) -> None:
    """Print every error of ``exc`` and exit with its code; never a traceback."""
    if isinstance(exc, CaseInvalid):
        for e in exc.errors:
            err.print(str(e), markup=False)
        n = len(exc.errors)
        err.print(f"{n} erreur{'s' if n > 1 else ''} : rien n'a été écrit.", markup=False)
    else:
        err.print(f"erreur : {exc}", markup=False)
    sys.exit(exc.exit_code)


def _warn(warnings) -> None:
    for w in warnings:
        err.print(str(w), markup=False)


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "--version", "-V", prog_name="actegen",
                      message="%(prog)s %(version)s")
def main() -> None:
    """actegen : actes de vente, délibérations, bulletins d'assurance revente et conventions
    CAF des ventes de logement social, produits en DOCX depuis un dossier YAML."""


@main.command("validate", context_settings=CONTEXT)
@click.argument("dossiers", nargs=-1, required=True, type=click.Path(path_type=Path))
def validate_cmd(dossiers: tuple[Path, ...]) -> None:
    """Vérifie un ou plusieurs DOSSIERS YAML (schéma et règles métier) sans rien écrire.

    Chaque problème est signalé sous la forme fichier:ligne:colonne: champ : message.
    """
    from .pipeline import check_case

    failed = 0
    for path in dossiers:
        try:
            _case, warnings, _results = check_case(path)
        except CaseInvalid as exc:
            failed += 1
            for e in exc.errors:
                err.print(str(e), markup=False)
            continue
        except ActegenError as exc:
            failed += 1
            err.print(f"{display_path(path)}: {exc}", markup=False)
            continue
        _warn(warnings)
        out.print(f"{display_path(path)} : valide", markup=False)
    if failed:
        err.print(f"{failed} dossier{'s' if failed > 1 else ''} invalide{'s' if failed > 1 else ''}.", markup=False)
        sys.exit(1)


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


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n > 1 else ''}"


@main.command("render", context_settings=CONTEXT)
@click.argument("dossiers", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "sortie", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Dossier de sortie (par défaut : out/) ; chaque dossier va dans SORTIE/<id du dossier>/.")
@click.option("--templates", "modeles", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Dossier de modèles Word qui remplace les modèles livrés (sinon ./templates s'il existe).")
@click.option("--force", is_flag=True, default=False,
              help="Écrase aussi les documents modifiés à la main (sinon la nouvelle version est écrite à côté).")
@click.option("-j", "--jobs", "processus", type=click.IntRange(min=1), default=None,
              help="Nombre de processus de rendu (par défaut : le nombre de processeurs).")
@click.option("--check", "verifier", is_flag=True, default=False,
              help="N'écrit rien : code 0 si les documents sur disque sont ceux que les dossiers "
                   "produiraient, 1 sinon, avec la liste des documents à mettre à jour.")
@click.option("--shard", "part", metavar="K/N", default=None, callback=_shard,
              help="Ne traite que la K-ième de N parts de l'ensemble (répartition stable, par nom de "
                   "document), pour partager un gros lot entre les machines d'une CI.")
@click.option("--pdf", "pdf", is_flag=True, default=False,
              help="Écrit aussi un PDF à côté de chaque DOCX produit (LibreOffice).")
def render_cmd(dossiers: tuple[Path, ...], sortie: Path | None, modeles: Path | None, force: bool,
               processus: int | None, verifier: bool, part: tuple[int, int] | None, pdf: bool) -> None:
    """Produit en DOCX tous les documents des DOSSIERS YAML (fichiers, ou dossiers contenant
    des fichiers *.yaml) : actes, délibération…, un dossier de sortie par dossier YAML.

    Seuls les documents dont les données, les modèles ou les paramètres ont changé sont
    refaits ; un document modifié à la main n'est jamais écrasé (la nouvelle version est
    écrite à côté, NOM.nouveau.docx). Un dossier invalide, ou dont un document échoue, n'est
    pas écrit ; les autres le sont, et le code de sortie est alors 1.
    """
    from .pipeline import SetOptions, render_set

    converter = None
    if pdf and not verifier:
        try:
            from .pdf import convert_to_pdf as converter
        except ModuleNotFoundError as exc:
            if exc.name != "actegen.pdf":
                raise
            err.print("erreur : l'option --pdf demande le module de conversion actegen.pdf, absent de "
                      "cette installation ; relancer sans --pdf.", markup=False)
            sys.exit(1)
    options = SetOptions(sortie or Path("out"), templates=modeles, force=force,
                         jobs=processus or _cpu_count(), check=verifier, shard=part, pdf=converter)
    show_bar = out.is_terminal and not os.environ.get("CI")
    try:
        if show_bar:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            # Refreshed from this thread only: the rendering processes are forked, never
            # beside a running thread.
            with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                          TimeElapsedColumn(), console=out, transient=True, auto_refresh=False) as bar:
                task = bar.add_task("Vérification" if verifier else "Rendu", total=0)

                def tick(done: int, more: int) -> None:
                    total = bar.tasks[0].total or 0
                    bar.update(task, advance=done, total=total + more)
                    bar.refresh()

                report = render_set(dossiers, options, tick)
        else:
            report = render_set(dossiers, options)
    except ActegenError as exc:
        _fail(exc)
        return
    _report_set(report, options)


def _report_set(report, options) -> None:
    """Per case: errors, warnings, edited files; then the summary, and the exit code."""
    for case in report.cases:
        _warn(case.warnings)
        for line in case.warning_lines:
            err.print(line, markup=False)
        if case.error is not None:
            if isinstance(case.error, CaseInvalid):
                for e in case.error.errors:
                    err.print(str(e), markup=False)
                n = len(case.error.errors)
                err.print(f"{_plural(n, 'erreur')} : rien n'a été écrit pour {display_path(case.path)}.", markup=False)
            else:
                err.print(f"erreur : {case.error}", markup=False)
                if not options.check:
                    err.print(f"rien n'a été écrit pour {display_path(case.path)}.", markup=False)
            continue
        folder = case.output
        for edited, beside, _rewritten in case.beside:
            err.print(f"avertissement : {display_path(folder / edited)} a été modifié à la main ; il est conservé "
                      f"et la nouvelle version est dans {display_path(folder / beside)}", markup=False)
        for name in case.kept_obsolete:
            err.print(f"avertissement : {display_path(folder / name)} n'est plus produit par le dossier, mais il a "
                      "été modifié à la main : il est conservé", markup=False)
        for name in case.removed:
            out.print(f"{display_path(folder / name)} : n'est plus produit par le dossier, supprimé", markup=False)
        for name, reason in case.differences:
            out.print(f"{display_path(folder / name)} : {reason}", markup=False)
    failed = report.failed_cases
    docs_failed = sum(max(1, len(c.failures)) for c in failed if c.failures)
    written = report.count("written") + sum(1 for c in report.cases for b in c.beside if b[2])
    unchanged = report.count("unchanged") + sum(1 for c in report.cases for b in c.beside if not b[2])
    ignored = report.count("outside")
    cases = len(report.cases)
    if options.check:
        n = report.differences
        summary = (f"{_plural(cases, 'dossier')} : {_plural(unchanged, 'document')} à jour, "
                   f"{n} à mettre à jour ou modifié{'s' if n > 1 else ''} à la main")
    else:
        summary = (f"{_plural(cases, 'dossier')} : {_plural(written, 'document')} écrit{'s' if written > 1 else ''}, "
                   f"{unchanged} inchangé{'s' if unchanged > 1 else ''}, {ignored} ignoré{'s' if ignored > 1 else ''}, "
                   f"{docs_failed} en échec")
        beside = report.count("beside")
        if beside:
            summary += f" ; {beside} à côté d'une version modifiée à la main"
        if written == 0 and not failed:
            summary += " ; rien n'a été réécrit"
    if ignored and options.shard:
        summary += f" (part {options.shard[0]}/{options.shard[1]})"
    if failed:
        summary += f" ; {_plural(len(failed), 'dossier')} en erreur"
    out.print(summary, markup=False)
    if failed or (options.check and report.differences):
        sys.exit(1)


@main.command("explain", context_settings=CONTEXT)
@click.argument("dossier", type=click.Path(path_type=Path))
@click.option("--lot", "lot", default=None, help="N'expliquer que ce lot (son numéro).")
@click.option("--json", "as_json", is_flag=True, default=False,
              help="Sortie JSON (montants en texte exact) au lieu du texte.")
def explain_cmd(dossier: Path, lot: str | None, as_json: bool) -> None:
    """Affiche la note de calcul du DOSSIER : chaque montant avec sa formule, ses données,
    son arrondi et la référence de chaque paramètre, pour une vérification à la main."""
    from . import note_de_calcul
    from .pipeline import explain_case

    try:
        case, warnings, results = explain_case(dossier)
        text = (note_de_calcul.as_json if as_json else note_de_calcul.as_text)(case, results, lot)
    except ActegenError as exc:
        _fail(exc)
        return
    _warn(warnings)
    click.echo(text, nl=False)


# Commands contributed by other modules (sets and diff, authoring tools) register here.
for _module in ("cli_sets", "cli_authoring"):
    try:
        _plugin = __import__(f"actegen.{_module}", fromlist=["register"])
    except ModuleNotFoundError as _exc:  # not written yet
        if _exc.name != f"actegen.{_module}":
            raise
    else:
        _plugin.register(main)


if __name__ == "__main__":  # pragma: no cover
    main()
