"""Dated parameters with their legal references, in the manner of OpenFisca.

Rates and ceilings that a law, a décret or a contract sets live in the YAML files of this
folder, one value per period of validity, each with its reference (title, article, URL
where one exists). A computation asks for a parameter *at the date of the act*, never at
"today", so a 1993 act and a 2026 act each use the rules of their day (issue 4; style.md
practice 5; OpenFisca's ``parameters/`` and its ``metadata.reference``).

File layout (one file per subject; the file's stem is the first part of every name)::

    description: Assurance revente (sécurisation Hlm)
    plafond_indemnite:                 # → "assurance_revente.plafond_indemnite"
      description: Plafond de l'indemnité
      unit: currency-EUR
      reference: {titre: ..., article: ..., url: ...}   # default for every value
      values:
        1997-01-01: {value: "40000", reference: "..."}
        2018-04-01: {value: "35000", reference: "..."}
        2030-01-01: {value: null}      # no value in force from that date

A node that has ``values`` is a parameter; any other mapping is a group of parameters.
A scale (barème by tranches) gives, at each date, ``brackets: [{threshold, rate}, ...]``
instead of ``value``.

Numbers are read from the text of the YAML scalar, never through a float: the loader keeps
every plain scalar as a string and each parameter's ``unit`` says how to read it:

``/1`` a rate as a fraction (``"0.105"`` is 10,5 %) → Decimal; ``currency-EUR``,
``currency-FRF``, ``currency`` (either) → Decimal; ``year``, ``month``, ``count`` → int;
``bool`` (oui/non, true/false) → bool; ``text`` → str; ``list`` → tuple[str, ...].

Every value is checked when the files are loaded, so a malformed file stops at once with
a :class:`ParameterError` naming the file and the parameter.
"""

from __future__ import annotations

import functools
from datetime import date
from pathlib import Path

from actegen.errors import ParameterError

from .reading import read_file
from .values import Bracket, Entry, Parameter, ParamValue, Scale, TrancheCalculee, Value

__all__ = [
    "Bracket",
    "ParamValue",
    "ParameterSet",
    "Scale",
    "TrancheCalculee",
    "default_parameters",
    "get",
    "history",
    "load_parameters",
    "lookup",
    "names",
]

PARAMETERS_DIR = Path(__file__).resolve().parent


class ParameterSet:
    """All the parameters read from one folder, looked up by name and date."""

    def __init__(self, parameters: dict[str, Parameter]):
        self._parameters = parameters

    def names(self) -> tuple[str, ...]:
        return tuple(sorted(self._parameters))

    def _find(self, name: str) -> Parameter:
        try:
            return self._parameters[name]
        except KeyError:
            raise ParameterError(f"paramètre inconnu : {name}") from None

    def lookup(self, name: str, at: date) -> ParamValue:
        """The value in force at ``at``, with its period and references."""
        if not isinstance(at, date):
            raise TypeError(f"date attendue pour {name}, reçu {at!r}")
        param = self._find(name)
        current: Entry | None = None
        end: date | None = None
        for entry in param.entries:
            if entry.start <= at:
                current = entry
            else:
                end = entry.start
                break
        if current is None:
            raise ParameterError(
                f"{name} : aucune valeur en vigueur au {at.isoformat()} "
                f"(première valeur au {param.entries[0].start.isoformat()})"
            )
        if current.value is None:
            raise ParameterError(
                f"{name} : plus de valeur en vigueur au {at.isoformat()} "
                f"(valeur abrogée le {current.start.isoformat()})"
            )
        return ParamValue(
            name,
            current.value,
            current.start,
            end,
            param.unit,
            param.description,
            current.references,
            current.origine,
        )

    def get(self, name: str, at: date) -> Value:
        return self.lookup(name, at).value

    def history(self, name: str) -> tuple[ParamValue, ...]:
        """Every period of a parameter, in order (periods without value left out)."""
        param = self._find(name)
        out = []
        for i, entry in enumerate(param.entries):
            end = param.entries[i + 1].start if i + 1 < len(param.entries) else None
            if entry.value is not None:
                out.append(
                    ParamValue(
                        name,
                        entry.value,
                        entry.start,
                        end,
                        param.unit,
                        param.description,
                        entry.references,
                        entry.origine,
                    )
                )
        return tuple(out)


def load_parameters(directory: Path | str | None = None) -> ParameterSet:
    """Read every ``*.yaml`` of ``directory`` (default: this package's folder)."""
    folder = Path(directory) if directory is not None else PARAMETERS_DIR
    parameters: dict[str, Parameter] = {}
    for path in sorted(folder.glob("*.yaml")):
        for param in read_file(path):
            if param.name in parameters:  # pragma: no cover - stems are unique
                raise ParameterError(f"{path.name}: paramètre en double : {param.name}")
            parameters[param.name] = param
    return ParameterSet(parameters)


@functools.lru_cache(maxsize=1)
def default_parameters() -> ParameterSet:
    """The parameters shipped with actegen, read once."""
    return load_parameters()


def lookup(name: str, at: date) -> ParamValue:
    """The shipped parameter ``name`` in force at ``at``, with its references."""
    return default_parameters().lookup(name, at)


def get(name: str, at: date) -> Value:
    """The value of the shipped parameter ``name`` in force at ``at``."""
    return default_parameters().get(name, at)


def history(name: str) -> tuple[ParamValue, ...]:
    return default_parameters().history(name)


def names() -> tuple[str, ...]:
    return default_parameters().names()
