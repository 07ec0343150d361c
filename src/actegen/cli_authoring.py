"""Authoring commands: `new`, `templates check`, `schema --doc` (registered by cli.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .errors import ActegenError


def register(main: click.Group) -> None:
    from .cli import CONTEXT, _fail, err, out

    @main.command("new", context_settings=CONTEXT)
    @click.argument("dossier", type=click.Path(path_type=Path, dir_okay=False))
    @click.option("--type", "kind", required=True,
                  type=click.Choice(["lts", "psla", "vefa", "brs", "vente-hlm", "portage"]),
                  help="Produit de l'opération.")
    def new_cmd(dossier: Path, kind: str) -> None:
        """Crée le DOSSIER YAML d'une nouvelle opération, prérempli avec un exemple du produit
        choisi et commenté champ par champ ; il se valide et se produit tel quel."""
        from .authoring.new_case import write_new

        try:
            path = write_new(dossier, kind)
        except ActegenError as exc:
            _fail(exc)
            return
        out.print(f"{path} : dossier {kind} créé ; remplacer les valeurs d'exemple, puis "
                  f"« actegen validate {path} ».", markup=False)

    @main.group("templates", context_settings=CONTEXT)
    def templates_group() -> None:
        """Outils pour les modèles Word."""

    @templates_group.command("check", context_settings=CONTEXT)
    @click.option("--templates", "modeles", type=click.Path(path_type=Path, file_okay=False), default=None,
                  help="Dossier de modèles à vérifier (par défaut : ceux qu'utiliserait « render »).")
    def check_cmd(modeles: Path | None) -> None:
        """Vérifie chaque modèle (corps, tableaux, en-têtes, pieds de page, notes) : variables
        inconnues du contexte, balises coupées par Word ou à guillemets typographiques, syntaxe.
        Liste aussi les champs du schéma qu'aucun modèle n'affiche. Code 1 en cas d'erreur."""
        from .authoring.templates_check import check
        from .authoring import shipped_cases
        from .documents import build_jobs
        from .pipeline import explain_case, settings_for
        from .render import make_environment, templates_dir

        try:
            directory = templates_dir(modeles)
            contexts: dict[str, list[dict]] = {}
            env = None
            for case_path in shipped_cases():
                case, _warnings, results = explain_case(case_path)
                env = env or make_environment(settings_for(case))
                for job in build_jobs(case, results):
                    contexts.setdefault(job.template, []).append(job.context)
            report = check(directory, contexts, env)
        except ActegenError as exc:
            _fail(exc)
            return
        for finding in report.findings:
            (err if finding.severity == "erreur" else out).print(str(finding), markup=False)
        if report.unused_fields:
            out.print("Champs du schéma qu'aucun modèle n'affiche (ils peuvent servir aux calculs) :", markup=False)
            for name in report.unused_fields:
                out.print(f"  {name}", markup=False)
        n = len(report.errors)
        summary = f"{len(report.templates)} modèle(s) vérifié(s), {n} erreur(s)"
        if n:
            err.print(summary, markup=False)
            sys.exit(1)
        out.print(summary, markup=False)

    @main.command("schema", context_settings=CONTEXT)
    @click.option("--doc", "doc", is_flag=True, default=False,
                  help="Référence Markdown de tous les champs (chemin, type, contraintes, description, exemple).")
    def schema_cmd(doc: bool) -> None:
        """Affiche le schéma JSON des dossiers, ou avec --doc sa référence en Markdown."""
        from .authoring.schema_doc import markdown
        from .schema import SCHEMA_NAME, schemas_dir

        if doc:
            click.echo(markdown(), nl=False)
        else:
            click.echo((schemas_dir() / SCHEMA_NAME).read_text(encoding="utf-8"), nl=False)
