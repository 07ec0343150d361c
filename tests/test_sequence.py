"""The anchored matcher behind diff, merge and audit: the same as difflib on ordinary
documents, valid matches (and a shorter path) on long ones."""

from __future__ import annotations

import difflib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actegen.sequence import Matcher, matching_blocks, most_similar, unified_diff

lines = st.lists(st.sampled_from("abcdefghij") | st.text("xyz", min_size=1, max_size=3), max_size=60)


def apply(a: list[str], b: list[str], ops: list[tuple[str, int, int, int, int]]) -> list[str]:
    out: list[str] = []
    for tag, i1, i2, j1, j2 in ops:
        out.extend(a[i1:i2] if tag == "equal" else b[j1:j2])
    return out


@settings(max_examples=300, deadline=None, derandomize=True)
@given(lines, lines)
def test_below_the_threshold_it_is_difflib(a: list[str], b: list[str]):
    assert Matcher(a, b).get_opcodes() == difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    assert unified_diff(a, b, "x", "y", n=1) == list(difflib.unified_diff(a, b, "x", "y", n=1, lineterm=""))


@settings(max_examples=300, deadline=None, derandomize=True)
@given(lines, lines)
def test_anchored_blocks_are_real_matches_in_order(a: list[str], b: list[str]):
    blocks = matching_blocks(a, b, small=4)  # anchor on every range of more than 4 pairs
    assert blocks[-1] == (len(a), len(b), 0)
    end_a = end_b = 0
    for i, j, n in blocks[:-1]:
        assert n > 0 and i >= end_a and j >= end_b
        assert a[i : i + n] == b[j : j + n]
        end_a, end_b = i + n, j + n
    ops = Matcher(a, b, small=4).get_opcodes()
    assert apply(a, b, ops) == b


@pytest.mark.parametrize("n", [3_000])
def test_long_documents_align_on_their_unique_lines(n: int):
    a = [f"paragraphe {i}" for i in range(n)]
    b = [x + (" modifié" if i % 7 == 0 else "") for i, x in enumerate(a)]
    b.insert(n // 2, "ajout")
    blocks = matching_blocks(a, b)
    assert sum(size for *_, size in blocks) == n - len(range(0, n, 7))
    assert apply(a, b, Matcher(a, b).get_opcodes()) == b


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text("abc ", max_size=12), st.lists(st.text("abc ", max_size=12), max_size=8))
def test_most_similar_is_the_first_best_ratio_above_the_threshold(text: str, candidates: list[str]):
    ratios = [difflib.SequenceMatcher(None, text, c, autojunk=False).ratio() for c in candidates]
    best = max(ratios, default=0.0)
    expected = ratios.index(best) if best >= 0.4 else None
    assert most_similar(text, list(enumerate(candidates))) == expected
