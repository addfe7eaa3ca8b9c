"""Formula KPIs: + - * / and brackets over KPI codes, nothing else; a missing operand or /0 gives None."""

from decimal import Decimal

import pytest

from shuiwu.reports import formulas


def test_it_computes_over_codes():
    assert formulas.evaluate("tickets / accounts * 1000", {"tickets": 30, "accounts": 12000}) == Decimal("2.5")


def test_it_keeps_brackets_and_signs():
    assert formulas.evaluate("-(a - b) * 2 + 1", {"a": Decimal("1"), "b": Decimal("4")}) == Decimal("7")


def test_a_missing_operand_gives_none():
    assert formulas.evaluate("a / b", {"a": 1}) is None


def test_a_division_by_zero_gives_none():
    assert formulas.evaluate("a / b", {"a": 1, "b": 0}) is None


@pytest.mark.parametrize(
    "text", ["__import__('os').system('true')", "a.b", "a ** 2", "a if b else c", "[a]", "a < b", "'x'", "a(1)", "a;"]
)
def test_it_rejects_anything_else(text):
    with pytest.raises(ValueError):
        formulas.names(text)


def test_it_names_the_codes_used():
    assert formulas.names("rounds_done / rounds_planned * 100") == {"rounds_done", "rounds_planned"}
