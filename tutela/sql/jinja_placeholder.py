"""The Jinja ``Undefined`` that dbt rendering uses for unknown macros and variables.

A placeholder stands for a value tutela does not know: an unknown macro or variable, the
result of calling one, an attribute or item of one, and ``var()``/``env_var()`` without a
value. Printed (inside ``{{ }}``) it is an identifier, so the table or column it stands for
shows up as an unknown one. Anything that would let it decide *which* SQL is rendered
(iterating, testing for truth, length, ``in``, comparing, arithmetic, ``|default``, any
``is`` test: ``is defined``, ``is none``, ``is true``...) raises :class:`PlaceholderDecides`:
guessing there (an empty loop, a false ``if``) would silently drop SQL, and with it the
personal data it reads.

A module of its own so that :mod:`tutela.sql.dbt` imports Jinja only when it renders a model.

Example:
    >>> from jinja2.sandbox import SandboxedEnvironment
    >>> env = SandboxedEnvironment(undefined=Placeholder)
    >>> env.from_string("select {{ dbt_utils.star(x) }}").render()
    'select tutela_macro_dbt_utils_star'
    >>> env.from_string("{% for c in cols() %}{{ c }}{% endfor %}").render()
    Traceback (most recent call last):
    ...
    tutela.sql.jinja_placeholder.PlaceholderDecides: cols() is iterated over
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any, NoReturn

import jinja2
from jinja2.utils import missing, object_type_repr


class PlaceholderDecides(jinja2.UndefinedError):
    """A placeholder was used where its value decides which SQL is rendered."""

    def __init__(self, placeholder: Placeholder | DataValue, use: str) -> None:
        self.expression = placeholder.tutela_expression
        self.kind = placeholder.tutela_kind
        self.use = use
        super().__init__(f"{self.expression} is {use}")


def _refuse(use: str) -> Callable[..., NoReturn]:
    def refuse(self: Placeholder, *args: Any, **kwargs: Any) -> NoReturn:
        raise PlaceholderDecides(self, use)

    return refuse


_PROBED = frozenset({"unsafe_callable", "alters_data", "jinja_pass_arg", "jinja_async_variant"})


class Absent(jinja2.Undefined):
    """A key or attribute that a known value lacks (``column.alias`` of a YAML dict).

    Not an unknown: the value is known and has no such key, so it is undefined exactly as in
    dbt (``|default`` applies, ``is defined`` is false, it prints as nothing).
    """

    __slots__ = ()


class Placeholder(jinja2.Undefined):
    """Unknown macros and variables: render as an identifier, never guess a value."""

    __slots__ = ("tutela_expression", "tutela_kind", "tutela_parts")

    def __new__(cls, hint: str | None = None, obj: Any = missing, *args: Any, **kwargs: Any) -> Any:
        if cls is Placeholder and obj is not missing and not isinstance(obj, jinja2.Undefined):
            absent = jinja2.Undefined.__new__(Absent)
            name = args[0] if args else kwargs.get("name")
            jinja2.Undefined.__init__(absent, hint, obj, name)
            return absent
        return super().__new__(cls)

    def __init__(
        self,
        hint: str | None = None,
        obj: Any = missing,
        name: str | None = None,
        exc: type[jinja2.exceptions.TemplateRuntimeError] = jinja2.UndefinedError,
        *,
        kind: str = "macro",
        parts: tuple[str, ...] | None = None,
        expression: str | None = None,
    ) -> None:
        super().__init__(hint, obj, name, exc)
        self.tutela_kind = kind
        self.tutela_parts = parts if parts is not None else (str(name or "value"),)
        if expression is None and obj is not missing:  # `target.nme`: a missing attribute
            expression = f"attribute {name!r} of a {object_type_repr(obj)}"
        self.tutela_expression = expression or ".".join(self.tutela_parts)

    def _child(self, part: str, expression: str) -> Placeholder:
        return Placeholder(
            name=part,
            kind=self.tutela_kind,
            parts=(*self.tutela_parts, part),
            expression=expression,
        )

    def __str__(self) -> str:
        name = re.sub(r"[^A-Za-z0-9_]", "_", "_".join(self.tutela_parts))
        return f"tutela_{self.tutela_kind}_{name}"

    def __call__(self, *args: Any, **kwargs: Any) -> Placeholder:  # type: ignore[override]
        return Placeholder(
            name=self._undefined_name,
            kind=self.tutela_kind,
            parts=self.tutela_parts,
            expression=self.tutela_expression + "()",
        )

    def __getattr__(self, name: str) -> Any:
        # Jinja and its sandbox probe callables for these flags; a placeholder has none.
        if name.startswith("_") or name in _PROBED:
            raise AttributeError(name)
        return self._child(name, f"{self.tutela_expression}.{name}")

    def __getitem__(self, key: Any) -> Placeholder:  # type: ignore[override]
        return self._child(str(key), f"{self.tutela_expression}[{key!r}]")

    # Jinja's Undefined hashes by type; defining __eq__ below would otherwise unset it.
    __hash__ = jinja2.Undefined.__hash__

    __iter__ = _refuse("iterated over")
    __reversed__ = _refuse("iterated over")
    __bool__ = _refuse("tested for truth")
    __len__ = _refuse("measured (length)")
    __contains__ = _refuse("searched (`in`)")
    __eq__ = __ne__ = _refuse("compared")
    __lt__ = __le__ = __gt__ = __ge__ = _refuse("compared")
    __add__ = __radd__ = __sub__ = __rsub__ = _refuse("used in arithmetic")
    __mul__ = __rmul__ = __div__ = __rdiv__ = _refuse("used in arithmetic")
    __truediv__ = __rtruediv__ = __floordiv__ = __rfloordiv__ = _refuse("used in arithmetic")
    __mod__ = __rmod__ = __pow__ = __rpow__ = __pos__ = __neg__ = _refuse("used in arithmetic")
    __int__ = __float__ = __complex__ = __index__ = _refuse("converted to a number")


def _refuse_data(use: str) -> Callable[..., NoReturn]:
    def refuse(self: DataValue, *args: Any, **kwargs: Any) -> NoReturn:
        raise PlaceholderDecides(self, use)

    return refuse


def _keep_data(method: Callable[..., str]) -> Callable[..., DataValue]:
    @functools.wraps(method)
    def keep(self: DataValue, *args: Any, **kwargs: Any) -> DataValue:
        return DataValue(method(self, *args, **kwargs), self.tutela_source)

    return keep


DATA_PREFIX = "tutela_data_"


def data_name(label: Any) -> str:
    """The text a data value prints: ``tutela_data_`` and ``label`` as an identifier.

    >>> data_name("Metafield Reference")
    'tutela_data_metafield_reference'
    """
    return DATA_PREFIX + re.sub(r"[^A-Za-z0-9_]", "_", str(label)).lower()


class DataValue(str):
    """A value only the warehouse holds (``dbt_utils.get_column_values``): text, not a decision.

    It prints as its text (``tutela_data_<column>``), so a pivot over the values renders one
    column that stands for all of them and reads what the pivot reads. String filters and
    methods (``lower``, ``trim``, ``replace``, slicing) keep it a data value; comparing it,
    ``in`` with it on either side, ``startswith``/``endswith`` raise
    :class:`PlaceholderDecides`, as a placeholder does: there the real values would decide
    which SQL runs.

    >>> value = DataValue("tutela_data_key", "values(t, 'key')")
    >>> f"max(case when key = '{value.upper().lower()}' then v end) as {value}"
    "max(case when key = 'tutela_data_key' then v end) as tutela_data_key"
    >>> value.lower() in ["email"]
    Traceback (most recent call last):
    ...
    tutela.sql.jinja_placeholder.PlaceholderDecides: a value of values(t, 'key') is compared
    """

    tutela_kind = "data"
    tutela_source: str
    tutela_expression: str

    def __new__(cls, text: str, source: str) -> DataValue:
        value = super().__new__(cls, text)
        value.tutela_source = source  # the call that would read the values
        value.tutela_expression = f"a value of {source}"
        return value

    def __str__(self) -> str:
        return self  # str() and Jinja's filters keep the mark

    __hash__ = str.__hash__
    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = _refuse_data("compared")
    __contains__ = _refuse_data("searched (`in`)")
    startswith = endswith = _refuse_data("compared")
    lower = _keep_data(str.lower)
    upper = _keep_data(str.upper)
    strip = _keep_data(str.strip)
    lstrip = _keep_data(str.lstrip)
    rstrip = _keep_data(str.rstrip)
    replace = _keep_data(str.replace)
    title = _keep_data(str.title)
    capitalize = _keep_data(str.capitalize)
    casefold = _keep_data(str.casefold)

    def __getitem__(self, key: Any) -> DataValue:
        return DataValue(str.__getitem__(self, key), self.tutela_source)


def _default(value: Any, default_value: Any = "", boolean: bool = False) -> Any:
    if isinstance(value, Placeholder):
        raise PlaceholderDecides(value, "given to |default")
    return jinja2.filters.do_default(value, default_value, boolean)


def _defined(value: Any, use: str = "tested with `is defined`") -> bool:
    if isinstance(value, Placeholder):
        raise PlaceholderDecides(value, use)
    return not isinstance(value, jinja2.Undefined)


def _guarded(name: str, test: Any) -> Callable[..., Any]:
    # Every `is` test answers a question about its value, and an `{% if %}` acts on the answer:
    # `is none`, `is true`, `is string`, `is sameas` on a placeholder would answer for a value
    # tutela does not know (`{% if var('x') is not none %}` would keep its body).
    @functools.wraps(test)  # keeps Jinja's pass_environment / pass_context marks
    def guarded(*args: Any, **kwargs: Any) -> Any:
        for value in (*args, *kwargs.values()):
            if isinstance(value, Placeholder):
                raise PlaceholderDecides(value, f"tested with `is {name}`")
        return test(*args, **kwargs)

    return guarded


def _is_data(value: Any) -> bool:
    return isinstance(value, DataValue)


def keep_data_in_loop_filters(tree: jinja2.nodes.Template) -> jinja2.nodes.Template:
    """``{% for v in values if test(v) %}``: a :class:`DataValue` ``v`` passes the filter.

    The filter would compare the data, so it cannot be answered; but the body rendered for
    the one value that stands for all is what the loop renders for any of them, and a
    filter that rejects renders nothing: keeping the value reads at least what the real
    loop reads. Not so with ``{% else %}`` (rendered only when nothing passed) or
    ``recursive``: those loops are left as they are and their filter fails closed.

    >>> from jinja2.sandbox import SandboxedEnvironment
    >>> env = SandboxedEnvironment()
    >>> install(env)
    >>> tree = keep_data_in_loop_filters(env.parse(
    ...     "{% for v in vs if v in ['a'] %}[{{ v }}]{% endfor %}"))
    >>> env.from_string(tree).render(vs=[DataValue("tutela_data_x", "q()"), "a", "b"])
    '[tutela_data_x][a]'
    """
    nodes = jinja2.nodes
    for loop in tree.find_all(nodes.For):
        if loop.test is None or loop.else_ or loop.recursive:
            continue
        check: Any = None
        for target in [loop.target, *loop.target.find_all(nodes.Name)]:
            if isinstance(target, nodes.Name):
                name = nodes.Name(target.name, "load")
                test = nodes.Test(name, "tutela_data", [], [], None, None)
                check = test if check is None else nodes.Or(check, test)
        if check is not None:
            loop.test = nodes.Or(check, loop.test).set_lineno(loop.test.lineno)
    return tree


def install(env: jinja2.Environment) -> None:
    """Make ``env`` render unknowns as placeholders and refuse filters and tests that guess."""
    env.undefined = Placeholder
    env.filters["default"] = env.filters["d"] = _default
    for name, test in list(env.tests.items()):
        env.tests[name] = _guarded(name, test)
    env.tests["defined"] = _defined
    env.tests["undefined"] = lambda value: not _defined(value, "tested with `is undefined`")
    env.tests["tutela_data"] = _is_data  # keep_data_in_loop_filters
