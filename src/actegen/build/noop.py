"""The no-op re-run, decided before the rendering libraries are loaded.

``actegen render`` calls ``unchanged_set`` first: when every case's bytes, the templates,
the parameters and actegen's code hash to what each case's manifest recorded, and every
file is as recorded there (``cache.cached``), the set's report is made from the manifests
alone. The documents are hashed through ``statcache`` (one cache per output root): a file
whose status is the one recorded is not read again. This module and everything it imports
load no YAML parser, no schema validator, no docxtpl, Jinja, lxml, num2words nor rich
(``tests/test_noop_imports.py`` checks it): the CLI imports the pipeline only when
something must be done, so that a no-op takes milliseconds.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..output.lock import OutputLock
from ..output.recover import recover_output
from ..template_paths import templates_dir
from .cache import cached, keyed
from .fingerprints import Fingerprints
from .options import RENDER, SetOptions, expand_cases
from .report import SetReport
from .statcache import StatCache, outputs_cache_file


def unchanged_set(paths: Iterable[Path], options: SetOptions, code: str | None = None) -> SetReport | None:
    """The report of a render of ``paths`` that has nothing to do, or None: something must be
    rendered, written, converted, checked or reported, and the pipeline does it. ``code``:
    None too unless actegen's code is still this one (``Fingerprints.code``).

    Under the output root's exclusive lock, as a render: a killed run's leftovers are
    repaired first, and a render running beside it stops it as it would stop the pipeline.
    """
    if options.check or options.pdf is not None:
        return None  # --check compares the files; --pdf may have PDFs to make
    files = expand_cases(paths)
    if not files or any(path.is_dir() for path in files):
        return None  # a folder without any case file: the pipeline reports it
    outcomes = []
    targets: set[Path] = set()
    with OutputLock(options.output_root) as lock:
        if lock.held:
            recover_output(lock.root)
        prints = Fingerprints.of(templates_dir(options.templates))
        if code is not None and prints.code != code:
            return None
        documents = StatCache(outputs_cache_file(lock.root))  # as recorded, by their status
        try:
            for path in files:
                data, key = keyed(path, prints)
                plan = cached(path, data, key, options, RENDER, documents.file_sha256)
                if plan is None or plan.target in targets:
                    return None  # changed, or two cases with one id: the pipeline says which
                targets.add(plan.target)
                outcomes.append(plan.outcome)
        finally:
            documents.save()
    return SetReport(outcomes)
