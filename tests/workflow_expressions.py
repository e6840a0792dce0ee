"""A small evaluator of GitHub Actions expressions, enough to check a workflow's conditions.

Covers what release.yml uses: literals ('text', true, false, null, numbers), context paths
(`runner.os`, `env.HAS_APPLE_ID`, `secrets.X`), `!`, `==`, `!=`, `&&`, `||`, parentheses and
`startsWith`. Semantics as GitHub documents them: string comparison ignores case, a missing
property is null, `&&`/`||` return an operand, and a value stored into `env` becomes a string
(`true`/`false` for booleans). Anything else raises, so a condition this cannot read fails the
test instead of passing it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

TOKEN = re.compile(
    r"\s*(?:(?P<string>'(?:[^']|'')*')|(?P<number>-?\d+(?:\.\d+)?)|(?P<op>==|!=|&&|\|\||[!(),])"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_\-]*(?:\.[A-Za-z_][A-Za-z0-9_\-]*)*))"
)


def tokens(expression: str) -> list[tuple[str, str]]:
    found, position = [], 0
    expression = expression.strip()
    while position < len(expression):
        match = TOKEN.match(expression, position)
        if match is None or match.end() == position:
            raise ValueError(f"cannot read {expression[position:]!r} in {expression!r}")
        kind = match.lastgroup
        assert kind is not None
        found.append((kind, match.group(kind)))
        position = match.end()
    return found


def truthy(value: Any) -> bool:
    return value not in (None, False, 0, "") and value == value


def loose_equal(left: Any, right: Any) -> bool:
    if isinstance(left, str) and isinstance(right, str):
        return left.casefold() == right.casefold()
    if type(left) is not type(right):
        return _number(left) == _number(right)
    return bool(left == right)


def _number(value: Any) -> float:
    if value is None or value is False or value == "":
        return 0.0
    if value is True:
        return 1.0
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("nan")


class Parser:
    def __init__(self, expression: str, contexts: Mapping[str, Any]):
        self.items = tokens(expression)
        self.position = 0
        self.contexts = contexts

    def peek(self) -> str | None:
        return self.items[self.position][1] if self.position < len(self.items) else None

    def take(self) -> tuple[str, str]:
        item = self.items[self.position]
        self.position += 1
        return item

    def parse(self) -> Any:
        value = self.either()
        if self.position != len(self.items):
            raise ValueError(f"unexpected {self.peek()!r}")
        return value

    def either(self) -> Any:
        value = self.both()
        while self.peek() == "||":
            self.take()
            right = self.both()
            value = value if truthy(value) else right
        return value

    def both(self) -> Any:
        value = self.comparison()
        while self.peek() == "&&":
            self.take()
            right = self.comparison()
            value = right if truthy(value) else value
        return value

    def comparison(self) -> Any:
        value = self.unary()
        while self.peek() in ("==", "!="):
            operator = self.take()[1]
            equal = loose_equal(value, self.unary())
            value = equal if operator == "==" else not equal
        return value

    def unary(self) -> Any:
        if self.peek() == "!":
            self.take()
            return not truthy(self.unary())
        return self.primary()

    def primary(self) -> Any:
        kind, text = self.take()
        if text == "(":
            value = self.either()
            self.expect(")")
            return value
        if kind == "string":
            return text[1:-1].replace("''", "'")
        if kind == "number":
            return float(text)
        if text in ("true", "false"):
            return text == "true"
        if text == "null":
            return None
        if kind == "name" and self.peek() == "(":
            return self.call(text)
        if kind == "name":
            return self.lookup(text)
        raise ValueError(f"unexpected {text!r}")

    def expect(self, text: str) -> None:
        if self.peek() != text:
            raise ValueError(f"expected {text!r}, found {self.peek()!r}")
        self.take()

    def call(self, name: str) -> Any:
        self.expect("(")
        arguments = [self.either()]
        while self.peek() == ",":
            self.take()
            arguments.append(self.either())
        self.expect(")")
        if name.casefold() == "startswith" and len(arguments) == 2:
            return str(arguments[0]).casefold().startswith(str(arguments[1]).casefold())
        raise ValueError(f"function {name} is not supported here")

    def lookup(self, path: str) -> Any:
        head, *rest = path.split(".")
        if head not in self.contexts:
            raise ValueError(f"context {head!r} is not given")
        value: Any = self.contexts[head]
        for part in rest:
            value = value.get(part) if isinstance(value, Mapping) else None
        return value


def evaluate(expression: str, contexts: Mapping[str, Any]) -> Any:
    """The value of an expression; `${{ … }}` around it is optional (as in `if:`)."""
    inner = expression.strip()
    if inner.startswith("${{") and inner.endswith("}}"):
        inner = inner[3:-2]
    return Parser(inner, contexts).parse()


def as_env_value(value: Any) -> str:
    """How GitHub stores an expression's value into `env`."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def render_env(env: Mapping[str, str], contexts: Mapping[str, Any]) -> dict[str, str]:
    """Job-level `env:` values as a runner sees them (each a whole `${{ … }}` or plain text)."""
    rendered = {}
    for name, value in env.items():
        text = str(value).strip()
        whole = text.startswith("${{") and text.endswith("}}") and text.count("${{") == 1
        rendered[name] = as_env_value(evaluate(text, contexts)) if whole else text
    return rendered
