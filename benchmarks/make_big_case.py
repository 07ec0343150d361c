"""Build a large operation from the Girimbelles lots, for the benchmarks.

``python benchmarks/make_big_case.py 1000 DIR`` writes ``DIR/girimbelles-1000.yaml``: the
header of ``cases/girimbelles-1993.yaml`` (operation, seller, financing, council session) and
its 14 lots repeated cyclically and renumbered 1…N (cadastral numbers too), so that every lot
is valid and every document is different. The file goes where it is told, never into
``cases/``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GIRIMBELLES = ROOT / "cases" / "girimbelles-1993.yaml"


def big_case_text(lots: int, source: Path = GIRIMBELLES) -> str:
    """The YAML text of a case with ``lots`` lots built from the Girimbelles ones."""
    text = source.read_text(encoding="utf-8")
    header, _, body = text.partition("\nlots:\n")
    # the top-level blocks after ``lots`` (``bien``…) stay after the lots
    after = re.search(r"(?m)^\S", body)
    body, trailer = (body[: after.start()], body[after.start() :]) if after else (body, "")
    blocks = re.split(r"(?m)^(?=  - numero: )", body)
    blocks = [b for b in blocks if b.startswith("  - numero: ")]
    header = re.sub(r"(?m)^id: .*$", f"id: girimbelles-{lots}", header, count=1)
    out = [header, "\nlots:\n"]
    for i in range(1, lots + 1):
        block = blocks[(i - 1) % len(blocks)]
        block = re.sub(r"^  - numero: \d+", f"  - numero: {i}", block, count=1)
        block = re.sub(r"(cadastre: \{section: \w+, numero: )\d+", rf"\g<1>{1000 + i}", block, count=1)
        block = re.sub(r"(?m)^(    adresse: )\d+", rf"\g<1>{i}", block, count=1)
        out.append(block if block.endswith("\n") else block + "\n")
    out.append(trailer)
    return "".join(out)


def write_big_case(lots: int, directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"girimbelles-{lots}.yaml"
    path.write_text(big_case_text(lots), encoding="utf-8")
    return path


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage : make_big_case.py NOMBRE_DE_LOTS DOSSIER")
    target = Path(sys.argv[2]).resolve()
    if target == (ROOT / "cases").resolve():
        sys.exit("refusé : le dossier cases/ ne reçoit que les dossiers livrés")
    print(write_big_case(int(sys.argv[1]), target))
