"""Ship the top-level ``templates/``, ``schemas/`` and ``cases/`` inside the wheel.

They stay at the top of the repository, where offices and reviewers find them; at build
time they are copied into ``actegen/_data/`` so that ``pip install .`` gives a working
``actegen`` in any folder. Everything else is declared in ``pyproject.toml``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SHIPPED = ("templates", "schemas", "cases")


class BuildWithData(build_py):
    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "actegen" / "_data"
        for name in SHIPPED:
            source = ROOT / name
            if source.is_dir():
                destination = target / name
                shutil.rmtree(destination, ignore_errors=True)
                shutil.copytree(source, destination, ignore=shutil.ignore_patterns("~$*", ".~lock*", "*.tmp"))


setup(cmdclass={"build_py": BuildWithData})
