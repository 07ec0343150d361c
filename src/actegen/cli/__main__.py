"""``python -m actegen.cli``, as the tests and benchmarks run it."""

from . import main

main()
