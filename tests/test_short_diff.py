"""A failed ``==`` between large values is explained by what differs, in a few lines, not by
pytest's diff (cubic in the lines it pairs, untruncated on CI: it once ran out CI's time)."""

from __future__ import annotations

import os

import pytest

from . import short_diff


def _tree(n: int = 40, size: int = 50_000) -> dict[str, bytes]:
    return {f"lot-{i:03d}/acte.docx": os.urandom(size) for i in range(n)}


def test_two_trees_are_explained_by_the_paths_that_differ():
    left = _tree()
    right = dict(left)
    right["lot-007/acte.docx"] = left["lot-007/acte.docx"][:1000] + b"X" + left["lot-007/acte.docx"][1001:]
    del right["lot-010/acte.docx"]
    right["lot-999/acte.docx"] = b"nouveau"
    lines = short_diff.explain(left, right)
    assert lines is not None and len(lines) == 5, lines
    assert "seulement à gauche (1) : 'lot-010/acte.docx'" in lines[1]
    assert "seulement à droite (1) : 'lot-999/acte.docx'" in lines[2]
    assert lines[3] == "différentes (1) :"
    assert lines[4].startswith("  'lot-007/acte.docx' : 50000 et 50000 (sha256:")
    assert "première différence à 1000" in lines[4]


def test_many_differences_are_counted_not_all_listed():
    left = _tree()
    right = {k: v[::-1] for k, v in left.items()}
    lines = short_diff.explain(left, right)
    assert lines is not None
    assert "différentes (40) :" in lines
    assert lines[-1] == f"  … et {40 - short_diff.SHOWN} autres"
    assert len(lines) == 2 + short_diff.SHOWN + 1


def test_long_texts_give_the_first_difference_with_its_context():
    left = "Le vendeur déclare. " * 5_000
    right = left[:70_000] + "L'acquéreur" + left[70_011:]
    (head, detail) = short_diff.explain(left, right)
    assert head.startswith("str de 100000 caractères == str de 100000 caractères")
    assert "première différence à 70001" in detail  # "Le vendeur" / "L'acquéreur"
    assert "L'acquéreur" in detail


def test_small_values_are_left_to_pytest():
    assert short_diff.explain({"a": b"x"}, {"a": b"y"}) is None
    assert short_diff.explain("court", "autre") is None


def test_a_failed_assert_in_a_test_gives_the_short_explanation():
    """The hook in ``conftest.py`` is the one pytest's assertion rewriting asks."""
    left = _tree(200)
    right = {k: v + b"!" for k, v in left.items()}
    with pytest.raises(AssertionError) as failure:
        assert left == right
    message = str(failure.value)
    assert "comparaison abrégée" in message
    assert "différentes (200) :" in message
    assert len(message.splitlines()) < 25


def test_on_ci_pytests_own_explanation_of_large_values_is_still_truncated(pytestconfig, monkeypatch):
    """On CI pytest does not truncate, and its full diff of two output trees is cubic: the
    hook computes it as off CI (a few lines), and puts the short one first."""
    monkeypatch.setenv("CI", "true")
    left = _tree(20, 2_000)
    right = {k: v + b"!" for k, v in left.items()}
    results = pytestconfig.hook.pytest_assertrepr_compare(
        config=pytestconfig, op="==", left=left, right=right
    )
    assert results[0] == short_diff.explain(left, right)
    theirs = [line for result in results[1:] for line in result]
    assert theirs and not any(line.startswith("Full diff") for line in theirs), theirs[:5]
    assert len(theirs) < 20
