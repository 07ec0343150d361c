"""Deadlines in months and years, counted as French procedure counts them.

A deadline expressed in months or years expires on the day of the last month (or year)
that bears the same number as the starting day; when that month has no such day, on its
last day (code de procédure civile, art. 641, al. 2): 31 January + 1 month → 28 (or 29)
February. The extension of a deadline that falls on a Saturday, Sunday or holiday
(art. 642) is not applied here: the dates computed are the legal ones, to be read with it.
"""

from __future__ import annotations

import calendar
from datetime import date

__all__ = ["add_months", "add_years", "annee_de_garantie"]


def add_months(start: date, months: int) -> date:
    """``start`` + ``months`` months (CPC art. 641: same day number, else month's last day)."""
    index = start.year * 12 + (start.month - 1) + months
    year, month0 = divmod(index, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(start.day, last))


def add_years(start: date, years: int) -> date:
    return add_months(start, 12 * years)


def annee_de_garantie(debut: date, jour: date) -> int:
    """The year of a guarantee in which ``jour`` falls, counted from ``debut``: 1 from
    ``debut`` to the day before its first anniversary, 2 from that anniversary, etc.
    Returns 0 before ``debut``."""
    if jour < debut:
        return 0
    n = jour.year - debut.year
    if add_years(debut, n) > jour:
        n -= 1
    return n + 1
