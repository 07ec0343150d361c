"""The Jinja sandbox templates render in, and the limits that stop a runaway template.

Templates come from other offices (``--templates DIR``, clause files): they are code we do
not trust. Jinja's ``SandboxedEnvironment`` already refuses access to Python internals
(``__class__``, ``__globals__``…) and bounds ``range()``; it does not stop a template that
loops for hours or builds a string of gigabytes. Each render runs under a ``Budget``:

- **steps**: every iteration of a ``{% for %}`` loop and every call (a macro, a method,
  ``range()``…) counts one step; a document may take ``MAX_STEPS``. The loops are counted by
  rewriting each ``for`` of a parsed template to iterate through a counting filter, so an
  infinite or exponential template stops after the same number of steps on any machine;
- **time**: the steps check a deadline, ``MAX_SECONDS`` per document; a long C operation
  takes no step: the render kills the worker past it (``build.watchdog``, told by ``watch``);
- **size**: ``*``, ``+`` and ``**`` on strings, lists and integers, and the filters that
  can multiply their input (``center``, ``indent``, ``replace``, ``format``), refuse a
  result above ``MAX_VALUE_CHARS``; the XML a part produces is counted as it streams out,
  up to ``MAX_PART_BYTES``;
- **memory**: on Linux a render's address space is capped at its size plus
  ``MEMORY_HEADROOM``: whatever else grows ends in a ``MemoryError``, not in swapping.

Each limit ends the render with a ``TemplateLimit`` saying which limit was reached; the
caller adds the template and document names. The limits are far above what a real document
needs: the note de calcul of a 1 000-lot operation takes 32 866 steps and 41 MiB of XML.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import os
import re
import time
import types
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import jinja2
from jinja2 import nodes, pass_context
from jinja2.sandbox import SandboxedEnvironment, SandboxedEscapeFormatter, SandboxedFormatter
from jinja2.visitor import NodeTransformer
from markupsafe import Markup

MAX_STEPS = 5_000_000  # loop iterations + calls, per document
MAX_SECONDS = 300  # per document
DEADLINE_ENV = "ACTEGEN_RENDER_DEADLINE"  # seconds instead of MAX_SECONDS: for tests only
MAX_VALUE_CHARS = 10_000_000  # one string or list built by a template
MAX_POWER_BITS = 100_000  # ``a ** b``: size of the result, in bits
MAX_PART_BYTES = 2 * 2**30  # XML produced by one part (body, header…) of a document (zip: < 4 GiB)
MEMORY_HEADROOM = 2 * 2**30  # address space a render may add to its process (Linux)
# the size limit of a part passed (``stream``, ``render.streamed.stream_body``)
PART_TOO_BIG = "le document dépasse {:g} Mio de XML pour une de ses parties (explosion de taille ?)"

_COUNTING_FILTER = "actegen compte"  # a space: no template can name it
_BOUNDING_FILTER = "actegen borne"


class TemplateLimit(Exception):
    """A template reached one of the limits; the message says which, in French."""


class Budget:
    """Steps and time left to one document's render."""

    __slots__ = ("deadline", "max_steps", "seconds", "steps")

    def __init__(self, max_steps: int | None = None, seconds: float | None = None):
        self.steps = 0
        self.max_steps = MAX_STEPS if max_steps is None else max_steps
        self.seconds = deadline_seconds() if seconds is None else seconds
        self.deadline = time.monotonic() + self.seconds

    def step(self) -> None:
        self.steps += 1
        if self.steps & 1023:
            return
        if self.steps > self.max_steps:
            raise TemplateLimit(
                f"le modèle ne s'arrête pas : plus de {self.max_steps:_} tours de boucle "
                "ou appels pour un document (boucle sans fin ?)".replace("_", " ")
            )
        if time.monotonic() > self.deadline:
            raise TemplateLimit(too_long(self.seconds))


def deadline_seconds() -> float:
    """A document's time limit: ``MAX_SECONDS``, or a test's ``ACTEGEN_RENDER_DEADLINE``."""
    try:
        seconds = float(os.environ.get(DEADLINE_ENV, ""))
    except ValueError:
        return MAX_SECONDS
    return seconds if 0 < seconds < MAX_SECONDS else MAX_SECONDS


def too_long(seconds: float) -> str:
    """The message of the time limit, whether a step or the render's watchdog saw it."""
    return f"le modèle tourne depuis plus de {seconds:g} secondes pour un document ; il a été arrêté"


watch: Callable[[bool], None] | None = None  # told when templates start and stop running (a worker)
_BUDGET: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("actegen_budget", default=None)


def _step() -> None:
    budget = _BUDGET.get()
    if budget is not None:
        budget.step()


@pass_context  # never folded into a constant at compile time: it must run at each render
def _counted(_context: Any, iterable: Any) -> Iterator[Any]:
    for item in iterable:
        _step()
        yield item


def _too_big(what: str) -> TemplateLimit:
    return TemplateLimit(
        f"le modèle fabrique {what} de plus de {MAX_VALUE_CHARS:_} caractères "
        "(explosion de taille ?)".replace("_", " ")
    )


def _size(value: Any) -> int:
    return len(value) if isinstance(value, (str, list, tuple)) else 0


def _guard_filter(name: str, filter_: Callable[..., Any], estimate: Callable[..., int]) -> Callable[..., Any]:
    """``filter_`` refusing, before it runs, a result ``estimate`` says is too big. The
    wrapper keeps the filter's ``pass_eval_context`` mark (``replace``, ``join``…): Jinja
    passes it the context first, which the estimate skips."""
    skip = 1 if getattr(filter_, "jinja_pass_arg", None) is not None else 0

    @functools.wraps(filter_)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        try:
            size = estimate(*args[skip:], **kwargs)
        except (TypeError, ValueError):
            size = 0  # the filter itself will say what is wrong with its arguments
        if size > MAX_VALUE_CHARS:
            raise _too_big(f"avec « {name} » un texte")
        return filter_(*args, **kwargs)

    return guarded


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _estimate_center(value: Any, width: Any = 80, *_a: Any, **_k: Any) -> int:
    return max(len(str(value)), _int(width))


def _estimate_indent(s: Any, width: Any = 4, *_a: Any, **_k: Any) -> int:
    pad = _int(width) if not isinstance(width, str) else len(width)
    return len(str(s)) + (str(s).count("\n") + 1) * pad


def _estimate_replace(s: Any, old: Any, new: Any, count: Any = None, *_a: Any, **_k: Any) -> int:
    text, old, new = str(s), str(old), str(new)
    hits = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and count >= 0:
        hits = min(hits, count)
    return len(text) + hits * len(new)


_WIDTH_DIGITS = re.compile(r"\d+")
_PERCENT_FIELD = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?")


def _widths(fields: Iterable[str]) -> int:
    """The widths and precisions written in format fields, added up (a huge number of
    digits counts as too big: ``int()`` of it would be the long operation)."""
    total = 0
    for field in fields:
        for digits in _WIDTH_DIGITS.findall(field):
            if len(digits) > 12:
                return MAX_VALUE_CHARS + 1
            total += int(digits)
    return total


def _arguments(values: Iterable[Any], *, widths: bool) -> int:
    """What the arguments of a format add: their lengths, and, when the format takes a width
    from them (``%*d``, ``{:{w}}``), their integers as widths."""
    return sum(_size(v) + (_int(v) if widths else 0) for v in values)


def _estimate_percent(fmt: Any, args: Any) -> int:
    """``fmt % args``: the format's text, its widths, its arguments."""
    text = str(fmt)
    values = args if isinstance(args, tuple) else (args,)
    if isinstance(args, dict):
        values = tuple(args.values())
    fields = _PERCENT_FIELD.findall(text)
    return len(text) + _widths(fields) + _arguments(values, widths=any("*" in f for f in fields))


def _estimate_format(value: Any, *args: Any, **kwargs: Any) -> int:
    return _estimate_percent(value, args or kwargs)  # the filter: ``value % args`` (or kwargs)


def _width(args: tuple[Any, ...], kwargs: dict[str, Any], name: str, position: int = 0) -> int:
    value = kwargs.get(name, args[position] if len(args) > position else 0)
    return _int(value)


def _estimate_str_method(text: str, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    """The size of what the str method ``name`` returns, before it runs (0: not a grower)."""
    if name in ("center", "ljust", "rjust", "zfill"):
        return max(len(text), _width(args, kwargs, "width"))
    if name == "expandtabs":
        return len(text) + text.count("\t") * _width(args, kwargs, "tabsize")
    if name == "replace" and len(args) >= 2:
        return _estimate_replace(text, *args)
    if name == "join" and args and isinstance(args[0], (list, tuple)):
        items = args[0]
        return sum(len(x) if isinstance(x, str) else 0 for x in items) + len(text) * len(items)
    return 0  # format and format_map: counted field by field (``wrap_str_format``)


def _estimate_join(value: Any, d: Any = "", *_a: Any, **_k: Any) -> int:
    if not isinstance(value, (list, tuple)):
        return 0
    return sum(len(x) if isinstance(x, str) else 0 for x in value) + len(str(d)) * len(value)


def _estimate_batch(value: Any, linecount: Any = 1, fill_with: Any = None, *_a: Any, **_k: Any) -> int:
    return _int(linecount) if fill_with is not None else 0


@pass_context
def _bounded(_context: Any, value: Any) -> Any:
    """The result of a ``~`` concatenation, refused when too long (its operands are bounded:
    the few of one expression cannot make it much longer)."""
    if _size(value) > MAX_VALUE_CHARS:
        raise _too_big("un assemblage (~)")
    return value


def _too_many_bits(what: str) -> TemplateLimit:
    text = f"le modèle calcule {what} de plus de {MAX_POWER_BITS:_} bits (explosion de taille ?)"
    return TemplateLimit(text.replace("_", " "))


class _Widths:
    """A formatter's fields, their widths added up as ``vformat`` resolves them (a nested
    width, ``{:{w}}`` or ``{:{0[1]}}``, is known only then)."""

    _used = 0

    def format_field(self, value: Any, format_spec: str) -> Any:
        self._used += _widths([format_spec]) + _size(value)
        if self._used > MAX_VALUE_CHARS:
            raise _too_big("avec « format » un texte")
        return super().format_field(value, format_spec)  # type: ignore[misc]


class _BoundedFormatter(_Widths, SandboxedFormatter):
    pass


class _BoundedEscapeFormatter(_Widths, SandboxedEscapeFormatter):
    pass


class _ConcatBound(NodeTransformer):
    """Every ``~`` concatenation of a template, its result checked by ``_bounded``."""

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return nodes.Filter(node, _BOUNDING_FILTER, [], [], None, None, lineno=node.lineno)


class ActegenSandbox(SandboxedEnvironment):
    """Jinja's sandbox, with every loop and call counted and the growing operators bounded."""

    intercepted_binops = frozenset({"*", "+", "**", "%"})

    def __init__(self, **options: Any):
        super().__init__(**options)
        self.filters[_COUNTING_FILTER] = _counted
        self.filters[_BOUNDING_FILTER] = _bounded
        for name, estimate in (
            ("center", _estimate_center),
            ("indent", _estimate_indent),
            ("replace", _estimate_replace),
            ("format", _estimate_format),
            ("join", _estimate_join),
            ("batch", _estimate_batch),
            ("slice", _estimate_batch),
        ):
            self.filters[name] = _guard_filter(name, self.filters[name], estimate)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """Jinja's sandboxed ``str.format`` and ``format_map``, with the widths counted."""
        methods = (types.MethodType, types.BuiltinMethodType)
        if not isinstance(value, methods) or value.__name__ not in ("format", "format_map"):
            return None
        text = value.__self__
        if not isinstance(text, str):
            return None
        is_format_map = value.__name__ == "format_map"

        def wrapper(*args: Any, **kwargs: Any) -> str:
            if is_format_map:
                if kwargs or len(args) != 1:
                    raise TypeError("format_map() takes exactly one argument")
                kwargs = args[0]
                args = ()
            formatter: SandboxedFormatter
            if isinstance(text, Markup):
                formatter = _BoundedEscapeFormatter(self, escape=text.escape)
            else:
                formatter = _BoundedFormatter(self)
            return type(text)(formatter.vformat(text, args, kwargs))

        return functools.update_wrapper(wrapper, value)

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        """Parse, then make every ``for`` loop iterate through the counting filter."""
        tree = super()._parse(source, name, filename)
        for loop in tree.find_all(nodes.For):
            loop.iter = nodes.Filter(loop.iter, _COUNTING_FILTER, [], [], None, None, lineno=loop.lineno)
        # ``a ~ b`` is no binary operator Jinja intercepts: its result goes through a bound
        _ConcatBound().visit(tree)
        return tree

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _step()
        owner = getattr(__obj, "__self__", None)
        name = getattr(__obj, "__name__", "")
        if isinstance(owner, str):  # padding, joining, formatting: sized before they run
            try:
                size = _estimate_str_method(owner, name, args, kwargs)
            except (TypeError, ValueError):
                size = 0  # the method itself will say what is wrong with its arguments
            if size > MAX_VALUE_CHARS:
                raise _too_big(f"avec « {name} » un texte")
        elif (
            isinstance(owner, list)
            and name == "extend"
            and args
            and len(owner) + _size(args[0]) > MAX_VALUE_CHARS
        ):
            raise _too_big("une liste")
        return super().call(__context, __obj, *args, **kwargs)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if _size(seq) and _int(times) > 0 and _size(seq) * _int(times) > MAX_VALUE_CHARS:
                    raise _too_big("une répétition")
            if abs(_int(left)).bit_length() + abs(_int(right)).bit_length() > MAX_POWER_BITS:
                raise _too_many_bits("un produit")
        elif operator == "%":
            if isinstance(left, str) and _estimate_percent(left, right) > MAX_VALUE_CHARS:
                raise _too_big("avec « % » un texte")
        elif operator == "+":
            if _size(left) + _size(right) > MAX_VALUE_CHARS:
                raise _too_big("un assemblage")
        elif operator == "**":
            base, exponent = _int(left), _int(right)
            if exponent > 0 and base and abs(base).bit_length() * exponent > MAX_POWER_BITS:
                raise _too_many_bits("une puissance")
        return super().call_binop(context, operator, left, right)


def address_space() -> int | None:
    """The process's virtual size in bytes (Linux), None elsewhere."""
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, ImportError):
        return None


@contextlib.contextmanager
def _memory_ceiling() -> Iterator[None]:
    """Cap the address space at the current size plus ``MEMORY_HEADROOM``, for a render."""
    size = address_space()
    if size is None:
        yield
        return
    import resource

    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        ceiling = size + MEMORY_HEADROOM
        if hard != resource.RLIM_INFINITY:
            ceiling = min(ceiling, hard)
        if soft != resource.RLIM_INFINITY and soft <= ceiling:
            yield  # already capped lower by whoever runs us
            return
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
    except (ValueError, OSError):
        yield
        return
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@contextlib.contextmanager
def guarded(budget: Budget | None = None) -> Iterator[Budget]:
    """Run one document's renders under a budget and the memory ceiling; a ``MemoryError``
    becomes a ``TemplateLimit``. Nested uses share the outer budget (a clause rendered
    while its acte is prepared counts for that acte); ``watch`` is told of the outer one."""
    outer = _BUDGET.get()
    if outer is not None:
        yield outer
        return
    budget = budget or Budget()
    token = _BUDGET.set(budget)
    if watch is not None:
        watch(True)
    try:
        with _memory_ceiling():
            yield budget
    except MemoryError:
        raise TemplateLimit(
            f"le modèle demande plus de {MEMORY_HEADROOM // 2**30} Gio de mémoire "
            "pour un document (explosion de taille ?)"
        ) from None
    finally:
        _BUDGET.reset(token)
        if watch is not None:
            watch(False)


def stream(template: jinja2.Template, context: dict[str, Any], *, limit: int | None = None) -> Iterator[str]:
    """The pieces of ``template`` rendered with ``context``, counted against ``limit``
    characters (the XML of one part; ``MAX_PART_BYTES``). To be consumed inside ``guarded()``."""
    produced, limit = 0, MAX_PART_BYTES if limit is None else limit
    for piece in template.generate(context):
        produced += len(piece)
        if produced > limit:
            raise TemplateLimit(PART_TOO_BIG.format(limit / 2**20))
        yield piece


def render_text(template: jinja2.Template, context: dict[str, Any], *, limit: int | None = None) -> str:
    """``template.render(context)`` under the size limit (inside ``guarded()``)."""
    return "".join(stream(template, context, limit=limit))
