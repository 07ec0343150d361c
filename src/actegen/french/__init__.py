"""Numbers, amounts, dates and percentages in French, as a notary writes them.

This module is the one place where a number becomes French words or French figures in
actegen: every amount of every generated document goes through it (issue 3). Acts state
sums in letters and in figures, and the letters prevail when the two differ (C. civ.
art. 1376), so a wrong word is a defect in a legal document.

Rules applied (sources are cited again, case by case, in ``tests/test_french.py``):

- *vingt* and *cent* take an s when multiplied and not followed by another numeral:
  "quatre-vingts", "deux cents", but "quatre-vingt-un", "deux cent un", "deux cent mille";
  *million* and *milliard* are nouns, not numerals, so they do not stop the plural:
  "deux cents millions" (Académie française, Dictionnaire, 9e éd., « cent », « vingt »,
  « million »; Grevisse, *Le Bon Usage*, déterminants numéraux).
- *mille* is invariable; "mille", never "un mille" (same sources).
- "et" joins *un* (and *onze* in 71) to the tens 20 to 70: "vingt et un", "soixante et onze";
  not 81 and 91: "quatre-vingt-un", "quatre-vingt-onze" (Académie, Dictionnaire, « et »).
- Traditional spelling hyphenates only between numerals below one hundred, except around
  "et". The 1990 rectified spelling hyphenates all numerals ("vingt-et-un",
  "deux-cent-mille"), never around the nouns *million* and *milliard* ("deux-cents
  millions") (Rapport du Conseil supérieur de la langue française, « Les rectifications
  de l'orthographe », JO, Documents administratifs n° 100, 6 décembre 1990, règle 1 et
  analyse). ``reform1990=True`` selects it; both spellings are correct.
- A noun counted by a number ending in *million(s)* or *milliard(s)* takes "de", elided
  "d'" before a vowel: "un million d'euros", "deux millions de francs"; not when other
  numerals follow: "un million deux cent mille euros".
- Below two the noun is singular: "un euro", "un centime", and "zéro euro" (*zéro* used as
  a numeral determiner means *aucun* and takes the singular: OQLF, Banque de dépannage
  linguistique, « Zéro »; Le Robert, guide « Accord du nom après zéro »).
- In a date the year is an ordinal use, so *vingt* and *cent* stay invariable ("mil neuf
  cent quatre-vingt"), and acts write "mil" for the years 1001 to 1999 ("mil neuf cent
  quatre-vingt-treize"), never "deux mil" (Académie, Dictionnaire, « mil »).
  Day 1 is "premier".

Decisions a template author must know:

- Amounts are ``Decimal``, ``int`` (a number of euros or francs, never of centimes) or a
  numeric string; a ``float`` or an amount with more than two decimals is refused with
  ``ValueError``, never rounded. Trailing zeros are harmless ("1.000" is one euro).
- Centimes are spelled only when non-zero, joined by "et": "mille francs et un centime".
  An amount below one unit is spelled with its centimes alone: "cinquante centimes".
- Amounts and numbers are spelled up to 999 999 999 999; beyond, ``ValueError``, as for
  every refused input (a ``decimal`` signal never escapes). Numbers are read from their own
  digits, without arithmetic, so the caller's ``decimal`` context (a lowered precision,
  tight exponent limits) changes no output. Years start at 1.
- Percentages and decimal numbers are shown with the digits they need: 3.50 is
  "3,5 %" and "trois virgule cinq pour cent" (letters and figures always agree);
  zeros after the comma are read one by one: 0.05 is "zéro virgule zéro cinq".
- The apostrophe is the ASCII one ("d'euros"), as the issue writes it.
- Currencies: "EUR" (euros, "€" or "EUR") and "FRF" (francs, "F"), case-insensitive.
- Every text keeps its no-break spaces (U+202F between thousands, U+00A0 before "€", "EUR",
  "F" and "%"): a template must not replace them.

Display conventions, one per kind of figure (issue 14):

- Amounts in an acte: the letters, in capitals, then the figures in parentheses with "EUR"
  ("TRENTE-CINQ MILLE EUROS (35 000,00 EUR)", ``prix_notarial``); every other amount in
  figures, in every document, with "€" ("742,50 €", ``montant``), always two decimals. "€" is
  the one the documents use most (about 250 amounts against 31 "EUR", the latter only after
  letters in actes). Where they disagree today: the assurance revente clause of the PSLA,
  VEFA and BRS actes writes "35 000,00 €, soit au plus … (35 000,00 EUR)" in one sentence,
  and notarial practice writes "EUR" in legal acts. Francs are "F" everywhere.
- Percentages: the digits they need in running text ("10,5 %"); in a column, one fixed
  number of decimals for the whole column (``format_percent(p, places=2)``: "21,00 %" above
  "16,98 %"). The solvency annex of the 1993 délibération still mixes "21 %" and "16,98 %".
- Surfaces: in figures "64,3 m²" (``surface``); in an acte, in letters as square metres and
  square decimetres, "soixante-quatre mètres carrés trente décimètres carrés (64,30 m²)"
  (``spell_surface``, ``format_surface(s, places=2)``), never "soixante-quatre virgule
  trois mètres carrés", which the copropriété actes still print.
- Other decimal numbers (quotas, rates, durations) in letters: ``spell_decimal``, the
  digits after the comma read as a number.

For templates: the render stage registers ``make_filters(reform1990=..., currency=...)``
built from the case-level settings, so every filter defaults to the case's spelling and
currency; a template overrides per call, e.g. ``{{ prix | montant_lettres(reform1990=true) }}``
or ``{{ prix | prix_notarial("FRF") }}``. ``JINJA_FILTERS`` holds the defaults of a case that
sets nothing (traditional spelling, euros).
"""

from __future__ import annotations

from .amounts import (
    format_amount,
    format_amount_bare,
    format_amount_legal,
    format_surface,
    notarial_amount,
    spell_amount,
)
from .computed import format_computed, format_computed_rate, format_computed_short, format_digits
from .dates import format_date, format_date_long, spell_date, spell_day_month, spell_year
from .filters import JINJA_FILTERS, make_filters
from .numbers import (
    MAX_SPELLED,
    NBSP,
    NNBSP,
    format_number,
    format_percent,
    spell_decimal,
    spell_number,
    spell_percent,
    spell_surface,
)

__all__ = [
    "JINJA_FILTERS",
    "MAX_SPELLED",
    "NBSP",
    "NNBSP",
    "format_amount",
    "format_amount_bare",
    "format_amount_legal",
    "format_computed",
    "format_computed_rate",
    "format_computed_short",
    "format_date",
    "format_date_long",
    "format_digits",
    "format_number",
    "format_percent",
    "format_surface",
    "make_filters",
    "notarial_amount",
    "spell_amount",
    "spell_date",
    "spell_day_month",
    "spell_decimal",
    "spell_number",
    "spell_percent",
    "spell_surface",
    "spell_year",
]
