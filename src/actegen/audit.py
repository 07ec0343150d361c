"""``actegen audit``: a document a notary edited, checked against its case before signing.

Three checks, each disagreement located by its paragraph in the edited file (the numbering
of ``docx_lines``: one line per paragraph and per table cell, then headers and footers):

1. **letters and figures agree**: every amount written both ways — « DEUX CENT QUARANTE-SIX
   MILLE EUROS (246 000,00 EUR) », « 240,00 € TTC (deux cent quarante euros) » — says the
   same sum (the figure is spelled again with ``french`` and compared with the words);
2. **the case's figures are still there**: every figure of the context actegen builds for
   the document now (prices, 70/30 split, instalments, guarantee tables, dates), in the
   forms the templates print it, occurs in the edited text as often as in the document the
   case gives now (rendered afresh for the comparison);
3. **the family's required headings are present** (``required_headings``).

The document is recognised by its file name (``NAME.docx``, ``NAME.fusion.docx``,
``NAME.nouveau.docx``) or else by the title actegen wrote in its properties.
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from lxml import etree

from .build.plan import settings_for
from .diff import read_parts
from .documents import build_jobs
from .docx_lines import document_lines
from .errors import DiffError
from .french.amounts import format_amount, format_amount_bare, format_amount_legal, spell_amount
from .french.dates import format_date, format_date_long, spell_date
from .french.numbers import format_percent
from .pipeline import check_case
from .render import DocumentJob, Renderer
from .sequence import Matcher, most_similar
from .templates import templates_dir


@dataclass(frozen=True)
class Finding:
    """One disagreement: the paragraph of the edited file (1-based; None when the text is
    no longer there at all), its text, and what is wrong, in French."""

    paragraph: int | None
    text: str
    message: str


@dataclass
class Audit:
    """What was checked in one edited document, and what disagrees."""

    document: str  # the document's name as actegen writes it
    findings: list[Finding] = field(default_factory=list)
    amounts: int = 0  # amounts in letters and figures checked
    figures: int = 0  # figures of the case looked for
    headings: int = 0  # required headings looked for


# --------------------------------------------------------------------------------------
# Text


_SPACES = re.compile(r"[\s\u00a0\u202f\u2007\u2009]+")


def normalise(text: str) -> str:
    """Spaces of every kind as one ordinary space: Word's retyping of a figure is the same figure."""
    return _SPACES.sub(" ", text).strip()


def _fold(text: str) -> str:
    """Words compared without case, hyphens or apostrophe style (« quatre-vingt » = « QUATRE VINGT »)."""
    return normalise(text.casefold().replace("’", "'").replace("-", " "))


# --------------------------------------------------------------------------------------
# 1. Letters and figures

_NUMBER_WORD = (
    r"(?:zéro|une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|"
    r"quinze|seize|vingts?|trente|quarante|cinquante|soixante|cents?|mille|mil|millions?|"
    r"milliards?|et)"
)
_WORDS = rf"{_NUMBER_WORD}(?:[ \-\u00a0]+{_NUMBER_WORD})*"
_NOUN = r"(?:euros?|francs?|d['’]euros|de[ \u00a0]francs)"
_LETTERS = (
    rf"(?:moins )?(?:{_WORDS}[ \u00a0]+{_NOUN}(?:[ \u00a0]+et[ \u00a0]+{_WORDS}[ \u00a0]+centimes?)?"
    rf"|{_WORDS}[ \u00a0]+centimes?)"
)
_FIGURE = (
    r"(?P<num>[\u2212-]?\d{1,3}(?:[ \u00a0\u202f]\d{3})*(?:,\d{1,2})?)[ \u00a0\u202f]?"
    r"(?P<cur>EUR|€|FRF|F|euros?|francs?)(?!\w)"
)
_LETTERS_THEN_FIGURES = re.compile(
    rf"(?<!\w)(?P<letters>{_LETTERS})[ \u00a0]*\([ \u00a0]*{_FIGURE}[ \u00a0]*\)", re.IGNORECASE
)
_FIGURES_THEN_LETTERS = re.compile(
    rf"(?<![\d\u00a0\u202f]){_FIGURE}(?:[ \u00a0]+(?:TTC|HT))?[ \u00a0]*\([ \u00a0]*"
    rf"(?P<letters>{_LETTERS})[ \u00a0]*\)",
    re.IGNORECASE,
)


_NOT_A_NUMBER = {"et", "moins", "euro", "euros", "d'euros", "de", "franc", "francs", "centime", "centimes"}


def _figure_value(number: str, currency: str) -> tuple[Decimal, str]:
    digits = re.sub(r"[ \u00a0\u202f]", "", number).replace(",", ".").replace("\u2212", "-")
    code = "FRF" if currency.casefold().startswith("f") else "EUR"
    return Decimal(digits), code


def amounts_in_letters(text: str) -> Iterator[tuple[str, str, Decimal, str]]:
    """(letters, figures as written, value, currency) of each amount written both ways."""
    for pattern in (_LETTERS_THEN_FIGURES, _FIGURES_THEN_LETTERS):
        for m in pattern.finditer(text):
            letters = re.sub(r"^et\s+", "", m["letters"], flags=re.IGNORECASE)
            if not set(_fold(letters).split()) - _NOT_A_NUMBER:
                continue  # « et euros » : no number said
            figures = f"{m['num']} {m['cur']}"
            value, currency = _figure_value(m["num"], m["cur"])
            yield letters, figures, value, currency


def letters_disagree(letters: str, value: Decimal, currency: str) -> str | None:
    """How ``value`` is spelled when ``letters`` do not say it (None: they agree)."""
    try:
        spellings = [spell_amount(value, currency, reform1990=r) for r in (False, True)]
    except ValueError:
        return None  # not an amount actegen spells (sub-centime digits): nothing to compare
    return None if _fold(letters) in {_fold(s) for s in spellings} else spellings[0]


def check_letters(lines: list[str], audit: Audit) -> None:
    for number, line in enumerate(lines, 1):
        for letters, figures, value, currency in amounts_in_letters(line):
            audit.amounts += 1
            expected = letters_disagree(letters, value, currency)
            if expected is not None:
                audit.findings.append(
                    Finding(
                        number,
                        line,
                        f"montant en lettres et en chiffres en désaccord : « {letters} » ne dit pas "
                        f"« {normalise(figures)} », qui s’écrit « {expected} »",
                    )
                )


# --------------------------------------------------------------------------------------
# 2. The case's figures


def _leaves(value: Any) -> Iterator[Any]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key != "doc":  # the document's own properties, not figures
                yield from _leaves(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _leaves(item)
    elif isinstance(value, str):
        if _FORMATTED.fullmatch(value):
            yield value
    elif isinstance(value, Decimal | int | date) and not isinstance(value, bool):
        yield value


# A figure the context holds already printed (the note de calcul's values): an amount, a
# percentage, a surface, a number with decimals, a date in figures.
_FORMATTED = re.compile(
    r"[\u2212-]?\d{1,3}(?:[ \u00a0\u202f]\d{3})*"
    r"(?:,\d+(?:[ \u00a0](?:€|EUR|F|%|m²))?|[ \u00a0](?:€|EUR|F|%|m²))"
    r"|\d{2}/\d{2}/\d{4}"
)


def figure_forms(value: Decimal | int | date | str, currency: str) -> list[str]:
    """The ways the templates print a value (the filters ``montant``, ``montant_acte``,
    ``montant_nu``, ``pourcentage``, ``date_courte``, ``date_longue``, ``date_lettres``),
    longest first; a bare integer is too common a string to look for."""
    forms: list[str] = []
    if isinstance(value, str):
        forms = [value]
    elif isinstance(value, date):
        forms = [spell_date(value), spell_date(value, reform1990=True), format_date_long(value)]
        forms.append(format_date(value))
    elif isinstance(value, Decimal) and value:
        for make in (
            lambda v: format_amount(v, currency),
            lambda v: format_amount_legal(v, currency),
            format_amount_bare,
            format_percent,
        ):
            try:
                forms.append(make(value))
            except ValueError:
                continue
    return sorted({normalise(f) for f in forms}, key=len, reverse=True)


def case_figures(context: dict[str, Any], currency: str) -> list[list[str]]:
    """For each distinct value of the context, its printed forms."""
    seen: set[Any] = set()
    out: list[list[str]] = []
    for value in _leaves(context):
        key = (type(value) is date, value)
        if key in seen:
            continue
        seen.add(key)
        if forms := figure_forms(value, currency):
            out.append(forms)
    return out


def _count(form: str, text: str) -> int:
    """Occurrences of a figure not part of a longer number (« 46 000,00 € » is not in « 246 000,00 € »)."""
    return len(re.findall(rf"(?<![\d,/])(?<!\d ){re.escape(form)}(?![\d/]|,\d)", text))


def align_lines(a: list[str], b: list[str]) -> dict[int, int]:
    """Index in ``b`` of each line of ``a`` that is the same paragraph, unchanged or changed in place."""
    ka, kb = [normalise(x) for x in a], [normalise(x) for x in b]
    out: dict[int, int] = {}
    for op, i1, i2, j1, j2 in Matcher(ka, kb).get_opcodes():
        if op == "equal":
            out.update((i1 + k, j1 + k) for k in range(i2 - i1))
        elif op == "replace":
            j = j1
            for i in range(i1, i2):
                at = most_similar(ka[i], [(x, kb[x]) for x in range(j, j2)])
                if at is not None:
                    out[i], j = at, at + 1
    return out


def check_figures(
    fresh: list[str], edited: list[str], figures: list[list[str]], audit: Audit
) -> dict[int, int]:
    """Each figure the fresh document prints as often in the edited one; returns the alignment."""
    to_edited = align_lines(fresh, edited)
    fresh_n, edited_n = [normalise(x) for x in fresh], [normalise(x) for x in edited]
    for forms in figures:
        for form in forms:
            wanted = [_count(form, line) for line in fresh_n]
            if not any(wanted):
                continue
            audit.figures += 1
            if sum(_count(form, line) for line in edited_n) >= sum(wanted):
                break  # every occurrence is still there (perhaps moved)
            for i, n in enumerate(wanted):
                if not n:
                    continue
                j = to_edited.get(i)
                if j is None:
                    audit.findings.append(
                        Finding(
                            None,
                            fresh[i],
                            f"le chiffre « {form} » que donne le dossier n’est plus dans le document : "
                            "le paragraphe qui le porte a disparu",
                        )
                    )
                elif _count(form, edited_n[j]) < n:
                    audit.findings.append(
                        Finding(
                            j + 1,
                            edited[j],
                            f"le chiffre « {form} » que donne le dossier n’y est plus "
                            f"(le dossier donne : « {_short(fresh[i], 160)} »)",
                        )
                    )
            break  # one form found is the value's check: a shorter form would repeat it
    return to_edited


# --------------------------------------------------------------------------------------
# 3. Required headings

_HEADING = re.compile(r"^\[(Titre(?: \d)?)\] (.+)$")


def required_headings(job: DocumentJob, fresh_styled: list[str]) -> list[str]:
    """The headings a document of this family must keep.

    The one place that says it: for now the headings (styles Titre, Titre 1…) of the
    document the case gives now, for the same family and lot; a table of the mandatory
    mentions of each family can take its place here (``job.family`` names the family).
    """
    return [m[2] for line in fresh_styled if (m := _HEADING.match(line))]


def _missing_headings(
    headings: list[str], fresh: list[str], edited: list[str], to_edited: dict[int, int], audit: Audit
) -> None:
    """Each heading as many times in the edited text as it is required (« Conditions » may
    head two sections); a missing one is located after the paragraph it followed."""
    present = Counter(_fold(line) for line in edited)
    wanted = Counter(_fold(h) for h in headings)
    positions = [i for i, line in enumerate(fresh) if _fold(line) in wanted]
    for heading in dict.fromkeys(headings):
        audit.headings += 1
        key = _fold(heading)
        if present[key] >= wanted[key]:
            continue
        for i in (k for k in positions if _fold(fresh[k]) == key):
            if i in to_edited and _fold(edited[to_edited[i]]) == key:
                continue  # this occurrence is still there: another one is missing
            before = next((to_edited[k] for k in range(i - 1, -1, -1) if k in to_edited), None)
            where = (
                f" ; il suivait le paragraphe {before + 1} « {_short(edited[before])} »"
                if before is not None
                else ""
            )
            audit.findings.append(Finding(None, heading, f"titre obligatoire absent : « {heading} »{where}"))


def _short(text: str, limit: int = 80) -> str:
    text = normalise(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------------------
# The document and its case


def _title(path: Path) -> str | None:
    """The title actegen wrote in the document's properties (Word and LibreOffice keep it)."""
    try:
        with zipfile.ZipFile(path) as z:
            root = etree.fromstring(z.read("docProps/core.xml"))
    except (OSError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return None
    title = root.find("{http://purl.org/dc/elements/1.1/}title")
    return title.text if title is not None else None


def find_job(jobs: list[DocumentJob], edited: Path, document: str | None = None) -> DocumentJob:
    """The case's document the edited file is: by ``document``, its name, or its title."""
    by_name = {job.filename: job for job in jobs}
    if document is not None:
        if document in by_name:
            return by_name[document]
        raise DiffError(f"--document : « {document} » n’est pas un document de ce dossier")
    name = edited.name
    for suffix in (".fusion.docx", ".nouveau.docx"):
        if name.endswith(suffix):
            name = name.removesuffix(suffix) + ".docx"
    if name in by_name:
        return by_name[name]
    title = _title(edited)
    matching = [job for job in jobs if title and job.title == title]
    if len(matching) == 1:
        return matching[0]
    names = ", ".join(sorted(by_name))
    raise DiffError(
        f"{edited} : ni son nom ni son titre ne le rattachent à un document du dossier "
        f"(préciser --document parmi : {names})"
    )


def audit(
    edited: Path, case_path: Path, *, templates: Path | None = None, document: str | None = None
) -> Audit:
    """Check ``edited`` against what ``case_path`` gives now (see the module docstring)."""
    edited_parts = read_parts(edited)  # unreadable: DiffError before the case is computed
    checked = check_case(case_path)
    directory = templates_dir(templates)
    jobs = build_jobs(checked.case, checked.results, directory)
    job = find_job(jobs, edited, document)
    settings = settings_for(checked.case)
    data = Renderer(directory).render(job, settings)
    with tempfile.TemporaryDirectory() as folder:
        fresh_path = Path(folder) / job.filename
        fresh_path.write_bytes(data)
        fresh_parts = read_parts(fresh_path, full=True)
    fresh = document_lines({k: v for k, v in fresh_parts.items() if k == "word/document.xml"})
    fresh_styled = document_lines(fresh_parts, styles=True)
    lines = document_lines({"word/document.xml": edited_parts["word/document.xml"]})
    result = Audit(job.filename)
    check_letters(lines, result)
    to_edited = check_figures(fresh, lines, case_figures(job.context, settings.currency), result)
    _missing_headings(required_headings(job, fresh_styled), fresh, lines, to_edited, result)
    return result
