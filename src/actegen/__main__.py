"""The ``actegen`` command — its console script, and ``python -m actegen``: the CLI, started
with the cyclic garbage collector off, after a look at the replayed no-op (``cli.replay``).

Its imports (click, then on a no-op the manifests' and the output's modules) allocate
objects that live as long as the process: the collections they trigger find nothing to
free, and cost some 8 ms of a no-op's 80. The CLI turns the collector back on
(``cli.collecting``) before any command but a no-op does its work. Only here: a program
that imports ``actegen.cli`` (the tests) keeps its collector as it is.
"""

import gc

gc.disable()

import sys  # noqa: E402


def main() -> None:
    """A recorded ``render`` line with nothing to do ends in ``replay``, without click;
    anything else goes to the click group."""
    from actegen.cli.replay import replayed

    code = replayed(sys.argv[1:])
    if code is not None:
        sys.exit(code)
    from actegen.cli import main as group

    group()


if __name__ == "__main__":
    main()
