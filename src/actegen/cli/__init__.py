"""The command line: arguments → library calls → messages and exit codes. No logic here.

Every command runs inside one exception → exit-code map (``_exit_code``, as copier's
``_handle_exceptions``). Exit codes: 0 success; 1 an invalid case or a document that cannot
be produced; 2 a usage error (click's own convention), and for ``diff`` a document that
cannot be read (diff's convention: 1 means « different »); 3 a bug in actegen; 130
interrupted (Ctrl+C). A command returns its own 0/1 verdict; only the map exits.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from .._version import __version__
from ..errors import ActegenError, CaseInvalid, DiffError, format_errors
from . import _click_fr
from ._console import CONTEXT, err, print_lines
from .audit import audit_cmd
from .authoring import new_cmd, schema_cmd, templates_group
from .diff import diff_cmd
from .manifest import manifest_group
from .merge import merge_cmd
from .plan import plan_cmd
from .render import explain_cmd, render_cmd, validate_cmd

DIFF_TROUBLE = 2
"""``actegen diff`` exits as diff does: 0 identical, 1 different, 2 trouble."""

BUG = 3
INTERRUPTED = 130  # 128 + SIGINT, as shells report it


def _exit_code(exc: BaseException, command: str | None, debug: bool) -> int:
    """Tell the user what stopped ``command``, in French; the exit code that says it."""
    if debug and not isinstance(exc, KeyboardInterrupt):
        import traceback  # lazy: start-up speed (linecache, tokenize), for --debug only

        traceback.print_exception(exc, file=sys.stderr)
    if isinstance(exc, KeyboardInterrupt):
        err.print("interrompu.", markup=False)
        return INTERRUPTED
    if isinstance(exc, CaseInvalid):
        print_lines(err, format_errors(exc, summary="rien n'a été écrit."))
        return exc.exit_code
    if isinstance(exc, DiffError):
        err.print(f"erreur : {exc}", markup=False)
        return DIFF_TROUBLE
    if isinstance(exc, ActegenError):
        err.print(f"erreur : {exc}", markup=False)
        return exc.exit_code
    if isinstance(exc, OSError):  # a file the system refused to write (diff --docx OUT)
        err.print(f"erreur : écriture impossible ({exc.strerror or exc})", markup=False)
        return DIFF_TROUBLE if command in ("diff", "merge") else 1
    err.print(
        f"erreur interne d'actegen ({type(exc).__name__}: {exc}) : ce n'est pas une erreur du "
        "dossier ni du modèle ; merci de la signaler avec la commande lancée."
        + ("" if debug else " Relancer avec --debug pour le détail."),
        markup=False,
    )
    return BUG


class _Actegen(click.Group):
    """The ``actegen`` group: French click messages, and every command inside the map."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        _click_fr.install()  # before parsing: click's usage errors and help headings are French
        return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            code = super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise  # click's own: usage errors (2), --help, --version
        except (Exception, KeyboardInterrupt) as exc:  # noqa: BLE001 - the one place that maps every exception, a bug included, to its exit code
            code = _exit_code(exc, ctx.invoked_subcommand, ctx.params.get("debug", False))
        if code:
            sys.exit(code)
        return None


@click.group(cls=_Actegen, context_settings=CONTEXT)
@click.version_option(
    __version__,
    "--version",
    "-V",
    prog_name="actegen",
    message="%(prog)s %(version)s",
    help="Affiche la version et quitte.",
)
@click.option(
    "--debug",
    "debug",
    is_flag=True,
    default=False,
    help="En cas d'erreur, affiche aussi la trace Python (pour signaler un problème).",
)
def main(debug: bool) -> None:
    """actegen : actes de vente, délibérations, bulletins d'assurance revente et conventions
    CAF des ventes de logement social, produits en DOCX depuis un dossier YAML."""


main.add_command(validate_cmd)
main.add_command(render_cmd)
main.add_command(plan_cmd)
main.add_command(manifest_group)
main.add_command(explain_cmd)
main.add_command(diff_cmd)
main.add_command(merge_cmd)
main.add_command(audit_cmd)
main.add_command(new_cmd)
main.add_command(templates_group)
main.add_command(schema_cmd)
