"""The note de calcul of each lot (issue 17 point 4, issue 13 point 5): annexed to the lot's
acte and named like it, it holds every amount the lot's documents state; the case's own note
holds the operation's figures; ``documents.note_de_calcul`` chooses the notes."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from actegen.authoring.templates_dump import dump
from actegen.documents import build_jobs
from actegen.pipeline import explain_case

from .helpers import CASES

SHIPPED = sorted(p.stem for p in CASES.glob("*.yaml"))

AMOUNT = re.compile(
    r"(?<![\d,])(\d{1,3}(?:[\u202f\u00a0 ]\d{3})*(?:,\d+)?)[\u00a0\u202f ]?(€|EUR|F|%)(?![A-Za-zÀ-ÿ])"
)
"""A figure with its unit as the documents print it: 1 234,56 €, 19 860,14 F, 3,9 %, 580,00 EUR."""

EXCEPTIONS: dict[str, set[tuple[Decimal, str]]] = {}
"""Amounts a document may state without its note (document name → amounts): none today —
every amount the case gives and a document copies is in the note's last section."""


def amounts(text: str) -> set[tuple[Decimal, str]]:
    """(value, « montant » or « % ») of every figure of ``text``; € and F alike."""
    out = set()
    for m in AMOUNT.finditer(text):
        value = Decimal(re.sub(r"[\u202f\u00a0 ]", "", m.group(1)).replace(",", "."))
        out.add((value.normalize(), "%" if m.group(2) == "%" else "montant"))
    return out


def _lot_documents(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*_lot-*.docx") if not p.name.startswith("note-de-calcul_"))


@pytest.mark.parametrize("case", SHIPPED)
def test_every_amount_of_a_lots_documents_is_in_its_note(shipped_render: dict[str, Path], case: str):
    folder = shipped_render[case]
    documents = _lot_documents(folder)
    assert documents, case
    for doc in documents:
        label = doc.name.split("_", 1)[1]
        note = folder / f"note-de-calcul_{label}"
        assert note.is_file(), f"{doc.name} : pas de note de calcul du lot"
        stated = amounts(dump(doc))
        missing = stated - amounts(dump(note)) - EXCEPTIONS.get(doc.name, set())
        assert stated and not missing, f"{doc.name} : montants absents de {note.name} : {sorted(missing)}"


@pytest.mark.parametrize("case", ["girimbelles-1993", "portage-sevran-2016"])
def test_every_amount_of_the_deliberation_is_in_a_note_of_the_case(
    shipped_render: dict[str, Path], case: str
):
    folder = shipped_render[case]
    notes = set().union(*(amounts(dump(p)) for p in folder.glob("note-de-calcul_*.docx")))
    for deliberation in folder.glob("deliberation_*.docx"):
        missing = amounts(dump(deliberation)) - notes
        assert not missing, f"{deliberation.name} : {sorted(missing)}"


def test_the_amount_pattern_reads_each_form_the_documents_print():
    text = "prix (19\u202f860,14\u00a0F), taux 3,9\u00a0%, dépôt (580,00 EUR), charges 1\u202f380,00\u00a0€ ; n° 93/4-18"
    assert amounts(text) == {
        (Decimal("19860.14"), "montant"),
        (Decimal("3.9"), "%"),
        (Decimal("580"), "montant"),
        (Decimal("1380"), "montant"),
    }


def _jobs(case: str, mode: str | None = None) -> list[Any]:
    checked = explain_case(CASES / f"{case}.yaml")
    data: Any = dict(checked.case)
    if mode is not None:
        data["documents"] = {"note_de_calcul": mode}
    return build_jobs(data, checked.results)


def test_by_default_each_acte_is_followed_by_its_note_and_lists_it_as_an_annex():
    jobs = _jobs("girimbelles-1993")
    names = [j.filename for j in jobs]
    actes = [j for j in jobs if j.family == "acte_de_vente"]
    for acte in actes:
        note = acte.filename.replace("acte-de-vente_", "note-de-calcul_")
        assert names.index(note) > names.index(acte.filename)
        numero = acte.context["lot"]["numero"]
        assert acte.context["formalites"]["annexes"][-1] == f"la note de calcul du lot {numero}"
    # lots 8, 9 and 11 stay tenants: no note of their own, their figures are in the operation's
    assert not any(f"lot-{n:02d}" in name for name in names for n in (8, 9, 11))
    operation = next(j for j in jobs if j.family == "note_de_calcul")
    headings = [g["titre"] for g in operation.context["groupes"]]
    assert operation.filename == "note-de-calcul_girimbelles-1993.docx"
    assert headings == [
        "Opération",
        "Lots de l’opération",
        "Lot 8 (sans acte de vente)",
        "Lot 9 (sans acte de vente)",
        "Lot 11 (sans acte de vente)",
    ]
    index = operation.context["groupes"][1]["calculs"][0]["lignes"]
    assert index[0]["formule"] == "détail dans la note de calcul du lot (note-de-calcul_lot-01_GRONDIN.docx)"
    assert operation.title == "Note de calcul de l’opération"


def test_operation_complete_writes_one_note_of_every_lot_and_no_note_per_lot():
    jobs = _jobs("girimbelles-1993", "operation_complete")
    assert not any(j.family == "note_de_calcul_lot" for j in jobs)
    note = next(j for j in jobs if j.family == "note_de_calcul")
    assert [g["titre"] for g in note.context["groupes"]] == [f"Lot {n}" for n in range(1, 15)] + ["Opération"]
    acte = next(j for j in jobs if j.family == "acte_de_vente")
    assert not any("note de calcul" in a for a in acte.context["formalites"]["annexes"])


def test_les_deux_writes_the_notes_per_lot_and_the_complete_note():
    jobs = _jobs("vente-hlm-2023", "les_deux")
    assert [j.filename for j in jobs] == [
        "acte-de-vente_lot-34_DIAKITE.docx",
        "note-de-calcul_lot-34_DIAKITE.docx",
        "note-de-calcul_vente-hlm-2023.docx",
    ]
    lot_note, complete = jobs[1].context, jobs[2].context
    assert complete["complete"] is True and complete["groupes"] == lot_note["groupes"]


def test_the_note_shows_a_copied_amount_with_its_field_and_a_derived_price():
    jobs = {j.filename: j for j in _jobs("vente-hlm-2023")}
    lines = [
        line
        for g in jobs["note-de-calcul_lot-34_DIAKITE.docx"].context["groupes"]
        for c in g["calculs"]
        for line in c["lignes"]
    ]
    fonds = next(line for line in lines if "copropriete.fonds_travaux" in line["formule"])
    assert (
        fonds["libelle"] == "Part du fonds de travaux rattachée au lot" and fonds["valeur"] == "210,50\u00a0€"
    )
    lebon = {j.filename: j for j in _jobs("girimbelles-1993")}["note-de-calcul_lot-04_LEBON.docx"]
    prix = next(
        c for g in lebon.context["groupes"] for c in g["calculs"] if c["titre"] == "Prix stipulé à l’acte"
    )
    assert prix["lignes"][0]["valeur"] == "145\u202f780,00\u00a0F"
