"""Word's « accept all » and « reject all », as a function of a document part.

The tests of the merge read merged files through it: accepting all must give the notary's
edits plus the case's changes, rejecting all the notary's text.
"""

from __future__ import annotations

import copy

from lxml import etree

from .docx_lines import w


def resolve(root: etree._Element, *, accept: bool) -> etree._Element:
    """A copy of a document part with every revision accepted (or rejected): what Word's
    « accept all » gives; the tests read merged files through it."""
    root = copy.deepcopy(root)
    drop, keep = (w("del"), w("ins")) if accept else (w("ins"), w("del"))
    for row in list(root.iter(w("tr"))):
        trpr = row.find(w("trPr"))
        if trpr is not None and trpr.find(drop) is not None:
            row.getparent().remove(row)
    for p in list(root.iter(w("p"))):
        rpr = p.find(f"{w('pPr')}/{w('rPr')}")
        if rpr is not None and rpr.find(drop) is not None:
            nxt = p.getnext()
            content = [c for c in p if c.tag != w("pPr")]
            if (
                nxt is not None
                and nxt.tag == w("p")
                and any(c.tag == keep or c.tag == w("r") for c in content)
            ):
                ppr = nxt.find(w("pPr"))
                for c in reversed(content):
                    (ppr.addnext(c) if ppr is not None else nxt.insert(0, c))
            p.getparent().remove(p)
    for el in list(root.iter(drop)):
        if el.getparent() is not None and el.getparent().tag != w("rPr") and el.getparent().tag != w("trPr"):
            el.getparent().remove(el)
    for el in list(root.iter(keep)):
        parent = el.getparent()
        if parent.tag in (w("rPr"), w("trPr")):
            parent.remove(el)
            continue
        i = parent.index(el)
        for child in list(el):
            parent.insert(i, child)
            i += 1
        parent.remove(el)
    for t in root.iter(w("delText")):
        t.tag = w("t")
    for el in list(root.iter(w("rPr"), w("trPr"))):
        for mark in list(el.findall(drop)):
            el.remove(mark)
    return root
