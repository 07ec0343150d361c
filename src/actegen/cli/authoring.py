"""Authoring commands: ``new``, ``templates check|dump|typographie``, ``schema --doc``.

The ``templates`` group takes its subcommands with ``templates_group.add_command``.
Library modules are imported inside each command: start-up speed (``--version``, ``--help``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from ._click_fr import FrenchPath
from ._console import CONTEXT, err, out


@click.command("new", context_settings=CONTEXT)
@click.argument("dossier", type=FrenchPath(path_type=Path, dir_okay=False))
@click.option(
    "--type",
    "kind",
    required=True,
    type=click.Choice(["lts", "psla", "vefa", "brs", "vente-hlm", "portage"]),
    help="Produit de l'opération.",
)
def new_cmd(dossier: Path, kind: str) -> int:
    """Crée le DOSSIER YAML d'une nouvelle opération, prérempli avec un exemple du produit
    choisi et commenté champ par champ ; il se valide et se produit tel quel."""
    from ..authoring.new_case import write_new  # lazy: start-up speed

    path = write_new(dossier, kind)
    out.print(
        f"{path} : dossier {kind} créé ; remplacer les valeurs d'exemple, puis « actegen validate {path} ».",
        markup=False,
    )
    return 0


@click.group("templates", context_settings=CONTEXT)
def templates_group() -> None:
    """Outils pour les modèles Word."""


@templates_group.command("check", context_settings=CONTEXT)
@click.option(
    "--templates",
    "modeles",
    type=FrenchPath(path_type=Path, file_okay=False),
    default=None,
    help="Dossier de modèles à vérifier (par défaut : ceux qu'utiliserait « render »).",
)
def check_cmd(modeles: Path | None) -> int:
    """Vérifie chaque modèle (corps, tableaux, en-têtes, pieds de page, notes) : variables
    inconnues du contexte, balises coupées par Word ou à guillemets typographiques, syntaxe.
    Liste aussi les champs du schéma qu'aucun modèle n'affiche. Code 1 en cas d'erreur."""
    # lazy: start-up speed (the pipeline, docxtpl-lint)
    from ..authoring.templates_check import check, contexts_from_shipped_cases
    from ..templates import templates_dir

    directory = templates_dir(modeles)
    report = check(directory, *contexts_from_shipped_cases())
    for finding in report.findings:
        (err if finding.severity == "erreur" else out).print(str(finding), markup=False)
    if report.unused_fields:
        out.print(
            "Champs du schéma qu'aucun modèle n'affiche (ils peuvent servir aux calculs) :", markup=False
        )
        for name in report.unused_fields:
            out.print(f"  {name}", markup=False)
    n = len(report.errors)
    summary = f"{len(report.templates)} modèle(s) vérifié(s), {n} erreur(s)"
    if n:
        err.print(summary, markup=False)
        return 1
    out.print(summary, markup=False)
    return 0


def _files_command(name: str, write_help: str) -> Callable[[Callable[..., int]], click.Command]:
    """A ``templates`` subcommand on FICHIERS (files or folders of templates) with ``--write``."""

    def register(function: Callable[..., int]) -> click.Command:
        function = click.option("--write", "ecrire", is_flag=True, default=False, help=write_help)(function)
        function = click.argument(
            "fichiers", nargs=-1, required=True, type=FrenchPath(path_type=Path, exists=True)
        )(function)
        return templates_group.command(name, context_settings=CONTEXT)(function)

    return register


@_files_command("dump", "Écrit NOM.docx.txt à côté de chaque modèle au lieu d'afficher le texte.")
def dump_cmd(fichiers: tuple[Path, ...], ecrire: bool) -> int:
    """Affiche le texte de chaque modèle Word (FICHIERS, ou dossiers de modèles) : un
    paragraphe par ligne avec son style, les balises telles qu'écrites, les tableaux par
    cellule, puis en-têtes, pieds de page et notes. Sert de « textconv » à git
    (git config diff.actegen.textconv "actegen templates dump")."""
    from ..authoring.templates_dump import dump_command  # lazy: start-up speed

    # Raw text, not rich's console: git's textconv wants it unwrapped and unstyled.
    click.echo(dump_command(list(fichiers), ecrire), nl=False)
    return 0


@_files_command("typographie", "Corrige les fichiers au lieu de seulement lister ce qui changerait.")
def typographie_cmd(fichiers: tuple[Path, ...], ecrire: bool) -> int:
    """Typographie française dans le texte des modèles Word (FICHIERS, ou dossiers de
    modèles) : apostrophe typographique, espaces insécables avant « ; ! ? : », dans
    « … », entre un nombre et son unité, après « n° ». Le texte des balises Jinja n'est
    jamais touché. Sans --write, liste les paragraphes qui changeraient (code 1 s'il y en
    a) ; avec --write, les corrige (et le texte NOM.docx.txt à côté, s'il existe). Rejouer
    la commande ne change plus rien."""
    # lazy: start-up speed
    from ..authoring.templates_dump import dump, dump_path, template_files
    from ..authoring.typography import typographie_docx
    from ..errors import display_path

    files = [f for p in fichiers for f in (template_files(p) if p.is_dir() else [p])]
    total = 0
    for path in files:
        changes = typographie_docx(path, write=ecrire)
        total += len(changes)
        for c in changes if not ecrire else []:
            out.print(f"{display_path(path)}: {c.part}, paragraphe {c.paragraph} : {c.after}", markup=False)
        if ecrire and changes:
            if dump_path(path).is_file():  # the text dump beside a template follows it
                dump_path(path).write_text(dump(path), encoding="utf-8", newline="\n")
            out.print(f"{display_path(path)} : {len(changes)} paragraphe(s) corrigé(s)", markup=False)
    if ecrire:
        out.print(f"{len(files)} fichier(s) vu(s), {total} paragraphe(s) corrigé(s)", markup=False)
        return 0
    if total:
        err.print(
            f"{total} paragraphe(s) à corriger : « actegen templates typographie --write "
            f"{' '.join(str(p) for p in fichiers)} »",
            markup=False,
        )
        return 1
    out.print(f"{len(files)} fichier(s) vu(s), typographie à jour", markup=False)
    return 0


@click.command("schema", context_settings=CONTEXT)
@click.option(
    "--doc",
    "doc",
    is_flag=True,
    default=False,
    help="Référence Markdown de tous les champs (chemin, type, contraintes, description, exemple).",
)
def schema_cmd(doc: bool) -> int:
    """Affiche le schéma JSON des dossiers, ou avec --doc sa référence en Markdown."""
    from ..authoring.schema_doc import markdown  # lazy: start-up speed
    from ..schema import SCHEMA_NAME, schemas_dir

    if doc:
        click.echo(markdown(), nl=False)
    else:
        click.echo((schemas_dir() / SCHEMA_NAME).read_text(encoding="utf-8"), nl=False)
    return 0
