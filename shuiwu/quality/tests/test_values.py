"""Reported values: censored and qualitative values are kept as such, never as zero, and judged honestly."""

from decimal import Decimal

import pytest

from shuiwu.quality import values


@pytest.mark.parametrize(
    "text,qualifier,value",
    [
        ("0.12", "eq", Decimal("0.12")),
        ("<0.01", "lt", Decimal("0.01")),
        ("＜0.01", "lt", Decimal("0.01")),
        ("< 0.005", "lt", Decimal("0.005")),
        ("≤0.01", "lt", Decimal("0.01")),
        (">2400", "gt", Decimal("2400")),
        ("未检出", "nd", None),
        ("ND", "nd", None),
        ("未检出(<1)", "nd", Decimal("1")),
        ("无", "nd", None),
        ("检出", "det", None),
        ("1,000", "eq", Decimal("1000")),
    ],
)
def test_it_reads(text, qualifier, value):
    measured = values.parse(text)
    assert (measured.qualifier, measured.value) == (qualifier, value)


@pytest.mark.parametrize("text", ["abc", "0.1.2", "<", "", "  ", "1e", "--1"])
def test_it_refuses_what_is_not_a_value(text):
    with pytest.raises(values.ValueError_):
        values.parse(text)


def test_a_censored_value_is_not_zero():
    measured = values.parse("<0.01")
    assert measured.censored
    assert measured.value == Decimal("0.01")  # the detection limit, not 0
    assert values.numeric(values.parse("未检出")) is None


@pytest.mark.parametrize(
    "text,kind,lower,upper,verdict",
    [
        ("1", "max", None, "1", "pass"),  # the boundary passes
        ("1.01", "max", None, "1", "fail"),
        ("<0.01", "max", None, "0.01", "pass"),
        ("<0.05", "max", None, "0.01", "inconclusive"),  # detection limit above the limit
        (">2", "max", None, "2", "fail"),
        (">1", "max", None, "2", "inconclusive"),
        ("未检出", "max", None, "100", "pass"),
        ("0.03", "range", "0.05", "2", "fail"),
        ("<0.05", "range", "0.05", "2", "fail"),  # below the lower limit for sure
        ("<0.1", "range", "0.05", "2", "inconclusive"),
        ("未检出", "min", "0.05", None, "fail"),
        ("0.3", "range", "0.3", "2", "pass"),
        ("未检出", "not_detected", None, None, "pass"),
        ("<1", "not_detected", None, None, "pass"),
        ("2", "not_detected", None, None, "fail"),
        ("检出", "not_detected", None, None, "fail"),
        ("0", "not_detected", None, None, "pass"),
    ],
)
def test_it_judges(text, kind, lower, upper, verdict):
    lo = Decimal(lower) if lower else None
    hi = Decimal(upper) if upper else None
    assert values.judge(values.parse(text), kind, lo, hi) == verdict


def test_the_limit_reads_as_printed():
    assert values.describe_limit("max", None, Decimal("1.0")) == "≤1"
    assert values.describe_limit("range", Decimal("6.5"), Decimal("8.5")) == "6.5~8.5"
    assert values.describe_limit("not_detected", None, None) == "不应检出"
