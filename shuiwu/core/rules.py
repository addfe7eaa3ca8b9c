"""Rules as data: figures from the standards and local policies, with defaults declared by the apps.

An app declares each rule once (key, default, source, whether it is local policy); ``value(key)`` returns
the row an administrator saved in the admin, else the declared default. ``seed()`` writes the declared
defaults as rows so they can be seen and edited.
"""

import time
from dataclasses import dataclass


@dataclass(frozen=True)
class RuleSpec:
    key: str
    default: object
    source: str
    local_policy: bool
    description: str = ""


_declared: dict[str, RuleSpec] = {}
# Rules are read on hot paths (an SLA state per listed order): keep values a few seconds per process;
# saving a rule drops them at once (core.apps connects ``forget`` to the Rule model's signals).
_TTL_SECONDS = 5.0
_cache: dict[str, tuple[float, object]] = {}


def declare(key: str, default, *, source: str, local_policy: bool, description: str = "") -> RuleSpec:
    spec = RuleSpec(key, default, source, local_policy, description)
    _declared[key] = spec
    return spec


def declared() -> dict[str, RuleSpec]:
    return dict(_declared)


def value(key: str):
    """The rule's current value: the saved row, else the declared default."""
    from shuiwu.core.models import Rule

    if key not in _declared:
        raise KeyError(f"undeclared rule {key!r}")
    hit = _cache.get(key)
    now = time.monotonic()
    if hit is not None and now - hit[0] < _TTL_SECONDS:
        return hit[1]
    row = Rule.objects.filter(key=key).values_list("value", flat=True).first()
    result = _declared[key].default if row is None else row
    _cache[key] = (now, result)
    return result


def forget(*args, **kwargs) -> None:
    """Drop the cached values (connected to the Rule model's save and delete)."""
    _cache.clear()


def seed() -> int:
    """Write every declared rule that has no row yet; the number written."""
    from shuiwu.core.models import Rule

    existing = set(Rule.objects.values_list("key", flat=True))
    made = 0
    for spec in _declared.values():
        if spec.key not in existing:
            Rule.objects.create(key=spec.key, value=spec.default, source=spec.source, local_policy=spec.local_policy)
            made += 1
    return made
