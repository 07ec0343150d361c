"""The facts the acte's property sections need (``bien``, operation then lot), and the dates the
law sets around them: the cooling-off period has run (CCH L.271-1), the VEFA draft was notified
a month before (R.261-30)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from ..case_types import Case, Lot
from ..clause_catalogue import (
    construction_within_ten_years,
    diagnostics_variant,
    property_facts,
    retractation_days,
)
from ..compute.dates import add_months
from ..errors import CaseError, FieldPath
from ..french import format_date_long
from ..load import LoadedCase
from ..produits import act_date, jouissance
from .common import clause_off, err

_PREEMPTION_KEYS = {
    "purge": ("titulaire", "droit", "date_dia", "renonciation"),
    "exoneration": ("motif",),
    "vendeur_titulaire": ("titulaire", "droit"),
    "non_institue": (),
}

_BUILDERS = ("psla", "brs")
"""Products whose seller sells a home it has had built (C. civ. 1792-1, 2°), besides an
accession sociale of a completed home."""


def _at(case: Case, lot: Lot, i: int, key: str) -> FieldPath:
    """Where a ``bien`` fact is written: the lot's, else the operation's, else the lot."""
    if key in lot.get("bien", {}):
        return ("lots", i, "bien", key)
    if key in case.get("bien", {}):
        return ("bien", key)
    return ("lots", i, "bien")


def _missing(case: Case, lot: Lot, when: date) -> Iterator[tuple[str, str, str]]:
    """(fact, why, where) for each fact a section of this lot's acte needs and the case lacks."""
    produit = case["operation"]["produit"]
    facts = property_facts(case, lot)
    how = jouissance(produit, lot)
    off = lambda name: clause_off(case, lot, name)  # noqa: E731
    if not off("situation_hypothecaire") and "etat_hypothecaire" not in facts:
        yield (
            "bien.etat_hypothecaire",
            "la situation hypothécaire de l'acte cite l'état délivré avant la signature",
            "bien",
        )
    publication = "publication" in lot.get("location_accession", {"publication": None})
    if produit == "psla" and not off("situation_hypothecaire") and not publication:
        yield (
            "location_accession.publication",
            "l'acte cite la publication du contrat de location-accession et en fait radier la garantie",
            "location_accession",
        )
    if not off("urbanisme") and "urbanisme" not in facts:
        yield "bien.urbanisme", "l'acte cite la note de renseignements ou le certificat d'urbanisme", "bien"
    if not off("servitudes") and "servitudes" not in facts:
        yield "bien.servitudes", "le vendeur déclare les servitudes (liste vide : aucune)", "bien"
    preemption = facts.get("preemption")
    if not off("droits_preemption"):
        if preemption is None:
            yield (
                "bien.preemption",
                "l'acte dit si le droit de préemption est purgé ou quelle exemption s'applique",
                "bien",
            )
        else:
            for key in _PREEMPTION_KEYS[preemption["regime"]]:
                if key not in preemption:
                    yield (
                        f"bien.preemption.{key}",
                        f"régime de préemption « {preemption['regime']} »",
                        "preemption",
                    )
    builder = produit in _BUILDERS or (produit == "accession_sociale" and how != "vefa")
    construction = facts.get("construction")
    if builder and construction is None and not off("garanties_construction"):
        yield (
            "bien.construction",
            "le vendeur vend un logement qu'il a fait construire : l'acte mentionne la réception et les assurances (C. assur. L.243-2)",
            "bien",
        )
    if construction is not None and how != "vefa" and construction_within_ten_years(facts, when):
        if not off("garanties_construction") and not {"dommages_ouvrage", "absence_dommages_ouvrage"} & set(
            construction
        ):
            yield (
                "bien.construction.dommages_ouvrage",
                "l'acte mentionne l'existence ou l'absence de l'assurance de dommages-ouvrage (C. assur. L.243-2) ; à défaut d'assurance, absence_dommages_ouvrage",
                "construction",
            )
        if builder and not off("urbanisme"):
            for key in ("permis", "achevement"):
                if key not in facts.get("urbanisme", {key: None}):
                    yield (
                        f"bien.urbanisme.{key}",
                        "construction de moins de dix ans : l'acte cite le permis et la déclaration d'achèvement",
                        "urbanisme",
                    )
    if retractation_days(when) > 0 and not off("retractation") and "retractation" not in facts:
        yield (
            "bien.retractation",
            "l'acte rappelle la notification de l'avant-contrat et l'expiration du délai de rétractation (CCH L.271-1)",
            "bien",
        )
    if produit in ("vente_hlm", "psla") and not off("charges_conditions") and "depot_garantie" not in facts:
        yield (
            "bien.depot_garantie",
            "l'acquéreur occupant a versé un dépôt de garantie : l'acte en règle le sort",
            "bien",
        )
    if diagnostics_variant(when, how == "vefa", how == "occupant") == "diagnostics" and not off(
        "diagnostics"
    ):
        for key in ("zone_termites", "assainissement"):
            if key not in facts:
                yield (
                    f"bien.{key}",
                    "l'acte dit si le dossier de diagnostic technique comprend cet état",
                    "bien",
                )
    if how == "vefa" and produit == "accession_sociale" and not off("vefa"):
        for key in ("date_notification_projet", "depot_garantie"):
            if key not in lot["vefa"]:
                yield (
                    f"vefa.{key}",
                    "l'acte rappelle la notification du projet (CCH R.261-30) et le dépôt de garantie imputé sur le prix (R.261-28)",
                    "vefa",
                )


def property_facts_are_stated(case: Case, loaded: LoadedCase) -> Iterator[CaseError]:
    """Each property section of the acte has its facts: never a blank, never an invented value."""
    for i, lot in enumerate(case["lots"]):
        when = act_date(case, lot)
        for name, why, where in _missing(case, lot, when):
            if where in ("location_accession", "vefa"):
                path: FieldPath = ("lots", i, where)
            elif where in ("preemption", "construction", "urbanisme"):
                path = _at(case, lot, i, where)
            else:
                path = _at(case, lot, i, name.split(".")[1])
            yield err(loaded, path, f"champ « {name} » obligatoire : {why}")


def property_dates_fit_the_law(case: Case, loaded: LoadedCase) -> Iterator[CaseError]:
    """The act is signed after the cooling-off period (CCH L.271-1) and, in VEFA, a month after
    the draft was notified (R.261-30)."""
    for i, lot in enumerate(case["lots"]):
        when = act_date(case, lot)
        facts = property_facts(case, lot)
        days = retractation_days(when)
        notice: dict[str, Any] | None = facts.get("retractation")
        if days > 0 and notice is not None:
            end = notice["date_notification"] + timedelta(days=days)
            if notice["date_notification"] <= when <= end:
                yield err(
                    loaded,
                    _at(case, lot, i, "retractation") + ("date_notification",),
                    f"l'acte est daté avant l'expiration du délai de rétractation (CCH L.271-1), qui court jusqu'au {format_date_long(end)}",
                )
        vefa = lot.get("vefa")
        if vefa is None:
            continue
        draft = vefa.get("date_notification_projet")
        if draft is not None and add_months(draft, 1) > when:
            yield err(
                loaded,
                ("lots", i, "vefa", "date_notification_projet"),
                "le projet d'acte doit être notifié un mois au moins avant la signature (CCH R.261-30)",
            )
