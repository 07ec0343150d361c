"""The « note de calcul »: every computed figure of a case with its formula, its rounding
and the references of its rules, for a notary or a municipal finance officer to check by
hand. Shown as text (``actegen explain``), as JSON (``--json``, every Decimal as its exact
string, never through a float) and as the DOCX annex of this family (one per case).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from ..case_types import Case
from ..compute.dossier import CaseResults, Section
from ..compute.explain import NOMBRE, TAUX, Ligne
from ..errors import ActegenError
from ..french import format_computed, format_computed_rate, format_digits
from ..naming import slug


class LotInconnu(ActegenError, LookupError):
    """The lot asked for is not in the case."""

    exit_code = 2  # a wrong ``--lot``: the command line is wrong, as for a usage error


def format_valeur(ligne: Ligne, currency: str | None) -> str:
    """A line's value as its unit is shown: an amount, a rate as a percentage, a count, a date."""
    if isinstance(ligne.valeur, date):
        return ligne.valeur.strftime("%d/%m/%Y")
    if ligne.unite == TAUX:
        return format_computed_rate(ligne.valeur)
    if ligne.unite == NOMBRE:
        return format_digits(ligne.valeur)
    return format_computed(ligne.valeur, currency)


def to_text(lignes: Sequence[Ligne], currency: str | None = "EUR", titre: str | None = None) -> str:
    """A plain French « note de calcul »: one numbered paragraph per line.

    ``currency`` is "EUR" or "FRF" (amounts are shown with € or F), or None for bare
    numbers.
    """
    out: list[str] = []
    if titre:
        out += [titre, "=" * len(titre), ""]
    for i, ligne in enumerate(lignes, 1):
        out.append(f"{i}. {ligne.libelle} : {format_valeur(ligne, currency)}")
        out.append(f"   Calcul : {ligne.formule}")
        if ligne.arrondi:
            out.append(f"   Arrondi : {ligne.arrondi}")
        for ref in ligne.references:
            out.append(f"   Référence : {ref}")
    return "\n".join(out) + "\n"


def to_data(lignes: Sequence[Ligne]) -> list[dict[str, object]]:
    """The lines as JSON-ready dicts, every Decimal as its exact string."""
    return [
        {
            "libelle": ligne.libelle,
            "formule": ligne.formule,
            "valeur": ligne.valeur.isoformat() if isinstance(ligne.valeur, date) else str(ligne.valeur),
            "unite": ligne.unite,
            "arrondi": ligne.arrondi,
            "references": list(ligne.references),
        }
        for ligne in lignes
    ]


def select(case: Case, results: CaseResults, lot: str | None) -> list[tuple[str, Sequence[Section]]]:
    """(heading, sections) per lot — or only lot ``lot`` — then the operation's totals."""
    groups: list[tuple[str, Sequence[Section]]] = []
    numbers = [str(r.numero) for r in results.lots]
    if lot is not None and lot not in numbers:
        raise LotInconnu(f"lot {lot!r} absent du dossier (lots : {', '.join(numbers)})")
    for r in results.lots:
        if lot is None or str(r.numero) == lot:
            groups.append((f"Lot {r.numero}", r.sections))
    if lot is None and results.sections:
        groups.append(("Opération", results.sections))
    return groups


def as_text(case: Case, results: CaseResults, lot: str | None = None) -> str:
    out = [f"Note de calcul — {case['operation']['nom']} ({case['id']})", ""]
    for heading, sections in select(case, results, lot):
        out += [heading, "-" * len(heading), ""]
        for section in sections:
            out.append(to_text(section.lignes, results.currency, titre=section.titre))
    return "\n".join(out).rstrip() + "\n"


def as_json(case: Case, results: CaseResults, lot: str | None = None) -> str:
    data = {
        "dossier": case["id"],
        "devise": results.currency,
        "groupes": [
            {"titre": heading, "calculs": [{"titre": s.titre, "lignes": to_data(s.lignes)} for s in sections]}
            for heading, sections in select(case, results, lot)
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------- the DOCX family


def applies(case: Case, results: CaseResults) -> bool:
    """Every case has its note de calcul."""
    return True


def context(case: Case, results: CaseResults) -> dict[str, Any]:
    """The DOCX annex's context: groups → sections → lines, values already formatted."""
    groups = []
    for heading, sections in select(case, results, None):
        groups.append(
            {
                "titre": heading,
                "calculs": [
                    {
                        "titre": s.titre,
                        "lignes": [
                            {
                                "numero": i,
                                "libelle": ligne.libelle,
                                "formule": ligne.formule,
                                "valeur": format_valeur(ligne, results.currency),
                                "arrondi": ligne.arrondi or "",
                                "references": " ; ".join(ligne.references),
                            }
                            for i, ligne in enumerate(s.lignes, 1)
                        ],
                    }
                    for s in sections
                ],
            }
        )
    return {"op": case["operation"], "dossier": case["id"], "groupes": groups}


def filename(case: Case) -> str:
    return f"note-de-calcul_{slug(case['id'], limit=64)}.docx"


def title(case: Case) -> str:
    return "Note de calcul"
