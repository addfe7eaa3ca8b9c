"""A small, safe expression language for formula KPIs: KPI codes, numbers, + - * / and brackets.

The text is parsed with Python's ``ast`` and only those nodes are accepted; nothing is ever ``eval``-ed.
A missing operand (a figure that is not available) or a division by zero gives None, not an error.
"""

from __future__ import annotations

import ast
from decimal import Decimal, InvalidOperation

_OPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}


def _parse(text: str) -> ast.Expression:
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError:
        raise ValueError(f"Not a formula: {text!r}")
    for node in ast.walk(tree):
        if isinstance(node, ast.Expression | ast.BinOp | ast.UnaryOp | ast.Name | ast.Load):
            continue
        if isinstance(node, ast.operator) and type(node) in _OPS:
            continue
        if isinstance(node, ast.unaryop) and isinstance(node, ast.USub | ast.UAdd):
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float) and not isinstance(node.value, bool):
            continue
        raise ValueError(f"Only KPI codes, numbers, + - * / and brackets are allowed: {text!r}")
    return tree


def names(text: str) -> set[str]:
    """The KPI codes a formula uses (raises ValueError when it is not a formula)."""
    return {node.id for node in ast.walk(_parse(text)) if isinstance(node, ast.Name)}


def evaluate(text: str, values: dict[str, Decimal | None]) -> Decimal | None:
    """The formula's value over ``values`` (KPI code → value); None when an operand is missing or /0."""

    def walk(node) -> Decimal | None:
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant):
            return Decimal(str(node.value))
        if isinstance(node, ast.Name):
            value = values.get(node.id)
            return None if value is None else Decimal(value)
        if isinstance(node, ast.UnaryOp):
            inner = walk(node.operand)
            return None if inner is None else (-inner if isinstance(node.op, ast.USub) else inner)
        left, right = walk(node.left), walk(node.right)
        if left is None or right is None:
            return None
        op = _OPS[type(node.op)]
        if op == "+":
            return left + right
        if op == "-":
            return left - right
        if op == "*":
            return left * right
        if right == 0:
            return None
        try:
            return left / right
        except InvalidOperation:
            return None

    return walk(_parse(text))
