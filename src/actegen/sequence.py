"""Aligning two long sequences (a document's blocks, lines, rows) without quadratic time.

``difflib.SequenceMatcher`` looks for the longest match, then recurses on both sides: on
two documents of 30 000 paragraphs that differ every few lines it does a pass over the
sequence per matching block — quadratic. ``Matcher`` is the same matcher (same opcodes,
same ``ratio``) that, on sequences too long for that, first anchors on the elements that
occur once in each (their longest increasing run: patience diff, as git's
``--patience``/``--histogram``), strips the common ends, and leaves ``difflib`` only the
short gaps between anchors. Below ``SMALL`` it is ``difflib`` itself, so that the diffs of
ordinary documents are exactly what they were.
"""

from __future__ import annotations

import difflib
from bisect import bisect_left
from collections import Counter
from collections.abc import Hashable, Sequence

SMALL = 250_000
"""Above this product of lengths, anchor first (an acte: a few hundred blocks, well below)."""


class Matcher(difflib.SequenceMatcher[Hashable]):
    """``difflib.SequenceMatcher(None, a, b)``, anchored on unique elements when long."""

    def __init__(
        self, a: Sequence[Hashable], b: Sequence[Hashable], *, autojunk: bool = False, small: int = SMALL
    ) -> None:
        super().__init__(None, a, b, autojunk=autojunk)
        self._seqs = (a, b)
        self._autojunk = autojunk
        self._small = small
        self._anchored: list[difflib.Match] | None = None

    def get_matching_blocks(self) -> list[difflib.Match]:
        a, b = self._seqs
        if len(a) * len(b) <= self._small:
            return super().get_matching_blocks()
        if self._anchored is None:
            self._anchored = matching_blocks(a, b, autojunk=self._autojunk, small=self._small)
        return self._anchored


def _small(
    a: Sequence[Hashable], b: Sequence[Hashable], alo: int, ahi: int, blo: int, bhi: int, autojunk: bool
) -> list[tuple[int, int, int]]:
    sm = difflib.SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=autojunk)
    return [(alo + i, blo + j, n) for i, j, n in sm.get_matching_blocks() if n]


def _anchors(
    a: Sequence[Hashable], b: Sequence[Hashable], alo: int, ahi: int, blo: int, bhi: int
) -> list[tuple[int, int]]:
    """Elements once in each range, paired, keeping the longest run in the same order."""
    count_a = Counter(a[alo:ahi])
    count_b = Counter(b[blo:bhi])
    where_b = {b[j]: j for j in range(blo, bhi) if count_b[b[j]] == 1}
    pairs = [(i, where_b[a[i]]) for i in range(alo, ahi) if count_a[a[i]] == 1 and a[i] in where_b]
    # longest increasing subsequence of the j's (patience sorting)
    tops: list[int] = []  # the last j of the best run of each length
    top_at: list[int] = []  # index in pairs of that element
    back: list[int] = []
    for k, (_i, j) in enumerate(pairs):
        pos = bisect_left(tops, j)
        if pos == len(tops):
            tops.append(j)
            top_at.append(k)
        else:
            tops[pos] = j
            top_at[pos] = k
        back.append(top_at[pos - 1] if pos else -1)
    run: list[tuple[int, int]] = []
    k = top_at[-1] if top_at else -1
    while k >= 0:
        run.append(pairs[k])
        k = back[k]
    return run[::-1]


def matching_blocks(
    a: Sequence[Hashable], b: Sequence[Hashable], *, autojunk: bool = False, small: int = SMALL
) -> list[difflib.Match]:
    """The matching blocks of ``a`` and ``b`` (as ``get_matching_blocks``), found by
    anchoring: common ends, unique elements in order, then ``difflib`` on ranges of at
    most ``small`` pairs."""
    matches: list[tuple[int, int, int]] = []
    stack = [(0, len(a), 0, len(b))]
    while stack:
        alo, ahi, blo, bhi = stack.pop()
        while alo < ahi and blo < bhi and a[alo] == b[blo]:
            matches.append((alo, blo, 1))
            alo, blo = alo + 1, blo + 1
        while alo < ahi and blo < bhi and a[ahi - 1] == b[bhi - 1]:
            ahi, bhi = ahi - 1, bhi - 1
            matches.append((ahi, bhi, 1))
        if alo == ahi or blo == bhi:
            continue
        if (ahi - alo) * (bhi - blo) <= small:
            matches.extend(_small(a, b, alo, ahi, blo, bhi, autojunk))
            continue
        anchors = _anchors(a, b, alo, ahi, blo, bhi)
        if not anchors:  # nothing unique to hold on to: difflib, whatever it costs
            matches.extend(_small(a, b, alo, ahi, blo, bhi, autojunk))
            continue
        i0, j0 = alo, blo
        for i, j in anchors:
            matches.append((i, j, 1))
            stack.append((i0, i, j0, j))
            i0, j0 = i + 1, j + 1
        stack.append((i0, ahi, j0, bhi))
    matches.sort()
    blocks: list[list[int]] = []
    for i, j, n in matches:
        if blocks and blocks[-1][0] + blocks[-1][2] == i and blocks[-1][1] + blocks[-1][2] == j:
            blocks[-1][2] += n
        else:
            blocks.append([i, j, n])
    return [difflib.Match(i, j, n) for i, j, n in blocks] + [difflib.Match(len(a), len(b), 0)]


def most_similar(text: str, candidates: list[tuple[int, str]], threshold: float = 0.4) -> int | None:
    """The index of the candidate most like ``text`` (the first of equals), if its
    ``ratio`` reaches ``threshold``: a changed paragraph's new version. Candidates whose
    cheap upper bounds (``real_quick_ratio``, ``quick_ratio``) cannot beat the best so far
    are not compared in full, so that a long rewritten passage stays fast."""
    best, at = threshold, None
    matcher: difflib.SequenceMatcher[str] = difflib.SequenceMatcher(None, autojunk=False)
    matcher.set_seq1(text)
    for index, candidate in candidates:
        matcher.set_seq2(candidate)
        if not _beats(matcher.real_quick_ratio(), best, at) or not _beats(matcher.quick_ratio(), best, at):
            continue
        ratio = matcher.ratio()
        if _beats(ratio, best, at):
            best, at = ratio, index
    return at


def _beats(ratio: float, best: float, at: int | None) -> bool:
    """Reaching the threshold (nothing found yet), or above the best (the first of equals stays)."""
    return ratio >= best if at is None else ratio > best


def unified_diff(a: list[str], b: list[str], fromfile: str, tofile: str, *, n: int = 1) -> list[str]:
    """``difflib.unified_diff(a, b, fromfile, tofile, n=n, lineterm="")``, on ``Matcher``."""
    out: list[str] = []
    for group in Matcher(a, b, autojunk=True).get_grouped_opcodes(n):
        if not out:
            out += [f"--- {fromfile}", f"+++ {tofile}"]
        first, last = group[0], group[-1]
        out.append(f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@")
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out.extend(" " + line for line in a[i1:i2])
                continue
            if tag in ("replace", "delete"):
                out.extend("-" + line for line in a[i1:i2])
            if tag in ("replace", "insert"):
                out.extend("+" + line for line in b[j1:j2])
    return out


def _range(start: int, stop: int) -> str:
    """A hunk's range as unified diffs write it (difflib's ``_format_range_unified``)."""
    beginning, length = start + 1, stop - start
    if length == 1:
        return str(beginning)
    if not length:
        beginning -= 1
    return f"{beginning},{length}"
