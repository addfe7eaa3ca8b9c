"""Reported lab values as they are written ("0.12", "<0.01", "未检出", ">2400") and their judgement against a limit.

Pure functions, no Django. A censored value is never turned into zero: "<0.01" stays "below 0.01", and a verdict
that its detection limit cannot decide is "inconclusive", not a pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

EQ, LT, GT, ND, DET = "eq", "lt", "gt", "nd", "det"
PASS, FAIL, INCONCLUSIVE, NONE = "pass", "fail", "inconclusive", "none"

_WIDE = str.maketrans({"＜": "<", "＞": ">", "≤": "<", "≦": "<", "≥": ">", "≧": ">", "．": ".", "－": "-", "　": " "})
# Words a lab writes for "not detected" / "absent", and for "detected" / "present" (Chinese and English).
NOT_DETECTED_WORDS = {
    "未检出",
    "未检测出",
    "nd",
    "n.d.",
    "not detected",
    "无",
    "无异臭、异味",
    "无异臭异味",
    "无异臭,异味",
    "未见",
    "未发现",
    "none",
    "absent",
}
DETECTED_WORDS = {"检出", "有", "detected", "present", "可见", "有异臭", "有异味"}
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_ND_WITH_LIMIT = re.compile(r"^(未检出|nd|n\.d\.)\s*[(（]\s*<\s*([^)）]+)[)）]$", re.IGNORECASE)


class ValueError_(ValueError):  # noqa: N801 (a ValueError with a reason code the callers translate)
    def __init__(self, reason: str, text: str):
        super().__init__(f"{reason}: {text!r}")
        self.reason = reason
        self.text = text


@dataclass(frozen=True)
class Measured:
    """One reported value: ``qualifier`` (eq, lt, gt, nd, det) and the number it carries (the detection limit for
    "<", nd when given)."""

    qualifier: str
    value: Decimal | None
    text: str

    @property
    def censored(self) -> bool:
        return self.qualifier != EQ


def to_decimal(text: str) -> Decimal:
    text = text.strip().translate(_WIDE).replace(",", "")
    if not _NUMBER.match(text):
        raise ValueError_("not_a_number", text)
    try:
        return Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover (the pattern already rules it out)
        raise ValueError_("not_a_number", text) from exc


def parse(raw, *, qualitative: bool = False) -> Measured:
    """Read a reported value. Raises ``ValueError_`` (reason ``empty`` or ``not_a_number``) for anything else."""
    if raw is None:
        raise ValueError_("empty", "")
    if isinstance(raw, int | float | Decimal) and not isinstance(raw, bool):
        return Measured(EQ, Decimal(str(raw)), str(raw))
    text = str(raw).strip()
    if not text:
        raise ValueError_("empty", text)
    norm = " ".join(text.translate(_WIDE).split())
    low = norm.lower()
    if low in NOT_DETECTED_WORDS:
        return Measured(ND, None, text)
    if low in DETECTED_WORDS:
        return Measured(DET, None, text)
    m = _ND_WITH_LIMIT.match(norm)
    if m:
        return Measured(ND, to_decimal(m.group(2)), text)
    if qualitative:
        raise ValueError_("not_a_number", text)
    if norm[0] in "<>":
        qualifier = LT if norm[0] == "<" else GT
        rest = norm[1:].lstrip("=").strip()
        return Measured(qualifier, to_decimal(rest), text)
    return Measured(EQ, to_decimal(norm), text)


def judge(measured: Measured, kind: str, lower: Decimal | None, upper: Decimal | None) -> str:
    """Pass, fail or inconclusive against one limit (kind max, min, range or not_detected); boundaries pass."""
    q, v = measured.qualifier, measured.value
    if kind == "not_detected":
        if q == ND:
            return PASS
        if q == DET:
            return FAIL
        if q == LT:  # below a detection limit: not detected
            return PASS
        return FAIL if v is not None and v > 0 else PASS
    verdicts = []
    if kind in ("max", "range") and upper is not None:
        verdicts.append(_against_upper(q, v, upper))
    if kind in ("min", "range") and lower is not None:
        verdicts.append(_against_lower(q, v, lower))
    if not verdicts:
        return NONE
    if FAIL in verdicts:
        return FAIL
    if INCONCLUSIVE in verdicts:
        return INCONCLUSIVE
    return PASS


def _against_upper(q, v, upper) -> str:
    if q == ND:
        return PASS
    if q == DET:
        return INCONCLUSIVE
    if q == EQ:
        return PASS if v <= upper else FAIL
    if q == LT:  # the true value is below v
        return PASS if v <= upper else INCONCLUSIVE
    # GT: the true value is above v
    return FAIL if v >= upper else INCONCLUSIVE


def _against_lower(q, v, lower) -> str:
    if q == ND:
        return FAIL
    if q == DET:
        return INCONCLUSIVE
    if q == EQ:
        return PASS if v >= lower else FAIL
    if q == LT:
        return FAIL if v <= lower else INCONCLUSIVE
    return PASS if v >= lower else INCONCLUSIVE


def numeric(measured: Measured) -> float | None:
    """A number to draw on a chart (a censored value at its detection limit, marked by the caller), or None."""
    return float(measured.value) if measured.value is not None else None


def describe_limit(kind: str, lower: Decimal | None, upper: Decimal | None) -> str:
    """The limit as printed in the standards' tables: "≤1", "≥0.3", "0.3~2", "不应检出"."""
    if kind == "not_detected":
        return "不应检出"
    if kind == "max":
        return f"≤{_fmt(upper)}"
    if kind == "min":
        return f"≥{_fmt(lower)}"
    return f"{_fmt(lower)}~{_fmt(upper)}"


def _fmt(value: Decimal | None) -> str:
    if value is None:
        return "?"
    text = format(value.normalize(), "f")
    return text
