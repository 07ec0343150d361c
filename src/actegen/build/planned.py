"""Stage 4 of a planned case: its staging folder, its renders, then its ``finish`` — and
its spool file (``render.job.Spool``) removed once that is done, whatever the outcome."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from ..jobs import remove_spool, remove_stale_spools
from ..output.staging import Staging
from .options import Policy
from .plan import Planned
from .workers import Results, Workers

Finish = Callable[[Staging | None, Results], None]


class Spools:
    """The spool files of a run's cases: each goes once its case is written, and those
    left by an error or an interruption go when the run ends."""

    def __init__(self) -> None:
        self._paths: list[str] = []

    def add(self, plan: Planned) -> Planned:
        if plan.spool is not None:
            self._paths.append(plan.spool)
        return plan

    def __enter__(self) -> Spools:
        remove_stale_spools()  # a render killed with SIGKILL leaves its spool: the next one removes it
        return self

    def __exit__(self, *_exc: object) -> None:
        for path in self._paths:
            remove_spool(path)


def render_planned(workers: Workers, plan: Planned, policy: Policy, finish: Finish) -> None:
    """4. render what changed (``Workers.render`` makes the staging folder and removes it on
    any exit); then 5. write (or compare), maybe after later plans; then the spool goes."""
    workers.render(plan, policy.writes, partial(_finished, finish, plan))


def _finished(finish: Finish, plan: Planned, staging: Staging | None, results: Results) -> None:
    try:
        finish(staging, results)
    finally:
        plan.release()
