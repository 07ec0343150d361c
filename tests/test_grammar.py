"""The grammar gate (issue 14, point 3): Grammalecte over every paragraph of every document.

Every shipped case is rendered, the full text of each document is read back (body, table
cells, headers and footers, with ``actegen.diff``'s extractor) and each paragraph goes
through Grammalecte, the French grammar checker packaged by Debian (``grammalecte-cli``,
``python3-grammalecte``; ``.ci/run`` installs them). Grammalecte is a library of Debian's own
Python, which need not be the Python running the tests, so it runs in one subprocess of
that interpreter (the one ``grammalecte-cli`` names on its first line), paragraphs in JSON on
stdin, findings in JSON on stdout. Without it, the module is skipped.

What Grammalecte reports falls in two layers:

- **grammar** (agreement, confusions, conjugation, …): zero findings, except those of
  ``tests/data/grammalecte_allowlist.yaml`` (each a notarial formula, a proper name, a
  company name or a number Grammalecte reads as a quantity, with its reason) and the real
  errors of today listed in ``tests/data/grammalecte_known_errors.yaml`` (``errors``), to be
  fixed by the agreement of words with the parties. Some real errors Grammalecte cannot see
  (« Maître Claire MORVAN … soussigné »): they are listed there too, with a ``pattern`` this
  module searches itself.
- **typography** (apostrophes, no-break spaces, ordinals, capitals, digit grouping): zero
  findings in what actegen writes (templates, clauses, the phrases and figures of the code);
  a value typed in the case file is printed as typed (issue 14: « values typed by people
  are left as typed »), so a finding that lies inside one of the case's own values is not
  counted. While faults remain, a ceiling per document family and rule in the same file
  (``typography``) may only go down.

For each family, ``test_no_new_*`` fails on any finding that is neither allowed nor known,
and on any known error that no longer occurs (remove it from the file); ``test_*_clean`` is a
strict xfail while known errors remain, so the change that fixes the last one must also drop
the marker.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from actegen.diff import read_parts
from actegen.docx_lines import document_lines

from .helpers import CASES

DATA = Path(__file__).parent / "data"
ALLOWLIST = DATA / "grammalecte_allowlist.yaml"
KNOWN = DATA / "grammalecte_known_errors.yaml"
FAMILIES = ("acte-de-vente", "bulletin-assurance-revente", "convention-caf", "deliberation", "note-de-calcul")
KINDS = ("formule notariale", "nom propre", "raison sociale", "liste numérotée ou nombre")

# Grammalecte's option groups that are typography, not grammar (``grammalecte-cli -lo``).
TYPOGRAPHY_TYPES = {"apos", "esp", "nbsp", "num", "typo", "unit", "maj", "tab"}
TYPOGRAPHY_RULES = ("apostrophe_", "esp_", "nbsp_", "num_", "typo_", "unit_", "majuscule_")

# Runs under Debian's Python: read paragraphs, write findings (grammar only, no spelling:
# names of people and places are not in any dictionary).
WORKER = r"""
import json, sys
import grammalecte
engine = grammalecte.GrammarChecker("fr").getGCEngine()
found = []
for text in json.load(sys.stdin):
    found.append([{key: error[key] for key in ("nStart", "nEnd", "sRuleId", "sType", "sMessage")}
                  for error in engine.parse(text, "FR")])
json.dump({"version": engine.version, "findings": found}, sys.stdout, ensure_ascii=False)
"""


def _grammalecte_python() -> str | None:
    """The interpreter that imports ``grammalecte``: the one ``grammalecte-cli`` runs with."""
    candidates = []
    cli = shutil.which("grammalecte-cli")
    if cli:
        first = Path(cli).read_text(encoding="utf-8", errors="replace").splitlines()[:1]
        if first and first[0].startswith("#!"):
            candidates.append(first[0][2:].strip().split()[0])
    candidates.append("/usr/bin/python3")
    for python in candidates:
        if (
            Path(python).exists()
            and subprocess.run(
                [python, "-c", "import grammalecte"], check=False, capture_output=True
            ).returncode
            == 0
        ):
            return python
    return None


PYTHON = _grammalecte_python()
if PYTHON is None and os.environ.get("ACTEGEN_REQUIRE_GRAMMALECTE"):
    # .ci/run installs Grammalecte and sets this: in CI the gate runs, it never skips.
    raise RuntimeError("Grammalecte absent alors que ACTEGEN_REQUIRE_GRAMMALECTE est défini")
pytestmark = pytest.mark.skipif(
    PYTHON is None, reason="Grammalecte absent : apt-get install grammalecte-cli python3-grammalecte"
)


def grammalecte(paragraphs: list[str]) -> tuple[str, list[list[dict]]]:
    """(version, findings of each paragraph), one subprocess for all of them."""
    assert PYTHON is not None
    done = subprocess.run(
        [PYTHON, "-c", WORKER],
        input=json.dumps(paragraphs),
        text=True,
        capture_output=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    return answer["version"], answer["findings"]


# --------------------------------------------------------------------------- findings


@dataclass(frozen=True)
class Finding:
    document: str  # "<case id>/<file name>"
    paragraph: int  # line number in actegen.diff's listing of the document
    where: str  # "", "[tableau 2, ligne 3, cellule 8]", "[en-tête]"…
    text: str  # the paragraph (one line of a cell, one line of a paragraph)
    start: int
    end: int
    rule: str
    kind: str  # Grammalecte's option group: gn, conf, nbsp…
    message: str

    @property
    def family(self) -> str:
        return self.document.split("/")[-1].split("_")[0]

    @property
    def excerpt(self) -> str:
        return self.text[self.start : self.end]

    @property
    def typography(self) -> bool:
        return self.kind in TYPOGRAPHY_TYPES or self.rule.startswith(TYPOGRAPHY_RULES)

    def __str__(self) -> str:
        before = self.text[max(0, self.start - 40) : self.start]
        after = self.text[self.end : self.end + 30]
        return (
            f"{self.document} § {self.paragraph} {self.where}: [{self.rule}] {self.message}"
            f" — « …{before}⟦{self.excerpt}⟧{after}… »"
        )


_LABEL = re.compile(r"^(\[[^\]]*\] )?(.*)$", re.S)


def document_paragraphs(path: Path) -> list[tuple[int, str, str]]:
    """(paragraph number, where, text) of each non-empty paragraph line of a document."""
    out = []
    for number, line in enumerate(document_lines(read_parts(path)), 1):
        match = _LABEL.match(line)
        assert match is not None
        where, text = (match.group(1) or "").strip(), match.group(2)
        for piece in text.split("⏎"):  # cell paragraphs and line breaks
            if piece.strip():
                out.append((number, where, piece.strip()))
    return out


@dataclass
class Gate:
    version: str
    documents: dict[str, list[tuple[int, str, str]]]
    findings: list[Finding]


@pytest.fixture(scope="session")
def gate(shipped_render: dict[str, Path]) -> Gate:
    """Every shipped case rendered once, every paragraph checked once (duplicates too)."""
    (out,) = {folder.parent for folder in shipped_render.values()}
    documents = {
        doc.relative_to(out).as_posix(): document_paragraphs(doc) for doc in sorted(out.rglob("*.docx"))
    }
    unique = sorted({text for paragraphs in documents.values() for _, _, text in paragraphs})
    version, answers = grammalecte(unique)
    by_text = dict(zip(unique, answers))
    findings = [
        Finding(name, number, where, text, e["nStart"], e["nEnd"], e["sRuleId"], e["sType"], e["sMessage"])
        for name, paragraphs in documents.items()
        for number, where, text in paragraphs
        for e in by_text[text]
    ]
    return Gate(version, documents, findings)


# --------------------------------------------------------------------------- the two lists


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def _covers(entry: dict, finding: Finding) -> bool:
    """The entry names this finding: its documents, rule and excerpt (or pattern) around it."""
    if "documents" in entry and not fnmatch.fnmatchcase(finding.document, entry["documents"]):
        return False
    if "rule" in entry and not re.fullmatch(entry["rule"], finding.rule):
        return False
    spans = []
    if "excerpt" in entry:
        spans = [(m.start(), m.end()) for m in re.finditer(re.escape(entry["excerpt"]), finding.text)]
    elif "pattern" in entry:
        spans = [m.span() for m in re.finditer(entry["pattern"], finding.text)]
    else:
        return True
    return any(s <= finding.start and finding.end <= e for s, e in spans)


def _pattern_findings(gate: Gate, entry: dict) -> list[Finding]:
    """What an entry without a Grammalecte rule finds by its own ``pattern``."""
    found = []
    for name, paragraphs in gate.documents.items():
        if not fnmatch.fnmatchcase(name, entry["documents"]):
            continue
        for number, where, text in paragraphs:
            for m in re.finditer(entry["pattern"], text):
                found.append(
                    Finding(
                        name,
                        number,
                        where,
                        text,
                        m.start(),
                        m.end(),
                        "actegen:" + entry["checker"],
                        "actegen",
                        entry["reason"],
                    )
                )
    return found


ALLOWED = _load(ALLOWLIST).get("allowed", [])
KNOWN_DATA = _load(KNOWN)
KNOWN_ERRORS = KNOWN_DATA.get("errors", []) + KNOWN_DATA.get("rewordings", [])
TYPOGRAPHY_CEILINGS: dict[str, dict[str, int]] = KNOWN_DATA.get("typography", {})


def _family_of(entry: dict) -> str:
    return entry["documents"].split("/")[-1].split("_")[0]


def _grammar(gate: Gate, family: str) -> tuple[list[Finding], dict[int, list[Finding]]]:
    """(findings neither allowed nor known, known-error index → its findings) of a family."""
    known_entries = [(i, e) for i, e in enumerate(KNOWN_ERRORS) if _family_of(e) == family]
    matched: dict[int, list[Finding]] = {i: [] for i, _ in known_entries}
    candidates = [f for f in gate.findings if f.family == family and not f.typography]
    for i, entry in known_entries:
        if "checker" in entry:
            matched[i] += _pattern_findings(gate, entry)
    unexplained = []
    for finding in candidates:
        if any(_covers(a, finding) for a in ALLOWED):
            continue
        hits = [i for i, e in known_entries if "checker" not in e and _covers(e, finding)]
        for i in hits:
            matched[i].append(finding)
        if not hits:
            unexplained.append(finding)
    return unexplained, matched


def _xfail_known(family: str) -> list[pytest.MarkDecorator]:
    known = [e for e in KNOWN_ERRORS if _family_of(e) == family]
    if not known:
        return []
    reason = "erreurs connues : " + " ; ".join(f"« {e.get('excerpt') or e.get('pattern')} »" for e in known)
    return [pytest.mark.xfail(strict=True, reason=reason)]


def _xfail_typography(family: str) -> list[pytest.MarkDecorator]:
    ceilings = TYPOGRAPHY_CEILINGS.get(family, {})
    if not ceilings:
        return []
    return [
        pytest.mark.xfail(
            strict=True,
            reason=f"typographie : {sum(ceilings.values())} "
            "fautes connues (apostrophes, espaces insécables…)",
        )
    ]


# --------------------------------------------------------------------------- tests


def test_the_checker_sees_a_real_error() -> None:
    # Guards the harness itself: a broken subprocess must not pass as a clean document.
    version, [found, clean] = grammalecte(
        ["Madame Marie HOAREAU, née à Le Port le 3 mai 1960.", "Le notaire soussigné a reçu le présent acte."]
    )
    assert version
    assert [e["sRuleId"] for e in found] == ["g2__conf_a_à_verbe__b12_a1_1"]
    assert clean == []


def test_every_family_is_gated(gate: Gate) -> None:
    families = {name.split("/")[-1].split("_")[0] for name in gate.documents}
    assert families <= set(FAMILIES), "famille de documents nouvelle : l'ajouter à FAMILIES"


def test_allowlist_entries_are_justified_and_used(gate: Gate) -> None:
    problems = []
    for entry in ALLOWED:
        if entry.get("kind") not in KINDS:
            problems.append(f"{entry}: kind doit être l'un de {KINDS}")
        if not str(entry.get("reason", "")).strip():
            problems.append(f"{entry}: reason manquante")
        if not ({"rule", "excerpt", "pattern"} & set(entry)):
            problems.append(f"{entry}: rule, excerpt ou pattern requis")
        if not any(_covers(entry, f) for f in gate.findings):
            problems.append(f"{entry}: ne couvre plus rien, à retirer")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("family", FAMILIES)
def test_no_new_grammar_error(gate: Gate, family: str) -> None:
    unexplained, matched = _grammar(gate, family)
    stale = [KNOWN_ERRORS[i] for i, found in matched.items() if not found]
    message = []
    if unexplained:
        message.append(f"{len(unexplained)} faute(s) nouvelle(s) (Grammalecte {gate.version}) :")
        message += [f"  {f}" for f in unexplained]
    if stale:
        message.append("erreurs connues corrigées, à retirer de grammalecte_known_errors.yaml :")
        message += [f"  {e}" for e in stale]
    assert not message, "\n".join(message)


@pytest.mark.parametrize("family", [pytest.param(f, marks=_xfail_known(f)) for f in FAMILIES])
def test_grammar_clean(gate: Gate, family: str) -> None:
    unexplained, matched = _grammar(gate, family)
    remaining = unexplained + [f for found in matched.values() for f in found]
    assert not remaining, "\n".join(str(f) for f in remaining)


def _strings(node: object) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for value in node.values() for s in _strings(value)]
    if isinstance(node, list):
        return [s for value in node for s in _strings(value)]
    return []


_TYPED: dict[str, list[str]] = {}


def typed_values(case_id: str) -> list[str]:
    """The text values of a shipped case, longest first: what actegen prints as it finds
    it (as typed, in capitals as ``|upper`` prints them, or with a capital initial at the
    start of a sentence)."""
    if case_id not in _TYPED:
        values = {v.strip() for v in _strings(yaml.safe_load((CASES / f"{case_id}.yaml").read_text("utf-8")))}
        values = {v for v in values if len(v) > 2}
        values |= {v.upper() for v in values} | {v[0].upper() + v[1:] for v in values}
        _TYPED[case_id] = sorted(values, key=len, reverse=True)
    return _TYPED[case_id]


def typed_by_people(finding: Finding) -> bool:
    """The finding lies inside a value typed in the case file (the case's text, not ours)."""
    case_id = finding.document.split("/")[0]
    for value in typed_values(case_id):
        for m in re.finditer(re.escape(value), finding.text):
            if m.start() <= finding.start and finding.end <= m.end():
                return True
    return False


# A dotted identifier of actegen (a parameter « assurance_revente.prime.brs », a case field
# « assurance_revente.couverture » or, in a lot's note de calcul, « copropriete.fonds_travaux »,
# « vente_hlm.charges_deux_dernieres_annees[1].montant »): code, printed as such in the note de
# calcul, not a sentence whose full stop lacks its space. One of its parts has an underscore.
_IDENTIFIER = re.compile(r"\b[a-z][a-z0-9_]*(?:\[\d+\])*(?:\.[a-z][a-z0-9_]*(?:\[\d+\])*)+\b")


_FIELD = "champ «\u202f"  # a lot's note de calcul: « donnée du dossier, champ « prix.foncier » du lot »


def in_identifier(finding: Finding) -> bool:
    """The finding lies inside a dotted identifier of actegen (see ``_IDENTIFIER``)."""
    return any(
        ("_" in m.group() or finding.text[: m.start()].endswith(_FIELD))
        and m.start() <= finding.start
        and finding.end <= m.end()
        for m in _IDENTIFIER.finditer(finding.text)
    )


def _typography_counts(gate: Gate, family: str) -> Counter[str]:
    return Counter(
        f.rule
        for f in gate.findings
        if f.family == family
        and f.typography
        and not any(_covers(a, f) for a in ALLOWED)
        and not typed_by_people(f)
        and not in_identifier(f)
    )


@pytest.mark.parametrize("family", FAMILIES)
def test_no_new_typography_fault(gate: Gate, family: str) -> None:
    counts = _typography_counts(gate, family)
    ceilings = TYPOGRAPHY_CEILINGS.get(family, {})
    over = {rule: n for rule, n in counts.items() if n > ceilings.get(rule, 0)}
    if over:
        examples = [str(f) for f in gate.findings if f.family == family and f.rule in over][:20]
        pytest.fail(
            f"typographie : plus de fautes que le plafond connu {over} "
            f"(plafonds {ceilings}) ; par exemple :\n" + "\n".join(examples)
        )


@pytest.mark.parametrize("family", [pytest.param(f, marks=_xfail_typography(f)) for f in FAMILIES])
def test_typography_clean(gate: Gate, family: str) -> None:
    counts = _typography_counts(gate, family)
    assert not counts, dict(counts)


def summary(gate: Gate) -> str:
    """Findings per document and per rule, for a report (printed by ``test_summary`` with -s)."""
    lines = [f"Grammalecte {gate.version}"]
    per_doc = Counter((f.document, "typographie" if f.typography else "grammaire") for f in gate.findings)
    for (doc, layer), n in sorted(per_doc.items()):
        lines.append(f"{n:6d}  {layer:12s} {doc}")
    for (family, rule), n in sorted(Counter((f.family, f.rule) for f in gate.findings).items()):
        lines.append(f"{n:6d}  {family:28s} {rule}")
    return "\n".join(lines)


def test_summary(gate: Gate) -> None:
    print(summary(gate))  # what `pytest tests/test_grammar.py -s -k summary` shows
    assert gate.findings is not None
