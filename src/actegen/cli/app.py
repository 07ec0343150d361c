"""The ``actegen`` click group: arguments → library calls → messages and exit codes. No logic here.

Every command runs inside one exception → exit-code map (``_exit_code``, as copier's
``_handle_exceptions``), with the codes of ``codes``. A command returns its own 0/1
verdict; only the map exits.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import click

from .._version import __version__
from ..errors import ActegenError, CaseInvalid, DiffError, format_errors
from . import _click_fr
from ._collector import collecting
from ._console import CONTEXT, err, print_lines
from .codes import BUG, DIFF_TROUBLE, interrupted


def _exit_code(exc: BaseException, command: str | None, debug: bool) -> int:
    """Tell the user what stopped ``command``, in French; the exit code that says it."""
    if debug and not isinstance(exc, KeyboardInterrupt):
        import traceback  # lazy: start-up speed (linecache, tokenize), for --debug only

        traceback.print_exception(exc, file=sys.stderr)
    if isinstance(exc, KeyboardInterrupt):
        return interrupted()
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


COMMANDS = {
    "validate": "render:validate_cmd",
    "render": "render:render_cmd",
    "plan": "plan:plan_cmd",
    "manifest": "manifest:manifest_group",
    "explain": "render:explain_cmd",
    "diff": "diff:diff_cmd",
    "merge": "merge:merge_cmd",
    "audit": "audit:audit_cmd",
    "new": "authoring:new_cmd",
    "templates": "authoring:templates_group",
    "schema": "authoring:schema_cmd",
}
"""Each command and where it is defined (``module:name`` in this package): its module is
imported when the command runs (or ``--help`` lists it), so that a no-op loads ``render``'s
alone (click's « lazily loading subcommands »)."""


@dataclass(frozen=True)
class Invocation:
    """What the commands may need of the command line itself (``ctx.obj``): its arguments,
    under which ``render`` records its options for the replayed no-op (``replay``)."""

    argv: list[str]


class _Actegen(click.Group):
    """The ``actegen`` group: French click messages, and every command inside the map."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        where = COMMANDS.get(cmd_name)
        if where is None:
            return None
        module, name = where.split(":")
        command: click.Command = getattr(importlib.import_module(f"{__package__}.{module}"), name)
        return command

    def main(self, args: Sequence[str] | None = None, *rest: Any, **kwargs: Any) -> Any:
        _click_fr.install()  # before parsing: click's usage errors and help headings are French
        argv = sys.argv[1:] if args is None else list(args)
        return super().main(argv, *rest, obj=Invocation(argv), **kwargs)

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        name, command, rest = super().resolve_command(ctx, args)
        if name != "render":  # render turns it on once it knows it is no no-op
            collecting()
        return name, command, rest

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
