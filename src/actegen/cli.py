"""The command line: arguments → library calls → messages and exit codes. No logic here.

Exit codes: 0 success, 1 an invalid case or a document that cannot be produced,
2 a usage error (click's own convention).
"""

from __future__ import annotations

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
            _case, warnings = check_case(path)
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


@main.command("render", context_settings=CONTEXT)
@click.argument("dossier", type=click.Path(path_type=Path))
@click.option("-o", "--output", "sortie", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Dossier de sortie (par défaut : out/) ; les documents vont dans SORTIE/<id du dossier>/.")
@click.option("--templates", "modeles", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Dossier de modèles Word qui remplace les modèles livrés (sinon ./templates s'il existe).")
@click.option("--force", is_flag=True, default=False,
              help="Écrase aussi les documents modifiés à la main (sinon la nouvelle version est écrite à côté).")
def render_cmd(dossier: Path, sortie: Path | None, modeles: Path | None, force: bool) -> None:
    """Produit tous les documents du DOSSIER YAML (actes, délibération…) en DOCX.

    Rien n'est écrit si le dossier contient une erreur ou si un document échoue.
    """
    from .pipeline import render_case

    try:
        result = render_case(dossier, sortie, templates=modeles, force=force)
    except ActegenError as exc:
        _fail(exc)
        return
    _warn(result.warnings)
    report = result.report
    assert report is not None
    for edited, beside in report.beside_edits:
        err.print(f"avertissement : {display_path(result.output / edited)} a été modifié à la main ; "
                  f"il est conservé et la nouvelle version est écrite dans {display_path(result.output / beside)}",
                  markup=False)
    out.print(f"{display_path(result.output)} : {len(report.written)} document(s) écrit(s), "
              f"{len(report.unchanged)} inchangé(s), {len(report.beside_edits)} à côté d'une version modifiée",
              markup=False)


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
        case, results, warnings = explain_case(dossier)
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
