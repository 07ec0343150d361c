"""The Jinja filters templates use, bound to a case's currency and spelling."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from .amounts import (
    currency_names,
    format_amount,
    format_amount_bare,
    format_amount_legal,
    format_surface,
    notarial_amount,
    spell_amount,
)
from .dates import check_date, format_date, format_date_long, spell_date, spell_day_month, spell_year
from .numbers import format_number, format_percent, spell_decimal, spell_percent, spell_surface


def make_filters(*, reform1990: bool, currency: str) -> dict[str, Callable[..., str]]:
    """The Jinja filters, in French for template authors, with the case's defaults bound.

    The render stage calls this with the case-level settings (spelling reform, currency)
    and registers the result; a template can still override per call, positionally for
    the currency or by keyword: ``{{ prix | montant_lettres("FRF", reform1990=true) }}``.
    """
    currency_names(currency)  # fail early on an unknown default currency

    def montant_lettres(value: object, currency: str = currency, *, reform1990: bool = reform1990) -> str:
        return spell_amount(value, currency, reform1990=reform1990)

    def montant(value: object, currency: str = currency) -> str:
        return format_amount(value, currency)

    def montant_acte(value: object, currency: str = currency) -> str:
        return format_amount_legal(value, currency)

    def prix_notarial(value: object, currency: str = currency, *, reform1990: bool = reform1990) -> str:
        return notarial_amount(value, currency, reform1990=reform1990)

    def nombre_lettres(value: object, *, reform1990: bool = reform1990) -> str:
        return spell_decimal(value, reform1990=reform1990)

    def date_lettres(value: dt.date, *, mil: bool = True, reform1990: bool = reform1990) -> str:
        return spell_date(value, mil=mil, reform1990=reform1990)

    def surface_lettres(value: object, *, reform1990: bool = reform1990) -> str:
        return spell_surface(value, reform1990=reform1990)

    def pourcentage_lettres(value: object, *, reform1990: bool = reform1990) -> str:
        return spell_percent(value, reform1990=reform1990)

    def annee_lettres(value: dt.date, *, mil: bool = True, reform1990: bool = reform1990) -> str:
        return spell_year(check_date(value).year, mil=mil, reform1990=reform1990)

    def jour_mois_lettres(value: dt.date, *, reform1990: bool = reform1990) -> str:
        return spell_day_month(value, reform1990=reform1990)

    filters: dict[str, Callable[..., Any]] = {
        "annee_lettres": annee_lettres,
        "jour_mois_lettres": jour_mois_lettres,
        "montant_nu": format_amount_bare,
        "surface": format_surface,
        "surface_lettres": surface_lettres,
        "montant_lettres": montant_lettres,
        "montant": montant,
        "montant_acte": montant_acte,
        "prix_notarial": prix_notarial,
        "nombre_lettres": nombre_lettres,
        "nombre": format_number,
        "date_lettres": date_lettres,
        "date_longue": format_date_long,
        "date_courte": format_date,
        "pourcentage_lettres": pourcentage_lettres,
        "pourcentage": format_percent,
    }
    return filters


JINJA_FILTERS: dict[str, Callable[..., str]] = make_filters(reform1990=False, currency="EUR")
"""The filters with the defaults of a case that sets nothing: traditional spelling, euros."""
