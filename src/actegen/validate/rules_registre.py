"""Rule of the délibération as the register's extract (issue 13, A6): an extract reproduces the
register, so the case gives the annexes' figures as printed (``seance.registre``), one line per
lot of the operation in each table — never figures recomputed under the register's name."""

from __future__ import annotations

from collections.abc import Iterator

from ..case_types import Case
from ..errors import CaseError
from ..load import LoadedCase
from .common import err

_TABLES = ("simulation", "solvabilite", "paiements")


def _listed(lots: list[str]) -> str:
    return lots[0] if len(lots) == 1 else ", ".join(lots[:-1]) + " et " + lots[-1]


def register_extract_has_its_figures(case: Case, loaded: LoadedCase) -> Iterator[CaseError]:
    """``seance.document: extrait_registre`` needs an LTS sale (the rapport n° 93/4-18's three
    tables) and the register's printed tables, each with exactly the lots of the case."""
    seance = case.get("seance")
    if not seance or seance.get("document") != "extrait_registre":
        return
    here = ("seance", "document")
    if case["operation"]["produit"] != "lts":
        yield err(
            loaded,
            here,
            "l'extrait du registre avec les chiffres imprimés (extrait_registre) ne vaut que pour les annexes "
            "d'une vente de LTS ; sinon, « extrait » ou « reconstitution »",
        )
        return
    registre = seance.get("registre")
    if registre is None:
        yield err(
            loaded,
            here,
            "l'extrait du registre reproduit les annexes telles qu'imprimées : donner les chiffres du registre "
            "(seance.registre : simulation, solvabilite, paiements et leurs totaux)",
        )
        return
    numeros = [str(lot["numero"]) for lot in case["lots"]]
    for table in _TABLES:
        printed = [str(row["lot"]) for row in registre[table]]
        missing = [n for n in numeros if n not in printed]
        if missing:
            yield err(
                loaded,
                ("seance", "registre", table),
                f"le registre imprime une ligne par lot : {'le lot' if len(missing) == 1 else 'les lots'} "
                f"{_listed(missing)} n'y {'figure' if len(missing) == 1 else 'figurent'} pas",
            )
        seen: set[str] = set()
        for i, n in enumerate(printed):
            if n not in numeros or n in seen:
                yield err(
                    loaded,
                    ("seance", "registre", table, i, "lot"),
                    "ce lot n'est pas un lot du dossier, ou il figure deux fois au tableau",
                )
            seen.add(n)
