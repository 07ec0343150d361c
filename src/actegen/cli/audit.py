"""``actegen audit``: a document the notary edited, checked against its case before signing.

Exit 0 when the document agrees with its case, 1 with each disagreement listed (paragraph
and text), 2 when it cannot be checked: a usage error, a document that cannot be read or
that belongs to no document of the case, an invalid case (its errors listed).
"""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import ActegenError, CaseInvalid, display_path, format_errors
from ._click_fr import FrenchPath
from ._console import CONTEXT, err, out, print_lines

CANNOT_CHECK = 2


@click.command("audit", context_settings=CONTEXT)
@click.argument("document", type=FrenchPath(path_type=Path, dir_okay=False, exists=True))
@click.argument("dossier", type=FrenchPath(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "--document",
    "nom",
    default=None,
    help="Le nom du document tel qu’actegen l’écrit (acte-de-vente_lot-03_….docx), quand ni le "
    "nom du fichier ni son titre ne le disent.",
)
@click.option(
    "--templates",
    "templates",
    type=FrenchPath(path_type=Path, file_okay=False, exists=True),
    default=None,
    help="Le dossier de modèles utilisé pour le rendu (comme render --templates).",
)
def audit_cmd(document: Path, dossier: Path, nom: str | None, templates: Path | None) -> int:
    """Vérifie un DOCUMENT modifié à la main contre son DOSSIER : montants en lettres et en
    chiffres concordants, chiffres que le dossier calcule toujours présents (prix, 70/30,
    échéances, tableaux de garantie, dates), titres obligatoires de la famille présents.

    Code de sortie : 0 conforme, 1 désaccord(s) (chacun avec son paragraphe), 2 vérification
    impossible.
    """
    from ..audit import audit  # lazy: start-up speed (the pipeline, lxml, docxtpl)

    try:
        result = audit(document, dossier, templates=templates, document=nom)
    except CaseInvalid as exc:
        print_lines(err, format_errors(exc, summary="document non vérifié."))
        return CANNOT_CHECK
    except ActegenError as exc:
        err.print(f"erreur : {exc}", markup=False)
        return CANNOT_CHECK
    head = f"{display_path(document)} ({result.document} du dossier {display_path(dossier)})"
    checked = (
        f"{result.amounts} montant(s) en lettres, {result.figures} chiffre(s) du dossier, "
        f"{result.headings} titre(s) vérifiés"
    )
    if not result.findings:
        out.print(f"{head} : conforme au dossier ({checked})", markup=False)
        return 0
    out.print(f"{head} : {len(result.findings)} désaccord(s) ({checked})", markup=False)
    for finding in result.findings:
        where = f"paragraphe {finding.paragraph} : " if finding.paragraph is not None else ""
        out.print(f"  {where}{finding.message}", markup=False)
        out.print(f"      « {_short(finding.text)} »", markup=False)
    return 1


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
