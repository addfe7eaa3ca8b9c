"""The demo registry: each app registers the part of the demo city it builds.

``shuiwu demo`` runs the parts in dependency order. A part runs in its own
transaction and is marked built in the same transaction, so re-running the
demo skips what exists and a crash leaves no half-built part behind.
"""

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from graphlib import TopologicalSorter

from django.db import transaction


@dataclass
class DemoContext:
    """What the parts share: a seeded random generator, an output and a scratch dict."""

    seed: int = 20260701
    out: Callable[[str], None] = print
    shared: dict = field(default_factory=dict)

    def rng(self, part: str) -> random.Random:
        # One generator per part, so a part's data does not depend on the others.
        return random.Random(f"{self.seed}:{part}")


@dataclass(frozen=True)
class DemoPartSpec:
    name: str
    build: Callable[[DemoContext], dict | None]
    after: tuple[str, ...]
    label: str


_parts: dict[str, DemoPartSpec] = {}


def part(name: str, *, after: tuple[str, ...] = (), label: str = ""):
    """Register ``build(ctx)`` as the demo part ``name``, built after the parts in ``after``."""

    def decorate(func):
        _parts[name] = DemoPartSpec(name=name, build=func, after=tuple(after), label=label or name)
        return func

    return decorate


def parts() -> list[DemoPartSpec]:
    """Registered parts in dependency order."""
    graph = {name: {a for a in spec.after if a in _parts} for name, spec in _parts.items()}
    return [_parts[name] for name in TopologicalSorter(graph).static_order()]


def build(ctx: DemoContext | None = None, only: set[str] | None = None) -> dict[str, dict]:
    """Build every part that is not built yet; return {part: summary} of those built now."""
    from shuiwu.core.context import change_context
    from shuiwu.core.models import DemoPart

    ctx = ctx or DemoContext()
    done = set(DemoPart.objects.values_list("name", flat=True))
    built: dict[str, dict] = {}
    for spec in parts():
        if only is not None and spec.name not in only:
            continue
        if spec.name in done:
            ctx.out(f"  · {spec.label}: already built")
            continue
        started = time.perf_counter()
        with transaction.atomic(), change_context(source="system"):
            summary = spec.build(ctx) or {}
            seconds = time.perf_counter() - started
            DemoPart.objects.create(name=spec.name, seconds=seconds, summary=summary)
        built[spec.name] = summary
        figures = ", ".join(f"{k} {v}" for k, v in summary.items())
        ctx.out(f"  ✓ {spec.label} ({seconds:.1f} s){': ' + figures if figures else ''}")
    return built
