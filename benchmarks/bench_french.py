"""How fast actegen.french spells amounts, next to num2words on the same amounts.

Run: ``python benchmarks/bench_french.py [--count 100000] [--repeat 3] [--seed 2026]``.

Draws ``count`` amounts (Decimal, with centimes, every order of magnitude from 1 to 10^12
equally likely), then times, in the same run and on the same amounts, actegen's spellings
and num2words' ``to='currency'`` (``lang='fr'``, ``currency='EUR'``). Prints µs per amount
(best of ``repeat`` runs) and the ratio to num2words, and how many of num2words' texts
differ from actegen's (num2words appends "et zéro centimes", drops "d'" after million…).
Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import platform
import random
import sys
import time
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path

try:
    from actegen import french
except ModuleNotFoundError:  # run from a checkout without installing the package
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from actegen import french

from num2words import num2words


def draw_amounts(count: int, seed: int) -> list[Decimal]:
    """Amounts with centimes, log-uniform over 1 to 999 999 999 999 euros."""
    rng = random.Random(seed)
    amounts = []
    for _ in range(count):
        digits = rng.randint(1, 12)
        units = rng.randint(0, 10**digits - 1)
        amounts.append(Decimal(units) + Decimal(rng.randint(0, 99)).scaleb(-2))
    return amounts


def best_time(
    func: Callable[[Decimal], str], amounts: Sequence[Decimal], repeat: int
) -> tuple[float, list[str]]:
    """Best wall time over ``repeat`` passes, in µs per amount, and the texts produced."""
    best = float("inf")
    texts: list[str] = []
    for _ in range(repeat):
        start = time.perf_counter()
        texts = [func(amount) for amount in amounts]
        best = min(best, time.perf_counter() - start)
    return best / len(amounts) * 1e6, texts


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)

    amounts = draw_amounts(args.count, args.seed)
    candidates: list[tuple[str, Callable[[Decimal], str]]] = [
        ("actegen spell_amount", french.spell_amount),
        ("actegen spell_amount 1990", lambda a: french.spell_amount(a, reform1990=True)),
        ("actegen notarial_amount", french.notarial_amount),
        ("actegen format_amount", french.format_amount),
        ("num2words to='currency'",
         lambda a: num2words(a, lang="fr", to="currency", currency="EUR")),
    ]  # fmt: skip
    timings = [(name, *best_time(func, amounts, args.repeat)) for name, func in candidates]
    reference = timings[-1][1]

    print(f"{args.count} amounts, best of {args.repeat}, Python {platform.python_version()}")
    print(f"{'':<28}{'µs/amount':>10}{'time ratio':>12}{'speed-up':>10}")
    for name, micros, _ in timings:
        print(f"{name:<28}{micros:>10.2f}{micros / reference:>12.3f}{reference / micros:>9.1f}x")
    ours, theirs = timings[0][2], timings[-1][2]
    differ = sum(a != b for a, b in zip(ours, theirs, strict=True))
    print(f"num2words texts differing from actegen's: {differ} of {args.count}")
    print("(time ratio = µs / num2words µs; speed-up = num2words µs / µs)")


if __name__ == "__main__":
    main()
