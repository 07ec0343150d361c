"""Rules on the parties: the buyers' shares and régime matrimonial, the allocataire's CAF
number, the commune seller's séance."""

from __future__ import annotations

from collections.abc import Iterator

from ..case_types import Case
from ..errors import CaseError
from ..load import LoadedCase
from ..produits import act_date
from .common import err


def co_acquereur_shares_add_up(case: Case, loaded: LoadedCase) -> Iterator[CaseError]:
    for i, lot in enumerate(case["lots"]):
        shares = [a.get("quote_part") for a in lot["acquereurs"]]
        given = [s for s in shares if s is not None]
        if not given:
            continue
        if len(given) != len(shares):
            yield err(
                loaded,
                ("lots", i, "acquereurs"),
                "quote-part indiquée pour un co-acquéreur seulement : l'indiquer pour chacun",
            )
        elif sum(given) != 100:
            yield err(
                loaded,
                ("lots", i, "acquereurs", 0, "quote_part"),
                "les quotes-parts des co-acquéreurs (quote_part) ne font pas 100 %",
            )


def married_buyers_state_their_regime(case: Case, loaded: LoadedCase) -> Iterator[CaseError]:
    """The act states the régime matrimonial of a married or pacsé buyer (capacity to acquire)."""
    for i, lot in enumerate(case["lots"]):
        for j, a in enumerate(lot["acquereurs"]):
            if a["situation_matrimoniale"] in ("marie", "pacse") and "regime_matrimonial" not in a:
                yield err(
                    loaded,
                    ("lots", i, "acquereurs", j, "situation_matrimoniale"),
                    "régime matrimonial (regime_matrimonial) obligatoire pour une personne mariée ou pacsée",
                )


def allocation_needs_caf_number(case: Case, loaded: LoadedCase) -> Iterator[CaseError]:
    """The CAF–UES–allocataire convention names the allocataire by his CAF number."""
    for i, lot in enumerate(case["lots"]):
        al = lot.get("menage", {}).get("allocation_logement", 0)
        if al and al > 0 and not any("numero_caf" in a for a in lot["acquereurs"]):
            yield err(
                loaded,
                ("lots", i, "menage", "allocation_logement"),
                "allocation logement indiquée mais aucun acquéreur n'a de numéro CAF (numero_caf)",
            )


def commune_seller_has_a_session(case: Case, loaded: LoadedCase) -> Iterator[CaseError]:
    if case["vendeur"]["type"] == "commune" and "seance" not in case:
        yield err(
            loaded,
            ("vendeur", "type"),
            "un vendeur commune vend sur délibération : la séance du conseil (seance) est obligatoire",
        )


def buyers_are_born_before_the_act(case: Case, loaded: LoadedCase) -> Iterator[CaseError]:
    """A date of birth after the act is a typing mistake (often the year of the act)."""
    for i, lot in enumerate(case["lots"]):
        when = act_date(case, lot)
        for j, a in enumerate(lot["acquereurs"]):
            if a["date_naissance"] > when:
                yield err(
                    loaded,
                    ("lots", i, "acquereurs", j, "date_naissance"),
                    "date de naissance postérieure à la date de l'acte",
                )


def each_buyer_appears_once(case: Case, loaded: LoadedCase) -> Iterator[CaseError]:
    """The same person twice in a lot — a YAML alias (``*nom``) repeated, or a buyer copied —
    would sign the act twice and double the shares."""
    for i, lot in enumerate(case["lots"]):
        seen: dict[tuple[str, str, object], int] = {}
        for j, a in enumerate(lot["acquereurs"]):
            key = (a["nom"].casefold(), a["prenoms"].casefold(), a["date_naissance"])
            if key in seen:
                yield err(
                    loaded,
                    ("lots", i, "acquereurs", j),
                    f"la même personne que acquereurs[{seen[key]}] (nom, prénoms et date de naissance) : "
                    "un acquéreur en double (un alias YAML répété ?)",
                )
            else:
                seen[key] = j
