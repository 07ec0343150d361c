"""Hostile values in a well-formed case, end to end (issue 7, « Hardening »: one module per
family of attack).

Two families of values:
- **text that looks like markup**: XML (``&``, ``<``, ``>``, quotes, ``]]>``, ``</w:t>``) and
  template syntax (``{{ }}``, ``{% %}``, docxtpl's ``{%p``, ``{{r``, sandbox escapes) come out
  literally and the DOCX stays valid; control characters are refused where written;
- **values that name files**: the case id, the lot numbers, the buyers' names and the
  deliberation number cannot lead outside the output folder (``../``, absolute paths,
  backslashes), nor to hidden files, reserved device names (CON, NUL, AUX…), or very long names.

Refusals are checked whole by ``refuse`` (exit code, located lines, nothing written).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from lxml import etree

from .docx_text import text
from .helpers import GIRIMBELLES, case_line, run_cli
from .test_hardening_yaml import refuse

HOSTILE = 'Dupont & Fils <SARL> "l\'« ancien »" {{ 7*7 }} {% raw %} ]]> &amp; </w:t>'


def _yaml_quoted(value: str) -> str:
    """``value`` as a YAML double-quoted scalar."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _lots(text_: str) -> tuple[str, list[str]]:
    """The case's text before its lots, and the text of each lot."""
    blocks = re.split(r"(?m)^(?=  - numero: \d+\n)", text_)
    assert len(blocks) == 15
    return blocks[0], blocks[1:]


def _first_buyer_named(block: str, yaml_value: str) -> str:
    """A lot's text with its first buyer's name replaced by ``yaml_value`` (YAML source)."""
    line = f"        nom: {yaml_value}"
    return re.sub(r"(?m)^        nom: .*$", lambda _m: line, block, count=1)


def _assert_valid_docx(path: Path) -> None:
    """A sound zip (``testzip``), every XML member well-formed, and python-docx opens it."""
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(z.read(name))
    Document(str(path))


# --------------------------------------------------------------------------------------
# Text that looks like markup


def test_hostile_strings_everywhere_come_out_literally(tmp_path: Path, girimbelles_text: str):
    """Every free-text field of the notary, seller and buyers gets XML and Jinja syntax."""
    quoted = HOSTILE.replace("\\", "\\\\").replace('"', '\\"')
    content = girimbelles_text
    for old in (
        "  nom: LEBRETON\n",
        "  denomination: Commune de Saint-Denis\n",
        "        profession: maçon\n",
        "    origine_propriete: >-\n",
    ):
        key = old.split(":")[0]
        if old.endswith(">-\n"):
            content = content.replace(old, f'{key}: "{quoted}"\n    origine_ignoree: >-\n', 1)
        else:
            content = content.replace(old, f'{key}: "{quoted}"\n', 1)
    content = content.replace("    origine_ignoree: >-\n", "    # >-\n", 1)
    # drop the folded lines that followed the replaced origine_propriete
    content = re.sub(r"    # >-\n(      .*\n)+", "", content, count=1)
    case = tmp_path / "hostile.yaml"
    case.write_text(content, encoding="utf-8")
    result = run_cli("render", str(case), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "out" / "girimbelles-1993"
    acte = next(folder.glob("acte-de-vente_lot-01_*.docx"))
    body = text(acte)
    assert body.count(HOSTILE) >= 3
    assert HOSTILE.replace("{{ 7*7 }}", "49") not in body  # {{ 7*7 }} is data, never evaluated
    with zipfile.ZipFile(acte) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    # escaped once by the renderer: the XML holds the text, not markup
    assert "Dupont &amp; Fils &lt;SARL&gt;" in xml and "]]&gt; &amp;amp; &lt;/w:t&gt;" in xml
    docs = sorted(folder.glob("*.docx"))
    assert len(docs) == 33  # hypothesis 4: lots 8, 9, 11 without acte, convention nor note of their own
    for path in docs:
        _assert_valid_docx(path)  # a sound zip that python-docx opens, every XML member well-formed
    # the notary's and the seller's names are in every act, literally
    for path in folder.glob("acte-de-vente_*.docx"):
        assert text(path).count(HOSTILE) >= 2, path.name


TEMPLATE_ATTACKS = {
    "employée de commerce": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "chauffeur": "{% for i in range(999999999) %}x{% endfor %}",
    "agent d'entretien": "{%p if true %}{{r doc }}{%tr endfor %}{%tc x %}{{ colspan 3 }}",
    "retraitée": "{{ cycler.__init__.__globals__.os.popen('id').read() }}{# fin",
}


def test_template_syntax_in_values_is_never_run(tmp_path: Path, girimbelles_text: str):
    """Sandbox escapes, endless loops and docxtpl's own tags (``{%p``, ``{{r``, ``{%tr``,
    ``{%tc``) in a buyer's profession: printed as typed, in lots 2 to 5; tabs, line breaks
    and the Unicode line separator in lot 6 give line breaks and tabs, in a valid DOCX."""
    content = girimbelles_text
    for profession, attack in TEMPLATE_ATTACKS.items():
        old = f"        profession: {profession}\n"
        assert old in content
        content = content.replace(old, f"        profession: {_yaml_quoted(attack)}\n", 1)
    content = content.replace(
        "        profession: secrétaire\n",
        '        profession: "secrétaire\\tà mi-temps\\nà Saint-Denis\\u2028(La Réunion)"\n',
        1,
    )
    case = tmp_path / "gabarits.yaml"
    case.write_text(content, encoding="utf-8")
    result = run_cli("render", str(case), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "out" / "girimbelles-1993"
    for lot, attack in zip((2, 3, 4, 5), TEMPLATE_ATTACKS.values()):
        body = text(next(folder.glob(f"acte-de-vente_lot-{lot:02d}_*.docx")))
        assert attack in body, lot
    everything = "\n".join(text(p) for p in folder.glob("acte-de-vente_*.docx"))
    for evaluated in ("<class", "uid=", "x" * 100, "Environment"):
        assert evaluated not in everything
    six = text(next(folder.glob("acte-de-vente_lot-06_*.docx")))
    assert "secrétaire\tà mi-temps\nà Saint-Denis" in six and "(La Réunion)" in six
    for path in folder.glob("*.docx"):
        _assert_valid_docx(path)


CONTROL_ESCAPES = ["\\x00", "\\x08", "\\a", "\\e", "\\x0b", "\\x0c", "\\x7f", "\\x85", "\\x9f"]
LOT_NUMBER_LINES = [case_line(GIRIMBELLES, "lots", i, "numero") for i in range(5)]
FIRST_BUYER_NAME_LINES = [case_line(GIRIMBELLES, "lots", i, "acquereurs", 0, "nom") for i in range(9)]


def test_control_characters_are_refused(tmp_path: Path, girimbelles_text: str):
    """Written as YAML escapes in a double-quoted value (one per buyer, lots 1 to 9): each
    refused where written, all in one report, the value itself never echoed (here a buyer's
    name, personal data)."""
    head, lots = _lots(girimbelles_text)
    for i, escape in enumerate(CONTROL_ESCAPES):
        lots[i] = _first_buyer_named(lots[i], f'"SECRET{escape}NOM"')
    stderr = refuse(
        tmp_path,
        head + "".join(lots),
        [
            f"dossier.yaml:{line}:14: lots[{i}].acquereurs[0].nom : caractère de contrôle interdit dans le texte"
            for i, line in enumerate(FIRST_BUYER_NAME_LINES)
        ],
    )
    assert "SECRET" not in stderr


def test_control_character_in_the_notary_name_is_refused(tmp_path: Path, girimbelles_text: str):
    content = girimbelles_text.replace("  nom: LEBRETON\n", '  nom: "LEBRE\\x1bTON"\n', 1)
    stderr = refuse(
        tmp_path, content, ["dossier.yaml:27:8: notaire.nom : caractère de contrôle interdit dans le texte"]
    )
    assert "notaire.nom : caractère de contrôle interdit" in stderr


# --------------------------------------------------------------------------------------
# Values that name files

_ID_FORM = (
    "id : forme non valable : Identifiant du dossier : minuscules, chiffres et tirets ; "
    "nomme le dossier de sortie."
)
_LOT_FORM = (
    "lots[{}].numero : forme non valable : Numéro du lot dans l'opération (chiffres, lettres, tirets)."
)


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("id: girimbelles-1993", "id: ../../etc", "dossier.yaml:10:5: " + _ID_FORM),
        ("id: girimbelles-1993", "id: /tmp/x", "dossier.yaml:10:5: " + _ID_FORM),
        ("id: girimbelles-1993", "id: ..", "dossier.yaml:10:5: " + _ID_FORM),
        ("id: girimbelles-1993", "id: .cache", "dossier.yaml:10:5: " + _ID_FORM),
        ("id: girimbelles-1993", "id: 'C:\\Windows'", "dossier.yaml:10:5: " + _ID_FORM),
        ("id: girimbelles-1993", "id: CON", "dossier.yaml:10:5: " + _ID_FORM),
        ("id: girimbelles-1993", "id: " + "a" * 65, "dossier.yaml:10:5: " + _ID_FORM),
        (
            "  - numero: 1\n",
            "  - numero: ../../x\n",
            f"dossier.yaml:{LOT_NUMBER_LINES[0]}:13: " + _LOT_FORM.format(0),
        ),
        (
            "  - numero: 1\n",
            '  - numero: "1/../../x"\n',
            f"dossier.yaml:{LOT_NUMBER_LINES[0]}:13: " + _LOT_FORM.format(0),
        ),
    ],
    ids=[
        "id-parent",
        "id-absolute",
        "id-dotdot",
        "id-hidden",
        "id-windows",
        "id-upper",
        "id-long",
        "lot-parent",
        "lot-slash",
    ],
)
def test_values_cannot_escape_the_output_folder(
    tmp_path: Path, girimbelles_text: str, field: str, value: str, expected: str
):
    """The case id names the output folder and the lot number goes into file names: both
    have a schema form that leaves no separator, dot or length to play with."""
    stderr = refuse(tmp_path, girimbelles_text.replace(field, value, 1), [expected])
    assert "forme non valable" in stderr


LOT_NUMBER_ATTACKS = ["..", "'1\\..\\..\\x'", "'C:x'", ".hidden", "A" * 17]


def test_lot_numbers_cannot_name_other_files(tmp_path: Path, girimbelles_text: str):
    """Dots, backslashes, a drive letter, a hidden name, 17 characters: in lots 1 to 5 at
    once, each refused where written."""
    head, lots = _lots(girimbelles_text)
    for i, value in enumerate(LOT_NUMBER_ATTACKS):
        lots[i] = lots[i].replace(f"  - numero: {i + 1}\n", f"  - numero: {value}\n", 1)
    refuse(
        tmp_path,
        head + "".join(lots),
        [f"dossier.yaml:{line}:13: " + _LOT_FORM.format(i) for i, line in enumerate(LOT_NUMBER_LINES)],
    )


# The first buyer of each lot gets a hostile name; lot 14 also a hostile (but valid) number.
HOSTILE_NAMES = {
    1: ("../../../etc/passwd", "lot-01_etc-passwd"),
    2: ("CON", "lot-02_x-CON"),
    3: ("ÉLÉONORE/..\\\\NUL", "lot-03_ELEONORE-NUL"),
    4: ("nul", "lot-04_x-nul"),
    5: ("AUX", "lot-05_x-AUX"),
    6: ("COM1", "lot-06_x-COM1"),
    7: ("LPT9", "lot-07_x-LPT9"),
    8: ("/etc/shadow", "lot-08_etc-shadow"),
    9: ("C:\\\\Windows\\\\System32", "lot-09_C-Windows-System32"),
    10: ("..", "lot-10_sans-nom"),
    11: (".bashrc", "lot-11_bashrc"),
    12: ("A" * 300, "lot-12_" + "A" * 24),
    13: ("~/.ssh/id_rsa", "lot-13_ssh-id-rsa"),
    14: ("PRN.txt", "lot-x-NUL_PRN-txt"),
}
LOTS_SOLD = (1, 2, 3, 4, 5, 6, 7, 10, 12, 13, 14)  # lots 8, 9, 11: hypothesis 4, no acte
LOTS_WITH_CAF_CONVENTION = (1, 2, 3, 6, 7, 10, 12, 13, 14)
RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}


def _first_buyers_renamed(text_: str) -> str:
    """The case with the first buyer of each lot renamed per ``HOSTILE_NAMES``."""
    head, lots = _lots(text_)
    lots = [
        _first_buyer_named(block, f'"{HOSTILE_NAMES[lot][0]}"') for lot, block in enumerate(lots, start=1)
    ]
    return (head + "".join(lots)).replace("  - numero: 14\n", "  - numero: NUL\n", 1)


def test_names_in_file_names_are_made_safe(tmp_path: Path, girimbelles_text: str):
    """Buyers' names and the deliberation number, slugged: no separator, no leading dot, no
    reserved device name, at most 24 characters of a name; every file in the case's folder."""
    content = _first_buyers_renamed(girimbelles_text)
    content = content.replace("  numero_deliberation: 93/4-18\n", '  numero_deliberation: "../../NUL"\n', 1)
    case = tmp_path / "noms.yaml"
    case.write_text(content, encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("render", str(case), "-o", str(out))
    assert result.returncode == 0, result.stderr
    folder = out / "girimbelles-1993"
    produced = {p.name for p in folder.iterdir()}
    expected = {f"acte-de-vente_{HOSTILE_NAMES[lot][1]}.docx" for lot in LOTS_SOLD}
    expected |= {f"convention-caf_{HOSTILE_NAMES[lot][1]}.docx" for lot in LOTS_WITH_CAF_CONVENTION}
    expected |= {f"note-de-calcul_{HOSTILE_NAMES[lot][1]}.docx" for lot in LOTS_SOLD}
    expected |= {
        "deliberation_x-NUL.docx",
        "note-de-calcul_girimbelles-1993.docx",
        ".actegen-manifest.json",
        ".actegen",
    }
    assert produced == expected
    assert "acte-de-vente_lot-01_etc-passwd.docx" in produced
    assert "acte-de-vente_lot-02_x-CON.docx" in produced
    assert "acte-de-vente_lot-03_ELEONORE-NUL.docx" in produced
    assert all(p.parent in (folder, folder / ".actegen" / "bases") for p in out.rglob("*") if p.is_file())
    assert [p.name for p in out.iterdir()] == ["girimbelles-1993"]
    for name in produced - {".actegen-manifest.json", ".actegen"}:
        assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*\.docx", name) and len(name) <= 80, name
        assert name.split(".")[0].upper() not in RESERVED, name
    # the names themselves stay whole in the documents
    assert "../../../ETC/PASSWD" in text(folder / "acte-de-vente_lot-01_etc-passwd.docx")


@pytest.mark.parametrize("case_id", ["con", "nul"])
def test_reserved_device_names_are_refused_as_case_id(tmp_path: Path, girimbelles_text: str, case_id: str):
    """The id names the output folder as is (file names go through a slug that avoids them)."""
    content = girimbelles_text.replace("id: girimbelles-1993\n", f"id: {case_id}\n", 1)
    refuse(tmp_path, content, [re.compile(r"dossier\.yaml:10:5: id : .+")])


# --------------------------------------------------------------------------------------
# Numbers (issue 16, class 5): every spelling YAML allows, bounded by the schema, refused
# where written; one such case never stops the others of a folder.

_FONCIER_LINE = "      foncier: 132000\n"  # lots[0].prix.foncier
FONCIER = case_line(GIRIMBELLES, "lots", 0, "prix", "foncier")
LOYERS = case_line(GIRIMBELLES, "lots", 0, "prix", "loyers_impayes")
_TOO_BIG = "nombre trop grand : au plus 999 999 999,99 (montant à vérifier)"
_NOT_FINITE = "nombre infini ou indéfini (NaN) : un montant s'écrit en chiffres"


@pytest.mark.parametrize(
    ("spelling", "message"),
    [
        ("1000000000", _TOO_BIG),
        ("1e400", _TOO_BIG),
        ("1E+999999999", _TOO_BIG),
        ("-1e400", "doit être supérieur ou égal à 0"),
        ("99999999999999999999999999999.5", _TOO_BIG),
        ("9" * 40, _TOO_BIG),
        ("!!float nan", _NOT_FINITE),
        ("!!float NaN", _NOT_FINITE),
        ("!!float sNaN", _NOT_FINITE),
        ("!!float inf", _NOT_FINITE),
        ("!!float -Infinity", _NOT_FINITE),
        ("1.5e-999999999", "au plus deux décimales (les centimes) sont permises"),
        ("132000.001", "au plus deux décimales (les centimes) sont permises"),
    ],
)
def test_an_amount_out_of_bounds_is_refused_where_written(
    tmp_path: Path, girimbelles_text: str, spelling: str, message: str
):
    assert _FONCIER_LINE in girimbelles_text
    content = girimbelles_text.replace(_FONCIER_LINE, f"      foncier: {spelling}\n", 1)
    refuse(
        tmp_path,
        content,
        [f"dossier.yaml:{FONCIER}:16: lots[0].prix.foncier : {message}"],
        command="validate",
    )


def test_a_credit_of_the_household_is_bounded_too(tmp_path: Path, girimbelles_text: str):
    """``loyers_impayes`` may be negative (a credit): bounded below as well."""
    old = "      loyers_impayes: 0\n"
    assert old in girimbelles_text
    content = girimbelles_text.replace(old, "      loyers_impayes: -1e12\n", 1)
    too_big = "nombre trop grand : au plus 999 999 999,99 en valeur absolue (montant à vérifier)"
    refuse(
        tmp_path,
        content,
        [f"dossier.yaml:{LOYERS}:23: lots[0].prix.loyers_impayes : {too_big}"],
        command="validate",
    )


def test_every_number_of_the_schema_is_bounded():
    from actegen.schema import case_schema

    found = []

    def walk(node: object, path: str) -> None:
        if isinstance(node, dict):
            types = node.get("type")
            types = types if isinstance(types, list) else [types]
            if "number" in types or "integer" in types:
                found.append(path)
                assert node.get("maximum", node.get("exclusiveMaximum", 1e12)) <= 999999999.99, path
                assert node.get("minimum", node.get("exclusiveMinimum", -1e12)) >= -999999999.99, path
            for key, value in node.items():
                walk(value, f"{path}/{key}")
        elif isinstance(node, list):
            for value in node:
                walk(value, path)

    walk(case_schema(), "")
    assert len(found) > 50


def test_one_case_with_a_huge_number_does_not_stop_the_folder(tmp_path: Path, girimbelles_text: str):
    folder = tmp_path / "dossiers"
    folder.mkdir()
    (folder / "a-bon.yaml").write_text(girimbelles_text, encoding="utf-8")
    bad = girimbelles_text.replace(_FONCIER_LINE, "      foncier: 1e999999999\n", 1).replace(
        "id: girimbelles-1993", "id: girimbelles-casse", 1
    )
    (folder / "b-casse.yaml").write_text(bad, encoding="utf-8")
    nan = girimbelles_text.replace(_FONCIER_LINE, "      foncier: !!float nan\n", 1).replace(
        "id: girimbelles-1993", "id: girimbelles-nan", 1
    )
    (folder / "c-nan.yaml").write_text(nan, encoding="utf-8")
    result = run_cli("render", "dossiers", "-o", "out", "-j", "1", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "erreur interne" not in result.stderr, result.stderr
    assert f"dossiers/b-casse.yaml:{FONCIER}:16: lots[0].prix.foncier : {_TOO_BIG}" in result.stderr
    assert f"dossiers/c-nan.yaml:{FONCIER}:16: lots[0].prix.foncier : {_NOT_FINITE}" in result.stderr
    assert len(list((tmp_path / "out" / "girimbelles-1993").glob("*.docx"))) == 33
    assert not (tmp_path / "out" / "girimbelles-casse").exists()


def test_a_preemption_without_its_regime_is_a_located_refusal(tmp_path: Path):
    """Found by the mutation fuzz: ``bien.preemption`` without ``regime`` reached a rule that
    reads it (a KeyError, exit 3). The schema requires it: one located refusal."""
    line = case_line(GIRIMBELLES, "bien", "preemption", "regime")
    text = GIRIMBELLES.read_text(encoding="utf-8").replace("    regime: vendeur_titulaire\n", "", 1)
    (tmp_path / "dossier.yaml").write_text(text, encoding="utf-8")
    result = run_cli("validate", "dossier.yaml", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert (
        f"dossier.yaml:{line}:5: bien.preemption : champ obligatoire manquant : « regime »" in result.stderr
    )
    assert "Traceback" not in result.stderr and "erreur interne" not in result.stderr
