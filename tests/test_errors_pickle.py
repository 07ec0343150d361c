"""Every ``ActegenError`` crosses process boundaries (the render workers) as it is."""

from __future__ import annotations

import pickle

import pytest

import actegen.diff
import actegen.parameters  # noqa: F401  (defines ParameterError)
from actegen.errors import ActegenError, CaseError, CaseInvalid, Source


def _subclasses(cls: type) -> list[type]:
    return [cls] + [s for sub in cls.__subclasses__() for s in _subclasses(sub)]


ERRORS = [
    CaseError(Source("b.yaml", 3, 1), ("lots", 0, "prix"), "montant négatif"),
    CaseError(Source("a.yaml", 1, 2), (), "le fichier est vide"),
]


@pytest.mark.parametrize("cls", _subclasses(ActegenError), ids=lambda c: c.__name__)
def test_every_error_round_trips_through_pickle(cls: type):
    exc = cls(ERRORS) if issubclass(cls, CaseInvalid) else cls("le modèle est illisible")
    back = pickle.loads(pickle.dumps(exc))
    assert type(back) is cls
    assert str(back) == str(exc) and back.exit_code == exc.exit_code
    if isinstance(exc, CaseInvalid):
        assert back.errors == exc.errors == sorted(ERRORS, key=lambda e: e.source)


def test_the_known_errors_are_all_there():
    names = {c.__name__ for c in _subclasses(ActegenError)}
    assert {
        "CaseInvalid",
        "TemplateError",
        "RenderError",
        "OutputError",
        "UsageError",
        "ParameterError",
        "DiffError",
    } <= names
