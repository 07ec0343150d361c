"""The command line's one exception → exit-code map, and the render summary as plain lines.

In-process through click's CliRunner: what a user sees on each stream, and the exit code.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from actegen import pipeline
from actegen.cli import main
from actegen.cli.report import set_exit_code, summary_lines
from actegen.errors import CaseError, CaseInvalid, Source
from actegen.pipeline import CaseOutcome, SetOptions, SetReport

from .helpers import GIRIMBELLES

BUG_MESSAGE = (
    "erreur interne d'actegen (KeyError: 'lots') : ce n'est pas une erreur du dossier ni du "
    "modèle ; merci de la signaler avec la commande lancée. Relancer avec --debug pour le détail."
)


def _run(*args: str):
    return CliRunner().invoke(main, list(args), prog_name="actegen")


@pytest.fixture
def buggy(monkeypatch):
    """A bug inside actegen: a KeyError where the library has none to raise."""

    def check_case(path: Path):
        raise KeyError("lots")

    monkeypatch.setattr(pipeline, "check_case", check_case)


def test_a_bug_is_reported_as_a_bug_with_exit_code_3(buggy):
    result = _run("validate", str(GIRIMBELLES))
    assert result.exit_code == 3
    assert result.stderr.strip() == BUG_MESSAGE
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_debug_shows_the_traceback_of_a_bug(buggy):
    result = _run("--debug", "validate", str(GIRIMBELLES))
    assert result.exit_code == 3
    assert result.stderr.startswith("Traceback (most recent call last):")
    assert "KeyError: 'lots'" in result.stderr
    assert result.stderr.strip().splitlines()[-1] == BUG_MESSAGE.removesuffix(
        " Relancer avec --debug pour le détail."
    )


def test_an_interrupt_exits_130(monkeypatch):
    def check_case(path: Path):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "check_case", check_case)
    result = _run("validate", str(GIRIMBELLES))
    assert (result.exit_code, result.stderr) == (130, "interrompu.\n")


def test_an_invalid_case_prints_every_error_and_the_count_then_exits_1(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("a: 1\na: 2\nb: 1\nb: 2\n", encoding="utf-8")
    result = _run("explain", str(bad))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert [line.split(": ", 1)[1] for line in lines[:2]] == [
        "a : clé en double (déjà définie ligne 1) ; une seule valeur est permise",
        "b : clé en double (déjà définie ligne 3) ; une seule valeur est permise",
    ]
    assert lines[2:] == ["2 erreurs : rien n'a été écrit."]


def test_a_usage_error_exits_2():
    result = _run("explain", str(GIRIMBELLES), "--lot", "999")
    assert result.exit_code == 2
    assert result.stderr.startswith("erreur : ") and result.stdout == ""


def test_a_click_usage_error_stays_click_s_in_french():
    result = _run("render")
    assert result.exit_code == 2
    assert "Erreur : Argument manquant 'DOSSIERS...'." in result.stderr


def test_a_document_diff_cannot_read_exits_2(tmp_path: Path):
    fake = tmp_path / "faux.docx"
    fake.write_text("pas un docx", encoding="utf-8")
    result = _run("diff", str(tmp_path / "absent.docx"), str(fake))
    assert result.exit_code == 2
    assert result.stderr == f"erreur : {tmp_path / 'absent.docx'} : fichier introuvable\n"


def test_a_diff_output_that_cannot_be_written_exits_2(girimbelles_rendered: Path, monkeypatch):
    from actegen import diff

    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(diff, "tracked_changes", refused)
    acte = next(girimbelles_rendered.glob("*.docx"))
    result = _run("diff", str(acte), str(acte), "--docx", "sortie.docx")
    assert (result.exit_code, result.stderr) == (2, "erreur : écriture impossible (Permission denied)\n")


def test_importing_the_cli_leaves_click_untouched():
    code = (
        "import click.core, click.exceptions\n"
        "before = (click.core._, click.exceptions._)\n"
        "import actegen.cli\n"
        "assert (click.core._, click.exceptions._) == before\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --------------------------------------------------------------------------------------
# The render summary, without running anything


def _report(*cases: CaseOutcome) -> SetReport:
    return SetReport(list(cases))


def test_summary_of_a_set_spells_its_plurals(tmp_path: Path):
    one = CaseOutcome(tmp_path / "a.yaml", output=tmp_path / "a", written=["acte.docx"])
    assert summary_lines(_report(one), SetOptions(tmp_path)) == [
        ("out", "1 dossier : 1 document écrit, 0 inchangé, 0 ignoré, 0 en échec")
    ]
    two = CaseOutcome(
        tmp_path / "b.yaml",
        output=tmp_path / "b",
        written=["x.docx", "y.docx"],
        unchanged=["u.docx", "v.docx"],
        outside=["o.docx", "p.docx"],
    )
    options = SetOptions(tmp_path, shard=(1, 2))
    assert summary_lines(_report(one, two), options)[-1] == (
        "out",
        "2 dossiers : 3 documents écrits, 2 inchangés, 2 ignorés, 0 en échec (part 1/2)",
    )
    assert set_exit_code(_report(one, two), options) == 0


def test_summary_reports_a_failed_case_and_exits_1(tmp_path: Path):
    error = CaseError(Source("c.yaml", 3, 1), ("prix",), "clé en double")
    failed = CaseOutcome(tmp_path / "c.yaml", error=CaseInvalid([error]))
    unchanged = CaseOutcome(tmp_path / "d.yaml", output=tmp_path / "d", unchanged=["acte.docx"])
    lines = summary_lines(_report(failed, unchanged), SetOptions(tmp_path))
    where = f"{tmp_path / 'c.yaml'}"
    assert lines == [
        ("err", "c.yaml:3:1: prix : clé en double"),
        ("err", f"1 erreur : rien n'a été écrit pour {where}."),
        ("out", "2 dossiers : 0 document écrit, 1 inchangé, 0 ignoré, 0 en échec ; 1 dossier en erreur"),
    ]
    assert set_exit_code(_report(failed, unchanged), SetOptions(tmp_path)) == 1


def test_summary_in_check_mode_lists_the_differences(tmp_path: Path):
    case = CaseOutcome(
        tmp_path / "a.yaml",
        output=tmp_path / "a",
        unchanged=["b.docx"],
        differences=[("acte.docx", "à mettre à jour"), ("bulletin.docx", "manquant")],
    )
    options = SetOptions(tmp_path, check=True)
    assert summary_lines(_report(case), options) == [
        ("out", f"{tmp_path / 'a' / 'acte.docx'} : à mettre à jour"),
        ("out", f"{tmp_path / 'a' / 'bulletin.docx'} : manquant"),
        ("out", "1 dossier : 1 document à jour, 2 à mettre à jour ou modifiés à la main"),
    ]
    assert set_exit_code(_report(case), options) == 1
