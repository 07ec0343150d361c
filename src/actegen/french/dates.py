"""Dates in French words and figures (« le quinze décembre mil neuf cent quatre-vingt-treize »)."""

from __future__ import annotations

import datetime as dt

from .numbers import MAX_SPELLED, cardinal, check_int, group_digits

_MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
    "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


# --------------------------------------------------------------------------- dates


def check_date(d: object) -> dt.date:
    if not isinstance(d, dt.date):
        raise TypeError(f"date attendue, reçu {type(d).__name__} : {d!r}")
    return d


def spell_date(d: dt.date, *, mil: bool = True, reform1990: bool = False) -> str:
    """Spell a date as acts do: "vingt-quatre juillet mil neuf cent quatre-vingt-treize".

    Day 1 is "premier"; the year keeps vingt and cent invariable (ordinal use); ``mil``
    (default) writes "mil" for 1001–1999, ``mil=False`` writes "mille" there too.
    """
    d = check_date(d)
    day = "premier" if d.day == 1 else cardinal(d.day, reform1990)
    year = cardinal(d.year, reform1990, year=True, mil=mil)
    return f"{day} {_MONTHS[d.month - 1]} {year}"


def spell_year(year: int, *, mil: bool = True, reform1990: bool = False) -> str:
    """The year of a date in letters, as in an act's heading: "L'AN mil neuf cent quatre-vingt-treize".

    Years start at 1 (there is no year 0 in the calendar of an act): 0 or below is refused.
    """
    if check_int(year) < 1:
        raise ValueError(f"année hors limites (de 1 à {group_digits(str(MAX_SPELLED))}) : {year}")
    return cardinal(year, reform1990, year=True, mil=mil)


def spell_day_month(d: dt.date, *, reform1990: bool = False) -> str:
    """Day and month in letters, for "LE quinze décembre": the act's heading splits the date."""
    d = check_date(d)
    day = "premier" if d.day == 1 else cardinal(d.day, reform1990)
    return f"{day} {_MONTHS[d.month - 1]}"


def format_date(d: dt.date) -> str:
    """A date in figures: "24/07/1993"."""
    d = check_date(d)
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def format_date_long(d: dt.date) -> str:
    """A date with the month in letters: "24 juillet 1993", "1ᵉʳ novembre 2026"."""
    d = check_date(d)
    day = "1ᵉʳ" if d.day == 1 else str(d.day)
    return f"{day} {_MONTHS[d.month - 1]} {d.year}"
