"""Personal data, end to end (issue 7, « Hardening »: one module per family of attack).

A household's names, incomes, CAF numbers and birth dates go into its documents and
nowhere else: not into error messages, warnings or logs (which end up in terminals, CI
logs and e-mails), not into the manifest. And nothing of the machine or of whoever edited
a template reaches a document: no user name, home folder, host name or path in any member
of a generated DOCX (document properties, settings and their relationships, body, headers),
even when an office's template carries them (``hostile_templates``).

actegen itself does not use ``logging``: everything it says goes through the CLI's two
consoles (results on stdout, errors and warnings on stderr), checked here line by line.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
import os
import re
import shutil
import socket
import tempfile
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from actegen.load import load_case

from .docx_text import text
from .helpers import CASES, GIRIMBELLES, ROOT, case_line, run_cli
from .test_hardening_yaml import REFUSED_SUMMARY, refuse
from .test_validation_messages import patched

_EFFORT = (
    "l’effort du ménage dépasse le plafond de 25 % retenu par le rapport n° 93/4-18 (hypothèse 4 : il "
    "reste locataire) et le lot n’indique aucune dérogation (derogation_accession)"
)
_NO_WISH = "le ménage ne souhaite pas acheter (hypothèse 4 du rapport n° 93/4-18 : il reste locataire)"
# (line, lot index, lot number, reason) of the warnings of the Girimbelles case: the lots
# that get no acte (hypothesis 4), named by field, none of the household's figures
WARNINGS = tuple(
    (case_line(GIRIMBELLES, "lots", i, "menage"), i, i + 1, why)
    for i, why in ((7, _EFFORT), (8, _NO_WISH), (10, _EFFORT))
)


def _warnings(name: str) -> str:
    return "".join(
        f"{name}:{line}:7: avertissement : lots[{i}].menage : lot {n} : ni acte de vente ni convention CAF, car {why}\n"
        for line, i, n, why in WARNINGS
    )


def _household_values(case_path: Path) -> list[str]:
    """What a case says of its households: names, first names, CAF numbers, birth dates and
    places, addresses, professions, and every figure of 100 or more of their budgets."""
    values: set[str] = set()
    for lot in load_case(case_path).data["lots"]:
        for buyer in lot["acquereurs"]:
            for key in (
                "nom",
                "prenoms",
                "numero_caf",
                "date_naissance",
                "lieu_naissance",
                "adresse",
                "profession",
            ):
                if buyer.get(key):
                    values.add(str(buyer[key]))
        for value in lot.get("menage", {}).values():
            if isinstance(value, (int, Decimal)) and not isinstance(value, bool) and value >= 100:
                values.add(str(value))
    return sorted(values)


def _revealed(output: str, values: list[str]) -> list[str]:
    """The ``values`` found in CLI output, its ``file:line:col:`` prefixes and ``lots[i]``
    indexes left out (their numbers are positions, not data)."""
    plain = re.sub(r"(?m)^[^:\n]+:\d+:\d+: ", "", output)
    plain = re.sub(r"lots\[\d+\]", "lots[]", plain)
    return [v for v in values if re.search(rf"(?<![\w]){re.escape(v)}(?![\w])", plain)]


# --------------------------------------------------------------------------------------
# Messages and warnings


def test_personal_values_never_appear_in_error_messages(tmp_path: Path, girimbelles_text: str):
    secret = "SecretIncome-4242"
    content = girimbelles_text.replace(
        "      revenus_mensuels: 5050\n", f"      revenus_mensuels: {secret}\n", 1
    )
    content = content.replace('        numero_caf: "4100137"\n', '        numero_caf: "41A-SECRET"\n', 1)
    content = content.replace(
        "        date_naissance: 1948-03-12\n", "        date_naissance: 12/03/1948\n", 1
    )
    case = tmp_path / "prive.yaml"
    case.write_text(content, encoding="utf-8")
    result = run_cli("validate", str(case))
    assert result.returncode == 1
    assert "lots[0].menage.revenus_mensuels : un nombre attendu, trouvé un texte" in result.stderr
    assert "lots[0].acquereurs[0].numero_caf" in result.stderr
    assert "lots[0].acquereurs[0].date_naissance" in result.stderr
    for value in (secret, "41A-SECRET", "12/03/1948"):
        assert value not in result.stderr and value not in result.stdout
    # the same through render: the three errors, located, and nothing written
    expected = [
        "prive.yaml:201:25: lots[0].acquereurs[0].date_naissance : date attendue au format AAAA-MM-JJ "
        "(ex. 1993-07-24), et qui existe",
        "prive.yaml:208:21: lots[0].acquereurs[0].numero_caf : forme non valable : Numéro d'allocataire CAF "
        "(7 chiffres, suivis éventuellement d'une lettre).",
        "prive.yaml:220:25: lots[0].menage.revenus_mensuels : un nombre attendu, trouvé un texte "
        "(Revenus mensuels du ménage (montant, au plus deux décimales))",
    ]
    refuse(tmp_path, None, expected, command="validate", name="prive.yaml")
    stderr = refuse(tmp_path, None, expected, name="prive.yaml")
    for value in (secret, "41A-SECRET", "12/03/1948", "1948"):
        assert value not in stderr


def test_warnings_do_not_reveal_household_figures(tmp_path: Path, girimbelles_text: str):
    result = run_cli("validate", str(GIRIMBELLES))
    assert result.returncode == 0
    assert (
        "lots[10].menage : lot 11 : ni acte de vente ni convention CAF, car l’effort du ménage dépasse"
        in result.stderr
    )
    assert "39,95" not in result.stderr and "3900" not in result.stderr
    # validate, render, and the no-op render that replays the warnings from the manifest:
    # exactly the two warnings, naming fields, and none of the households' data
    (tmp_path / "girimbelles-1993.yaml").write_text(girimbelles_text, encoding="utf-8")
    warnings = _warnings("girimbelles-1993.yaml")
    household = _household_values(GIRIMBELLES)
    assert {"GRONDIN", "Jean-Marc Louis", "4100137", "1948-03-12", "5050", "3900"} <= set(household)
    runs = [
        ("validate", "girimbelles-1993.yaml : valide\n"),
        ("render", "1 dossier : 33 documents écrits, 0 inchangé, 0 ignoré, 0 en échec\n"),
        (
            "render",
            "1 dossier : 0 document écrit, 33 inchangés, 0 ignoré, 0 en échec ; rien n'a été réécrit\n",
        ),
    ]
    for command, summary in runs:
        args = (command, "girimbelles-1993.yaml") + (("-o", "sortie") if command == "render" else ())
        result = run_cli(*args, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert result.stderr == warnings
        assert result.stdout == summary
        assert _revealed(result.stdout + result.stderr, household) == []
        assert "39,95" not in result.stderr
    manifest = (tmp_path / "sortie" / "girimbelles-1993" / ".actegen-manifest.json").read_text(
        encoding="utf-8"
    )
    manifest_data = re.sub(r'"[a-z0-9_-]+\.docx"', '""', manifest)  # file names carry the buyers' names
    manifest_data = re.sub(r'"[0-9a-f]{64}"', '""', manifest_data)  # hashes
    manifest_data = re.sub(r'"(ligne|colonne)": \d+', "", manifest_data)  # positions
    assert _revealed(manifest_data, household) == []


MARKED = {  # lot 1's first buyer, with values easy to find anywhere
    "        nom: GRONDIN\n": '        nom: "SECRETNOM & <Fils>"\n',
    "        prenoms: Jean-Marc Louis\n": "        prenoms: Prénomsecret\n",
    '        numero_caf: "4100137"\n': '        numero_caf: "4242424"\n',
    "        date_naissance: 1948-03-12\n": "        date_naissance: 1947-07-31\n",
    "      revenus_mensuels: 5050\n": "      revenus_mensuels: 6543.21\n",
}
MARKERS = [
    "SECRETNOM",
    "Fils",
    "Prénomsecret",
    "4242424",
    "1947-07-31",
    "31/07/1947",
    "juillet 1947",
    "1234",
    "234,56",
    "234.56",
]


def _marked_case(girimbelles_text: str, folder: Path) -> Path:
    content = girimbelles_text
    for old, new in MARKED.items():
        assert old in content
        content = content.replace(old, new, 1)
    case = folder / "dossier.yaml"
    case.write_text(content, encoding="utf-8")
    return case


def test_personal_and_hostile_values_stay_in_the_documents(tmp_path: Path, girimbelles_text: str):
    """A household's data with markup in it: on stdout and stderr of validate and render
    only field paths; in the documents, the data; in the manifest, only the file names."""
    _marked_case(girimbelles_text, tmp_path)
    warnings = _warnings("dossier.yaml")
    runs = [
        ("validate", "dossier.yaml : valide\n"),
        ("render", "1 dossier : 33 documents écrits, 0 inchangé, 0 ignoré, 0 en échec\n"),
        (
            "render",
            "1 dossier : 0 document écrit, 33 inchangés, 0 ignoré, 0 en échec ; rien n'a été réécrit\n",
        ),
    ]
    for command, summary in runs:
        args = (command, "dossier.yaml") + (("-o", "sortie") if command == "render" else ())
        result = run_cli(*args, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert result.stderr == warnings
        assert result.stdout == summary
        for marker in MARKERS:
            assert marker not in result.stdout + result.stderr, marker
    folder = tmp_path / "sortie" / "girimbelles-1993"
    acte = text(folder / "acte-de-vente_lot-01_SECRETNOM-Fils.docx")
    assert "SECRETNOM & <FILS>" in acte and "Prénomsecret" in acte and "31 juillet 1947" in acte
    assert "4242424" in text(folder / "convention-caf_lot-01_SECRETNOM-Fils.docx")
    manifest = (folder / ".actegen-manifest.json").read_text(encoding="utf-8")
    manifest = manifest.replace("lot-01_SECRETNOM-Fils.docx", "lot-01_.docx")  # the file names, by design
    manifest = re.sub(r'"[0-9a-f]{64}"', '""', manifest)
    for marker in MARKERS:
        assert marker not in manifest, marker


def test_no_log_record_carries_personal_data(tmp_path: Path, girimbelles_text: str, caplog, capfd):
    """In process, every logger at DEBUG: actegen and its libraries (python-docx, docxtpl,
    Jinja, jsonschema) log nothing of a household, and print nothing."""
    from actegen.pipeline import check_case, render_case

    case = _marked_case(girimbelles_text, tmp_path)
    with caplog.at_level(logging.DEBUG):
        check_case(case)
        render_case(case, tmp_path / "sortie")
    for record in caplog.records:
        message = record.getMessage()
        for marker in MARKERS:
            assert marker not in message, (record.name, message)
    out, err = capfd.readouterr()
    assert out == "" and err == ""


# --------------------------------------------------------------------------------------
# Document metadata

FAKE_USER = "utilisatrice7731"
APP_ALLOWED = {
    "Application",
    "AppVersion",
    "DocSecurity",
    "ScaleCrop",
    "LinksUpToDate",
    "SharedDoc",
    "HyperlinksChanged",
}
SETTINGS_DROPPED = {"attachedTemplate", "mailMerge", "docVars", "saveThroughXslt"}
CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
DC = "{http://purl.org/dc/elements/1.1/}"
DCTERMS = "{http://purl.org/dc/terms/}"


@pytest.fixture(scope="module")
def identity(tmp_path_factory) -> dict[str, str]:
    """The environment of the renders: a user name and home folder easy to find."""
    home = tmp_path_factory.mktemp(f"maison-{FAKE_USER}")
    return {"USER": FAKE_USER, "LOGNAME": FAKE_USER, "USERNAME": FAKE_USER, "HOME": str(home)}


def _machine_traces(identity: dict[str, str], *paths: Path) -> tuple[dict[str, str], dict[str, str]]:
    """What must not reach a document: ``(words, paths)``, each by what it is.

    Words (user and host names) are looked for as whole words, and only from 3 characters
    (a host called « w » would be found in every ``<w:p>``); paths as substrings.
    """
    words = {
        "getpass.getuser()": getpass.getuser(),
        "$USER": os.environ.get("USER", ""),
        "$LOGNAME": os.environ.get("LOGNAME", ""),
        "hostname": socket.gethostname().split(".")[0],
        "user of the renders": FAKE_USER,
    }
    found = {
        "$HOME": os.environ.get("HOME", ""),
        "Path.home()": str(Path.home()),
        "home of the renders": identity["HOME"],
        "temporary folder": tempfile.gettempdir() + os.sep,
        "checkout": str(ROOT),
        "cases folder": str(CASES),
    }
    if os.name == "posix":
        import pwd

        entry = pwd.getpwuid(os.getuid())
        words["pwd name"] = entry.pw_name
        found["pwd home"] = entry.pw_dir
    for path in paths:
        found[f"path {path.name}"] = str(path)
    words = {k: v for k, v in words.items() if len(v) >= 3}
    found = {k: v for k, v in found.items() if len(v.strip(os.sep)) >= 3}
    return words, found


class Scanner:
    """Finds traces in the members of documents. A member found in many documents (styles,
    theme, settings of the same template) is read once."""

    def __init__(self, words: dict[str, str], paths: dict[str, str], values: tuple[str, ...] = ()):
        self.words = [
            (what, re.compile(rf"(?<![\w]){re.escape(word)}(?![\w])")) for what, word in words.items()
        ]
        self.literals = list(paths.items()) + [(f"« {value} »", value) for value in values]
        self._seen: dict[bytes, list[str]] = {}

    def text(self, data: str) -> list[str]:
        """What of the traces ``data`` holds."""
        return [what for what, pattern in self.words if pattern.search(data)] + [
            what for what, literal in self.literals if literal in data
        ]

    def docx(self, path: Path) -> list[str]:
        """Every trace in every member of the DOCX at ``path``, as ``member: what``."""
        out = []
        with zipfile.ZipFile(path) as z:
            for member in z.namelist():
                data = z.read(member)
                key = hashlib.sha256(data).digest()
                if key not in self._seen:
                    self._seen[key] = self.text(data.decode("utf-8", errors="replace"))
                out += [f"{member}: {what}" for what in self._seen[key]]
        return out


def _metadata_problems(docx: Path, office: str) -> list[str]:
    """What is wrong with a document's properties, settings and relationships."""
    problems = []
    with zipfile.ZipFile(docx) as z:
        names = set(z.namelist())
        core = etree.fromstring(z.read("docProps/core.xml"))
        for tag in (DC + "creator", CP + "lastModifiedBy"):
            if core.findtext(tag) != office:
                problems.append(f"core.xml {tag}: {core.findtext(tag)!r}")
        if core.findtext(CP + "revision") != "1":
            problems.append("core.xml revision")
        if core.findtext(DCTERMS + "created") != core.findtext(DCTERMS + "modified"):
            problems.append("core.xml created != modified")
        for tag in ("lastPrinted", "contentStatus", "version"):
            if core.findtext(CP + tag):
                problems.append(f"core.xml {tag}: {core.findtext(CP + tag)!r}")
        app = etree.fromstring(z.read("docProps/app.xml"))
        extra = {etree.QName(e).localname for e in app} - APP_ALLOWED
        if extra:
            problems.append(f"app.xml: {sorted(extra)}")
        if "docProps/custom.xml" in names and len(etree.fromstring(z.read("docProps/custom.xml"))):
            problems.append("custom.xml has properties")
        settings = etree.fromstring(z.read("word/settings.xml"))
        kept = {etree.QName(e).localname for e in settings} & SETTINGS_DROPPED
        if kept:
            problems.append(f"settings.xml: {sorted(kept)}")
        for member in sorted(n for n in names if n.endswith(".rels")):
            for rel in etree.fromstring(z.read(member)):
                target = rel.get("Target", "")
                if rel.get("TargetMode") == "External" and (
                    target.lower().startswith("file:") or re.match(r"^([A-Za-z]:|\\\\|/)", target)
                ):
                    problems.append(f"{member}: external file {target!r}")
                if member.endswith("settings.xml.rels") and rel.get("TargetMode") == "External":
                    problems.append(f"{member}: external relationship {target!r}")
    return problems


def _offices() -> dict[str, str]:
    """Each shipped case's id and ``operation.office``."""
    data = [load_case(p).data for p in sorted(CASES.glob("*.yaml"))]
    return {d["id"]: d["operation"]["office"] for d in data}


def _author(docx: Path, offices: dict[str, str]) -> str:
    """The author a document must carry: the seller for its board's délibération, else the office."""
    if docx.name.startswith("deliberation_"):
        cases = {d["id"]: d for d in (load_case(p).data for p in sorted(CASES.glob("*.yaml")))}
        return cases[docx.parent.name]["vendeur"]["denomination"]
    return offices[docx.parent.name]


def _assert_valid_docx(path: Path, parsed: set[bytes]) -> None:
    """A sound zip, every XML member well-formed (once per distinct member: ``parsed``), and
    python-docx opens it."""
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None
        for name in z.namelist():
            data = z.read(name)
            key = hashlib.sha256(data).digest()
            if name.endswith((".xml", ".rels")) and key not in parsed:
                etree.fromstring(data)
                parsed.add(key)
    Document(str(path))


@pytest.fixture(scope="module")
def shipped(tmp_path_factory, identity) -> Path:
    """Every shipped case rendered with the shipped templates, under ``identity``."""
    out = tmp_path_factory.mktemp("sortie-livree")
    result = run_cli("render", str(CASES), "-o", str(out), env=identity)
    assert result.returncode == 0, result.stderr
    return out


def test_documents_carry_nothing_of_the_machine(shipped: Path, identity: dict[str, str]):
    """No user name, home, host name or path in any member of any document (properties,
    settings, relationships, body, headers, footers) nor in the manifest; the author and
    last editor are the office of the case (the seller for a délibération); no editing time, print date or page count."""
    offices = _offices()
    words, paths = _machine_traces(identity, shipped, *sorted(CASES.glob("*.yaml")))
    docs = sorted(shipped.rglob("*.docx"))
    assert {p.parent.name for p in docs} == set(offices) and len(docs) >= 35
    scanner = Scanner(words, paths)
    problems = []
    for docx in docs:
        problems += [f"{docx.name}: {p}" for p in scanner.docx(docx)]
        problems += [f"{docx.name}: {p}" for p in _metadata_problems(docx, _author(docx, offices))]
    for manifest in shipped.rglob(".actegen-manifest.json"):
        found = scanner.text(manifest.read_text(encoding="utf-8"))
        problems += [f"{manifest.parent.name} manifest: {what}" for what in found]
    assert problems == []


# An office's template as Word leaves it: its author and company in the properties, the
# path of its Normal.dotm, a mail merge on a client file, macro variables.
HOSTILE_VALUES = (
    "Jean Machin",
    "jmachin",
    "Etude Machin",
    "Machin",
    "Modèles",
    "Normal.dotm",
    "clients-etude",
    "Dossiers",
    "Durand",
    "Feuil1",
)
_CUSTOM_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Redacteur">'
    "<vt:lpwstr>Jean Machin</vt:lpwstr></property>"
    '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="3" name="Dossier client">'
    "<vt:lpwstr>C:\\Users\\jmachin\\Dossiers\\Durand</vt:lpwstr></property></Properties>"
)
_SETTINGS_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rIdTpl" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'attachedTemplate" Target="file:///C:\\Users\\jmachin\\Mod%C3%A8les\\Normal.dotm" TargetMode="External"/>'
    '<Relationship Id="rIdMM" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'mailMergeSource" Target="file:///C:\\Users\\jmachin\\Documents\\clients-etude.xlsx" TargetMode="External"/>'
    "</Relationships>"
)
_MAIL_MERGE = (
    '<w:attachedTemplate r:id="rIdTpl"/>'
    '<w:mailMerge><w:mainDocumentType w:val="formLetters"/><w:linkToQuery/><w:dataType w:val="native"/>'
    '<w:connectString w:val="Provider=Microsoft.ACE.OLEDB.12.0;User ID=jmachin;'
    'Data Source=C:\\Users\\jmachin\\Documents\\clients-etude.xlsx"/>'
    '<w:query w:val="SELECT * FROM `C:\\Users\\jmachin\\Documents\\clients-etude.xlsx`.`Feuil1$`"/>'
    '<w:dataSource r:id="rIdMM"/></w:mailMerge>'
)
_CORE_EXTRAS = (
    "<cp:contentStatus>Relu par jmachin</cp:contentStatus><cp:version>jmachin-v3</cp:version>"
    "<cp:lastPrinted>2019-04-01T09:15:00Z</cp:lastPrinted>"
)


def _make_hostile(path: Path, *, core_extras: bool = False) -> None:
    """Rewrite the template at ``path`` as an office's Word would have left it."""
    with zipfile.ZipFile(path) as z:
        members = {
            name: z.read(name).decode("utf-8") if name.endswith((".xml", ".rels")) else z.read(name)
            for name in z.namelist()
        }

    def edit(name: str, old: str, new: str) -> None:
        assert old in members[name], (path.name, name, old)
        members[name] = members[name].replace(old, new, 1)

    edit(
        "docProps/core.xml",
        "<dc:creator>{{ doc.auteur }}</dc:creator>",
        "<dc:creator>Jean Machin</dc:creator>",
    )
    edit("docProps/core.xml", "<cp:lastModifiedBy>{{ doc.auteur }}", "<cp:lastModifiedBy>jmachin")
    edit(
        "docProps/core.xml", "<cp:keywords></cp:keywords>", "<cp:keywords>Etude Machin, Durand</cp:keywords>"
    )
    edit(
        "docProps/core.xml",
        "<dc:description></dc:description>",
        "<dc:description>Modèle de Jean Machin</dc:description>",
    )
    edit(
        "docProps/core.xml",
        "<cp:category></cp:category>",
        "<cp:category>Etude Machin</cp:category>" + (_CORE_EXTRAS if core_extras else ""),
    )
    edit(
        "docProps/app.xml",
        "<Template>Normal.dotm</Template>",
        "<Template>C:\\Users\\jmachin\\Modèles\\Normal.dotm</Template>",
    )
    edit("docProps/app.xml", "<TotalTime>0</TotalTime>", "<TotalTime>4242</TotalTime>")
    edit("docProps/app.xml", "<Pages>1</Pages>", "<Pages>1031</Pages>")
    edit("docProps/app.xml", "<Manager/>", "<Manager>Maître Jean Machin</Manager>")
    edit("docProps/app.xml", "<Company/>", "<Company>Etude Machin</Company>")
    edit("docProps/app.xml", "<HyperlinkBase/>", "<HyperlinkBase>file:///C:/Users/jmachin/</HyperlinkBase>")
    edit(
        "docProps/app.xml",
        "<HyperlinksChanged>",
        '<HLinks><vt:vector size="1" baseType="variant"><vt:variant>'
        "<vt:lpwstr>file:///C:/Users/jmachin/Dossiers/Durand.docx</vt:lpwstr></vt:variant></vt:vector></HLinks>"
        "<HyperlinksChanged>",
    )
    members["docProps/custom.xml"] = _CUSTOM_XML
    edit(
        "_rels/.rels",
        "</Relationships>",
        '<Relationship Id="rIdCustom" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'custom-properties" Target="docProps/custom.xml"/></Relationships>',
    )
    edit(
        "[Content_Types].xml",
        "</Types>",
        '<Override PartName="/docProps/custom.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>',
    )
    edit("word/settings.xml", "<w:defaultTabStop", _MAIL_MERGE + "<w:defaultTabStop")
    edit(
        "word/settings.xml",
        "<w:rsids>",
        '<w:docVars><w:docVar w:name="Redacteur" w:val="Jean Machin"/></w:docVars><w:rsids>',
    )
    members["word/_rels/settings.xml.rels"] = _SETTINGS_RELS
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)


def hostile_templates(folder: Path, *, core_extras: bool = False) -> Path:
    """A copy of the shipped templates (clauses included), every document template made hostile."""
    templates = folder / "modeles-de-jmachin"
    shutil.copytree(ROOT / "templates", templates)
    for path in sorted(templates.glob("*.docx")):
        _make_hostile(path, core_extras=core_extras)
    return templates


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, identity) -> tuple[Path, Path]:
    """``(templates, output)``: every shipped case rendered with the hostile templates."""
    folder = tmp_path_factory.mktemp("etude")
    templates = hostile_templates(folder)
    out = folder / "sortie"
    result = run_cli("render", str(CASES), "-o", str(out), "--templates", str(templates), env=identity)
    assert result.returncode == 0, result.stderr
    return templates, out


def test_hostile_template_is_what_it_claims(hostile: tuple[Path, Path]):
    """The test's premise: the template really carries the values (else the test proves nothing)."""
    templates, _out = hostile
    with zipfile.ZipFile(templates / "acte_de_vente.docx") as z:
        everything = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith((".xml", ".rels")))
    for value in HOSTILE_VALUES:
        assert value in everything, value


def test_nothing_of_a_hostile_template_reaches_the_documents(
    hostile: tuple[Path, Path], identity: dict[str, str]
):
    """Author, editor, company, manager, template path, editing time, custom properties,
    attached template, mail merge, document variables: none reaches a document, and the
    documents stay valid (zip, XML, python-docx)."""
    templates, out = hostile
    offices = _offices()
    words, paths = _machine_traces(identity, out, templates, *sorted(CASES.glob("*.yaml")))
    docs = sorted(out.rglob("*.docx"))
    assert len(docs) >= 35
    scanner = Scanner(words, paths, HOSTILE_VALUES)
    parsed: set[bytes] = set()
    problems = []
    for docx in docs:
        problems += [f"{docx.name}: {p}" for p in scanner.docx(docx)]
        problems += [f"{docx.name}: {p}" for p in _metadata_problems(docx, _author(docx, offices))]
        _assert_valid_docx(docx, parsed)
    assert problems == []


def test_both_render_paths_clean_a_hostile_template(hostile: tuple[Path, Path], identity: dict[str, str]):
    """The prepared template (fast path) and a plain docxtpl render give the same bytes."""
    from actegen import documents
    from actegen.pipeline import check_case, settings_for
    from actegen.render import Renderer

    templates, out = hostile
    renderer = Renderer(templates)
    case, _warnings, results = check_case(GIRIMBELLES)
    settings = settings_for(case)
    job = documents.build_jobs(case, results)[0]
    plain = renderer.render(job, settings, fast=False)
    assert renderer.render(job, settings, fast=True) == plain
    assert plain == (out / case["id"] / job.filename).read_bytes()


@pytest.mark.skipif(
    shutil.which("soffice") is None and shutil.which("libreoffice") is None,
    reason="LibreOffice absent : ouverture des documents nettoyés non vérifiée ici",
)
@pytest.mark.slow
def test_libreoffice_opens_documents_of_a_hostile_template(hostile: tuple[Path, Path], tmp_path: Path):
    from actegen.pdf import convert_to_pdf

    _templates, out = hostile
    docx = out / "girimbelles-1993" / "acte-de-vente_lot-01_GRONDIN.docx"
    (pdf,) = convert_to_pdf([docx], tmp_path)
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000


def test_core_properties_of_a_hostile_template_do_not_reach_the_documents(
    tmp_path: Path, identity: dict[str, str]
):
    templates = hostile_templates(tmp_path, core_extras=True)
    case = CASES / "vente-hlm-2023.yaml"
    result = run_cli(
        "render", str(case), "-o", str(tmp_path / "sortie"), "--templates", str(templates), env=identity
    )
    assert result.returncode == 0, result.stderr
    docs = sorted((tmp_path / "sortie").rglob("*.docx"))
    assert docs
    office = _offices()["vente-hlm-2023"]
    problems = []
    for docx in docs:
        problems += [f"{docx.name}: {p}" for p in Scanner({}, {}, ("jmachin", "2019-04-01")).docx(docx)]
        problems += [f"{docx.name}: {p}" for p in _metadata_problems(docx, office)]
    assert problems == []


def test_refused_case_says_nothing_of_the_machine(tmp_path: Path, identity: dict[str, str]):
    """A refusal names the file as the user typed it, not where it lives."""
    (tmp_path / "dossier.yaml").write_text("id: [\n", encoding="utf-8")
    result = run_cli("render", "dossier.yaml", "-o", "sortie", cwd=tmp_path, env=identity)
    assert result.returncode == 1 and result.stdout == REFUSED_SUMMARY
    assert result.stderr.startswith("dossier.yaml:")
    assert str(tmp_path) not in result.stderr and FAKE_USER not in result.stderr


# --------------------------------------------------------------------------------------
# Any household, any broken rule: messages name fields and rules, never values (issue 16)

VEFA = CASES / "vefa-accession-2025.yaml"
BUYER = "lots[0].acquereurs[0]"


def _forms_of_amount(value: Decimal) -> list[str]:
    """An amount as any message could write it: raw, with a point or a comma, French-grouped."""
    units, cents = f"{value:.2f}".split(".")
    grouped = f"{int(units):,}".replace(",", "\u202f")
    return [f"{value:.2f}", f"{units},{cents}", f"{grouped},{cents}", grouped, units]


def _forms_of_date(value: date) -> list[str]:
    return [value.isoformat(), value.strftime("%d/%m/%Y")]


@st.composite
def marked_households(draw):
    """A patch of the VEFA case giving its first buyer and lot marker values, with a choice
    of broken rules that see those values; and every form of every marker."""
    name = "ZQ" + draw(st.text("BCDFGHJKLMNPQRSTVWXZ", min_size=6, max_size=6))
    first = "Zq" + draw(st.text("bcdfghjklmnpqrstvwxz", min_size=6, max_size=6))
    phone = "06 " + " ".join(f"{draw(st.integers(10, 99))}" for _ in range(4))
    mail = f"{first.lower()}.{name.lower()}@exemple.fr"
    born = draw(st.dates(date(1940, 1, 1), date(2000, 12, 31)))
    apport = Decimal(draw(st.integers(1_000_001, 9_999_999))) / 100
    event = draw(st.dates(date(2020, 1, 1), date(2060, 12, 31)))
    request = draw(st.dates(date(2020, 1, 1), date(2060, 12, 31)))
    share = draw(st.integers(1, 99))
    caf = str(draw(st.integers(1_000_000, 9_999_999)))
    patch = {
        f"{BUYER}.nom": name,
        f"{BUYER}.prenoms": first,
        f"{BUYER}.telephone": phone,
        f"{BUYER}.courriel": mail,
        f"{BUYER}.date_naissance": born.isoformat(),
    }
    broken = draw(
        st.lists(
            st.sampled_from(["financing", "shares", "buy-back", "residence", "key", "text", "date", "caf"]),
            min_size=1,
            max_size=4,
            unique=True,
        )
    )
    if "financing" in broken:
        patch["lots[0].plan_de_financement.apport"] = f"{apport:.2f}"
    if "shares" in broken:
        patch[f"{BUYER}.quote_part"] = str(share)
    if "buy-back" in broken or "residence" in broken:
        residence = "false" if "residence" in broken else "true"
        patch["lots[0].demande_rachat"] = (
            f"{{evenement: chomage, date_evenement: {event}, date_demande: {request}, "
            f"residence_principale: {residence}, toujours_proprietaire: true}}"
        )
    if "key" in broken:  # the name typed one step off: a key of the buyer
        patch[f"{BUYER}.{name.lower()}"] = "oui"
    if "text" in broken:
        patch["lots[0].plan_de_financement.apport"] = f'"{first} {apport:.2f}"'
    if "date" in broken:
        patch[f"{BUYER}.date_naissance"] = f'"{born.strftime("%d/%m/%Y")}"'
    if "caf" in broken:
        patch[f"{BUYER}.numero_caf"] = f'"{caf}{name}"'
    markers = [name, name.lower(), first, phone, mail, caf, *_forms_of_date(born), *_forms_of_amount(apport)]
    if "buy-back" in broken or "residence" in broken:
        markers += [*_forms_of_date(event), *_forms_of_date(request), "chômage", "chomage"]
        markers += ["n'est plus occupé", "résidence principale »"]  # the status itself
    if "shares" in broken:
        markers += [f"font {share + 40} %"]
    return patch, markers


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(household=marked_households())
def test_no_message_ever_shows_a_household_value(tmp_path: Path, household):
    patch, markers = household
    shutil.rmtree(tmp_path / "sortie", ignore_errors=True)  # tmp_path is shared by the examples
    case = tmp_path / "dossier.yaml"
    case.write_text(patched(VEFA.read_text(encoding="utf-8"), patch), encoding="utf-8")
    for command in ("validate", "render"):
        args = (command, case.name) + (("-o", "sortie") if command == "render" else ())
        result = run_cli(*args, cwd=tmp_path)
        assert "Traceback" not in result.stderr
        said = result.stdout + result.stderr
        assert [m for m in markers if m in said] == [], said
    assert not (tmp_path / "sortie").exists() or result.returncode == 0


GIRIMBELLES_CASE = CASES / "girimbelles-1993.yaml"
PSLA = CASES / "psla-coop-2024.yaml"


def _cents(draw, low: int, high: int) -> Decimal:
    """An amount with cents that are not zero: its forms cannot be a line or a column."""
    return Decimal(draw(st.integers(low * 100, high * 100).filter(lambda v: v % 100 > 10))) / 100


def _amount_forms(value: Decimal) -> list[str]:
    units, cents = f"{value:.2f}".split(".")
    grouped = f"{int(units):,}".replace(",", "\u202f")
    return [f"{value:.2f}", f"{units},{cents}", f"{grouped},{cents}", f"{value:.2f}".rstrip("0")]


@st.composite
def marked_figures(draw):
    """A case whose household figures the rules see — incomes, allocation, loans, the
    contribution, the fiscal income of a PSLA buyer — given marker values that break or
    warn, and every form of each marker."""
    family = draw(st.sampled_from(["incomes", "allocation", "loans", "fiscal income"]))
    if family == "incomes":  # the effort above 25 %: a warning that sees the income
        income = _cents(draw, 1_001, 3_999)
        return GIRIMBELLES_CASE, {"lots[0].menage.revenus_mensuels": f"{income:.2f}"}, _amount_forms(income)
    if family == "allocation":  # an allocation that alone repays the loan, then one that differs
        allocation = _cents(draw, 2_101, 2_999)
        other = _cents(draw, 3_001, 3_999)
        years = ", ".join([f"{other:.2f}"] + [f"{allocation:.2f}"] * 14)
        patch = {
            "lots[0].menage.allocation_logement": f"{allocation:.2f}",
            "lots[0].menage.allocation_logement_evolution": f"[{years}]",
        }
        return GIRIMBELLES_CASE, patch, _amount_forms(allocation) + _amount_forms(other)
    if family == "loans":  # sources that do not make the price
        loan, contribution = _cents(draw, 100_001, 199_999), _cents(draw, 10_001, 99_999)
        patch = {
            "lots[0].plan_de_financement.prets[0].montant": f"{loan:.2f}",
            "lots[0].plan_de_financement.apport": f"{contribution:.2f}",
        }
        return VEFA, patch, _amount_forms(loan) + _amount_forms(contribution)
    income = _cents(draw, 30_001, 99_999)  # above the PSLA ceiling of the contract
    patch = {"lots[0].location_accession.revenu_fiscal_reference": f"{income:.2f}"}
    return PSLA, patch, _amount_forms(income)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(figures=marked_figures())
def test_no_message_ever_shows_incomes_allocations_or_loans(tmp_path: Path, figures):
    base, patch, markers = figures
    case = tmp_path / "dossier.yaml"
    case.write_text(patched(base.read_text(encoding="utf-8"), patch), encoding="utf-8")
    said = ""
    for command in ("validate", "render"):
        args = (command, case.name) + (("-o", "sortie") if command == "render" else ())
        result = run_cli(*args, cwd=tmp_path)
        assert "Traceback" not in result.stderr
        said += result.stdout + result.stderr
    assert "avertissement" in said or "erreur" in said  # a rule did see the figures
    assert [m for m in markers if m in said] == [], said
    shutil.rmtree(tmp_path / "sortie", ignore_errors=True)
