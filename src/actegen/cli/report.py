"""What ``actegen render`` says after a set: per case, then one summary line.

Pure: ``summary_lines`` turns a ``SetReport`` into the lines to print, each with its stream
(``"out"`` or ``"err"``), and ``set_exit_code`` gives the verdict; the command prints them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from ..errors import CaseInvalid, display_path, format_errors, plural
from .codes import BUG

if TYPE_CHECKING:  # the pipeline is heavy to import, and the CLI starts without it
    from ..pipeline import CaseOutcome, SetOptions, SetReport

Stream = Literal["out", "err"]


def _counted(n: int, word: str) -> str:
    return f"{n} {plural(word, n)}"


def _case_lines(case: CaseOutcome, check: bool) -> list[tuple[Stream, str]]:
    """A case's warnings, then its error or what happened to its files."""
    lines: list[tuple[Stream, str]] = [("err", str(w)) for w in case.warnings]
    lines += [("err", line) for line in case.warning_lines]
    if case.error is not None:
        if isinstance(case.error, CaseInvalid):
            where = display_path(case.path)
            lines += [
                ("err", line)
                for line in format_errors(case.error, summary=f"rien n'a été écrit pour {where}.")
            ]
        else:
            lines.append(("err", f"erreur : {case.error}"))
            if not check:
                lines.append(("err", f"rien n'a été écrit pour {display_path(case.path)}."))
        return lines
    folder = case.output
    if folder is None:  # the case never got an output folder: no file of it to report
        return lines
    for edited, beside, _rewritten in case.beside:
        lines.append(
            (
                "err",
                f"avertissement : {display_path(folder / edited)} a été modifié à la main ; il est "
                f"conservé et la nouvelle version est dans {display_path(folder / beside)}",
            )
        )
    for name, c in case.conflicts:
        lines.append(
            (
                "err",
                f"conflit : {display_path(folder / name)}, paragraphe « {c.paragraph} » : "
                f"le notaire a écrit « {c.ours} », le dossier donne « {c.theirs} »",
            )
        )
    for name in case.kept_obsolete:
        lines.append(
            (
                "err",
                f"avertissement : {display_path(folder / name)} n'est plus produit par le dossier, "
                "mais il a été modifié à la main : il est conservé",
            )
        )
    for name in case.fusion_kept:
        lines.append(
            (
                "err",
                f"avertissement : {display_path(folder / name)} a été modifié à la main : il est "
                "conservé, sans nouvelle fusion (le renommer pour en obtenir une)",
            )
        )
    for name in case.removed:
        lines.append(("out", f"{display_path(folder / name)} : n'est plus produit par le dossier, supprimé"))
    for name, reason in case.differences:
        lines.append(("out", f"{display_path(folder / name)} : {reason}"))
    return lines


def _summary(report: SetReport, options: SetOptions) -> str:
    """« 3 dossiers : 27 documents écrits, 0 inchangé, … » (or, with --check, what is up to date)."""
    failed = report.failed_cases
    docs_failed = sum(max(1, len(c.failures)) for c in failed if c.failures)
    written = report.count("written") + sum(1 for c in report.cases for b in c.beside if b[2])
    unchanged = report.count("unchanged") + sum(1 for c in report.cases for b in c.beside if not b[2])
    ignored = report.count("outside")
    cases = _counted(len(report.cases), "dossier")
    if options.check:
        n = report.differences
        summary = (
            f"{cases} : {_counted(unchanged, 'document')} à jour, "
            f"{n} à mettre à jour ou {plural('modifié', n)} à la main"
        )
    else:
        summary = (
            f"{cases} : {_counted(written, 'document')} {plural('écrit', written)}, "
            f"{_counted(unchanged, 'inchangé')}, {_counted(ignored, 'ignoré')}, {docs_failed} en échec"
        )
        beside = report.count("beside")
        if beside:
            summary += f" ; {beside} à côté d'une version modifiée à la main"
        if written == 0 and not failed:
            summary += " ; rien n'a été réécrit"
    if ignored and options.shard:
        summary += f" (part {options.shard[0]}/{options.shard[1]})"
    if failed:
        summary += f" ; {_counted(len(failed), 'dossier')} en erreur"
    return summary


def summary_lines(report: SetReport, options: SetOptions) -> list[tuple[Stream, str]]:
    """Every line ``render`` prints after the set ``report`` built with ``options``, in order."""
    lines = [line for case in report.cases for line in _case_lines(case, options.check)]
    lines.append(("out", _summary(report, options)))
    return lines


def set_exit_code(report: SetReport, options: SetOptions) -> int:
    """1 when a case failed, or when --check found a document to update; else 0. A bug of
    actegen's on a case (``InternalCaseError``) gives its own code, the highest."""
    if any(c.error is not None and c.error.exit_code == BUG for c in report.failed_cases):
        return BUG
    return 1 if report.failed_cases or (options.check and report.differences) else 0
