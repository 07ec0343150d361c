"""`actegen templates check`: every template checked against the context actegen builds.

The static analysis of docxtpl templates is done by docxtpl-lint (PyPI), which parses the
Word XML as docxtpl does and locates each finding to the part, paragraph and table cell.
actegen adds what is specific to it:
- the data contract: the contexts the code really builds for each template, from every
  shipped example case (a variable absent from all of them is an error: it would render
  as an error, or worse, as a blank in an act);
- our strict, sandboxed environment (its French filters);
- two mistakes Word makes behind a notary's back: a tag split across runs (formatting
  changed in the middle of ``{{ … }}``) and autocorrected curly quotes inside a tag;
- the schema fields that no template prints (listed, for information).
Messages are in French.
"""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from docxtpl_lint.api import lint
from lxml import etree

from ..bounded import read_docx
from ..clause_catalogue import PARTIES
from ..documents import FAMILIES, build_jobs
from ..documents.clauses import ClauseParts
from ..errors import display_path
from ..mentions import family_sources, template_gaps, template_texts
from ..pipeline import explain_case, settings_for
from ..render import make_environment
from ..schema import case_schema
from . import shipped_cases
from .templates_dump import dump, dump_path

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

FRENCH = {
    "DTL001": "balise « {open} » jamais fermée par « {close} »",
    "DTL002": "balise « {open} » fermée seulement au paragraphe {end_para} : Word fusionnera ces paragraphes",
    "DTL003": "une suppression suivie (révision non acceptée) contient du code de modèle : accepter ou rejeter la révision",
    "DTL005": "commentaire de suppression « {directive} » sans effet",
    "DTL101": "bloc « {{% {kw} %}} » jamais fermé : « {{% end{kw} %}} » manquant",
    "DTL102": "« {raw} » ferme un bloc qui n'a pas été ouvert",
    "DTL103": "erreur de syntaxe Jinja : {msg}",
    "DTL104": "filtre inconnu « {name} »",
    "DTL105": "test inconnu « is {name} »",
    "DTL106": "« {name} » n'existe que dans sa boucle « for » mais est utilisé après",
    "DTL201": "la balise « {prefix} » contient « % » ou « }} » : calculer la valeur avant avec {{% set %}}",
    "DTL202": "écrire « {{%{prefix} » sans espace",
    "DTL203": "« {raw} » (préfixe {prefix}) doit être dans une cellule de tableau",
    "DTL204": "« {close_raw} » ferme « {open_raw} » avec un autre préfixe ({open_prefix} / {close_prefix})",
    "DTL205": "« {open_raw} » et « {close_raw} » sont dans deux tableaux différents : lignes perdues",
    "DTL206": "« {open_raw} » et « {close_raw} » sont dans la même ligne de tableau : les mettre sur des lignes à part",
    "DTL207": "« {open_raw} » et « {close_raw} » ne sont pas dans la même ligne : tableau corrompu",
    "DTL208": "« {raw} » ne fonctionne que dans une cellule de tableau",
    "DTL209": "« {raw} » remplace tout le {unit} : le texte « {rest} » à côté disparaîtrait ; le mettre dans son propre paragraphe",
    "DTL210": "« {open_raw} » et « {close_raw} » sont dans le même paragraphe : les mettre dans deux paragraphes",
    "DTL301": "variable inconnue « {path} » : absente du contexte construit par actegen",
    "DTL302": "donnée « {key} » jamais utilisée",
    "DTL303": "boucle sur « {path} », qui n'est pas une liste ({type})",
    "DTL304": "« {path} » n'est pas déclaré dans le schéma",
    "DTL305": "boucle sur « {path} », que le schéma déclare comme {type}",
    "DTL306": "« {path} » n'est pas une liste ({type}) mais le filtre « {filter} » en attend une",
    "DTL307": "« {raw} » attend un objet docxtpl ({object}) mais « {path} » est une simple valeur",
    "DTL308": "« {path} » contient & ou < et serait imprimé sans échappement",
    "DTL401": "« {raw} » est rendu mais sa valeur n'apparaît pas dans le document",
    "DTL402": "docxtpl n'a pas pu rendre le modèle : {error}",
}

_PARTS = {"body": "corps", "header": "en-tête", "footer": "pied de page", "footnotes": "notes de bas de page"}

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_CURLY = re.compile("[\u201c\u201d\u2018\u2019\u00ab\u00bb]")


@dataclasses.dataclass(frozen=True)
class Finding:
    template: str
    where: str
    message: str
    severity: str = "erreur"

    def __str__(self) -> str:
        prefix = "avertissement : " if self.severity == "avertissement" else ""
        return f"{self.template}: {self.where}: {prefix}{self.message}"


@dataclasses.dataclass
class Report:
    findings: list[Finding]
    unused_fields: list[str]
    templates: list[str]
    variables: dict[str, list[str]]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "erreur"]


def plain(value: Any) -> Any:
    """A context as JSON-like data (what docxtpl-lint compares paths and types against)."""
    if isinstance(value, ClauseParts):  # the acte places its clauses part by part
        return {partie: plain(getattr(value, partie)) for partie in PARTIES}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (Decimal, date, datetime)):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    return value


def _where(location: Any) -> str:
    part = _PARTS.get(location.part, location.part)
    text = f"{part}, paragraphe {location.paragraph}"
    if location.cells:
        cells = " > ".join(f"tableau {c.table}, ligne {c.row}, cellule {c.col}" for c in location.cells)
        text += f" ({cells}, paragraphe {location.cell_paragraph})"
    return text


def _french(issue: Any) -> str:
    template = FRENCH.get(issue.rule)
    if template is None:
        return f"{issue.rule} : {issue.message}"
    try:
        return template.format(**issue.params)
    except (KeyError, IndexError):
        return f"{issue.rule} : {issue.message}"


def _xml_parts(path: Path) -> Iterable[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(read_docx(path))) as z:  # bounded: a bomb is a finding
        for name in sorted(z.namelist()):
            if re.fullmatch(r"word/(document|header\d*|footer\d*|footnotes)\.xml", name):
                yield name, z.read(name)


def word_mistakes(path: Path) -> list[Finding]:
    """Tags split across runs and curly quotes inside tags, located by part and paragraph."""
    out: list[Finding] = []
    for name, xml in _xml_parts(path):
        part = name.split("/")[1].removesuffix(".xml")
        kind = _PARTS.get(re.sub(r"\d+$", "", part), part)
        root = etree.fromstring(xml)
        for number, para in enumerate(root.iter(f"{W}p"), 1):
            runs = [("".join(t.text or "" for t in r.iter(f"{W}t"))) for r in para.iter(f"{W}r")]
            text = "".join(runs)
            if "{" not in text:
                continue
            bounds, pos = [], 0
            for run in runs:
                pos += len(run)
                bounds.append(pos)
            for match in _TAG.finditer(text):
                start, end = match.span()
                if any(start < b < end for b in bounds[:-1]):
                    out.append(
                        Finding(
                            path.name,
                            f"{kind}, paragraphe {number}",
                            f"balise « {match.group(0)} » coupée entre plusieurs segments de mise en "
                            "forme : la sélectionner et la retaper d'un seul tenant, sans changer de style",
                        )
                    )
                if _CURLY.search(match.group(0)):
                    out.append(
                        Finding(
                            path.name,
                            f"{kind}, paragraphe {number}",
                            f"guillemets typographiques dans la balise « {match.group(0)} » "
                            "(correction automatique de Word) : utiliser ' ou \"",
                        )
                    )
    return out


def stale_dump(path: Path, rel: str) -> list[Finding]:
    """A warning when the template's text dump (``NAME.docx.txt``, if the folder keeps one)
    no longer matches it: the template was edited in Word and the dump not regenerated."""
    target = dump_path(path)
    if not target.is_file() or target.read_text(encoding="utf-8") == dump(path):
        return []
    return [
        Finding(
            rel,
            "fichier",
            f"{target.name} ne correspond plus au modèle : le régénérer avec "
            f"« actegen templates dump --write {display_path(path)} »",
            "avertissement",
        )
    ]


# Context roots → where their fields come from in a case file.
ROOTS = {
    "op": "operation",
    "vendeur": "vendeur",
    "notaire": "notaire",
    "seance": "seance",
    "fin": "financement",
    "mandataire": "mandataire",
    "lot": "lots[]",
    "acquereurs[]": "lots[].acquereurs[]",
    "garanties": "garanties",
    "case": "",
}


def schema_leaves(
    node: dict[str, Any] | None = None, prefix: str = "", root: dict[str, Any] | None = None
) -> list[str]:
    """Every leaf field path of the case schema, e.g. ``lots[].cadastre.section``."""
    root = root or case_schema()
    node = node if node is not None else root
    if "$ref" in node:
        target: Any = root
        for part in node["$ref"][2:].split("/"):
            target = target[part]
        node = target
    if node.get("type") == "object" and "properties" in node:
        out: list[str] = []
        for key, child in node["properties"].items():
            out += schema_leaves(child, f"{prefix}.{key}" if prefix else key, root)
        return out
    if node.get("type") == "array" and isinstance(node.get("items"), dict):
        items = node["items"]
        if items.get("type") == "object" or "$ref" in items:
            return schema_leaves(items, prefix + "[]", root)
    return [prefix]


def _to_case_path(variable: str) -> str | None:
    for root, target in sorted(ROOTS.items(), key=lambda kv: -len(kv[0])):
        if variable == root or variable.startswith((root + ".", root + "[")):
            rest = variable[len(root) :]
            return (target + rest).lstrip(".")
    return None


def contexts_from_shipped_cases() -> tuple[dict[str, list[dict[str, Any]]], Any]:
    """The contexts actegen builds for each template from every shipped example case, and
    the Jinja environment of the first case: what ``check`` lints the templates against."""
    contexts: dict[str, list[dict[str, Any]]] = {}
    env = None
    for case_path in shipped_cases():
        case, _warnings, results = explain_case(case_path)
        env = env or make_environment(settings_for(case))
        for job in build_jobs(case, results):
            contexts.setdefault(job.template, []).append(job.context)
    return contexts, env


def check(directory: Path, contexts: dict[str, list[dict[str, Any]]], jinja_env: Any) -> Report:
    """Lint every template of ``directory`` (and its ``clauses/``) against ``contexts``.

    ``contexts`` maps a template's path relative to ``directory`` to the contexts actegen
    built for it from the example cases; a clause file gets the contexts of the acts.
    """
    findings: list[Finding] = []
    used: set[str] = set()
    variables: dict[str, list[str]] = {}
    templates = sorted(p for p in directory.rglob("*.docx") if not p.name.startswith(("~$", ".~lock")))
    for path in templates:
        rel = path.relative_to(directory).as_posix()
        data = [plain(c) for c in contexts.get(rel, [])]
        if not data and rel.startswith("clauses/"):
            data = [plain(c) for key, cs in contexts.items() if key.startswith("acte") for c in cs]
        try:
            result = lint(str(path), contexts=data or None, jinja_env=jinja_env, autoescape=True)
        except Exception as exc:  # noqa: BLE001 - a corrupt file is a finding, not a crash
            findings.append(Finding(rel, "fichier", f"modèle illisible ({type(exc).__name__})"))
            continue
        if not data:
            findings.append(
                Finding(
                    rel,
                    "fichier",
                    "aucun document n'utilise ce modèle dans les dossiers d'exemple",
                    "avertissement",
                )
            )
        for issue in result.issues:
            severity = "erreur" if issue.severity == "error" else "avertissement"
            findings.append(Finding(rel, _where(issue.location), _french(issue), severity))
        findings += [dataclasses.replace(f, template=rel) for f in word_mistakes(path)]
        findings += stale_dump(path, rel)
        variables[rel] = list(result.variables)
        for variable in result.variables:
            case_path = _to_case_path(variable)
            if case_path:
                used.add(case_path)
    findings += mention_findings(directory)
    unused = [
        leaf
        for leaf in schema_leaves()
        if not any(u == leaf or u.startswith(leaf + ".") or leaf.startswith(u + ".") for u in used)
    ]
    return Report(findings, unused, [p.relative_to(directory).as_posix() for p in templates], variables)


def mention_findings(directory: Path) -> list[Finding]:
    """A mandatory mention (``parameters/mentions``) whose heading no longer appears in the
    family's template nor in any clause that could produce it: an error, with its source."""
    out: list[Finding] = []
    for family in FAMILIES:
        texts = template_texts(family_sources(directory, family.template, family.clauses))
        for m in template_gaps(family.name, texts):
            out.append(
                Finding(
                    family.template,
                    "mentions obligatoires",
                    f"la mention « {m.repere} » ({m.libelle}) n'est plus produite par le modèle ni par "
                    f"ses clauses ; source : {m.source_text}",
                )
            )
    return out
