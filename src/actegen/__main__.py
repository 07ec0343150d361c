"""The ``actegen`` command — its console script, and ``python -m actegen``: the CLI, started
with the cyclic garbage collector off.

Its imports (click, then on a no-op the manifests' and the output's modules) allocate
objects that live as long as the process: the collections they trigger find nothing to
free, and cost some 8 ms of a no-op's 80. The CLI turns the collector back on
(``cli.collecting``) before any command but a no-op does its work. Only here: a program
that imports ``actegen.cli`` (the tests) keeps its collector as it is.
"""

import gc

gc.disable()

from actegen.cli import main  # noqa: E402 - after the collector is off

if __name__ == "__main__":
    main()
