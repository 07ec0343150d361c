"""A manifest's texts are replayed on a terminal: one holding a control or format character
(Unicode's Cc, Cf) is refused. The fast path (printable once its spaces are set aside) must
refuse and accept exactly what the look at each character does."""

from __future__ import annotations

import unicodedata

import pytest

from actegen.output.manifest import _Malformed, _text

TEXTS = [
    "",
    "0" * 64,
    "acte-de-vente_lot-3-04_FAURE.docx",
    "l’effort du ménage dépasse le plafond de 25\u202f% « hypothèse 4 »",
    "espaces\u00a0insécables\u2009fines\u3000idéographiques",
    "💯 日本語 e\u0301",
    "retour\nà la ligne",
    "cloche\x07",
    "C1\x85",
    "inversion\u202edroite à gauche",
    "trait d’union conditionnel\u00ad",
    "espace sans chasse\u200b",
    "séparateur de ligne\u2028",
    "privé\ue000",
    "non attribué\u0378",
]


@pytest.mark.parametrize("text", TEXTS)
def test_the_fast_path_refuses_what_the_slow_one_refuses(text: str):
    refused = any(unicodedata.category(c) in ("Cc", "Cf") for c in text)
    if refused:
        with pytest.raises(_Malformed):
            _text(text, "ici")
    else:
        assert _text(text, "ici") == text
