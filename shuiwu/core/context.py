"""Who is changing things right now: the actor and request id the change log records."""

import uuid
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ChangeContext:
    user: object | None = None
    source: str = "system"
    request_id: uuid.UUID = field(default_factory=uuid.uuid4)


_current: ContextVar[ChangeContext | None] = ContextVar("shuiwu_change_context", default=None)


def current() -> ChangeContext:
    ctx = _current.get()
    return ctx if ctx is not None else ChangeContext()


@contextmanager
def change_context(user=None, source: str = "system"):
    """Group every change made inside the block under one request id and actor."""
    token = _current.set(ChangeContext(user=user, source=source))
    try:
        yield _current.get()
    finally:
        _current.reset(token)
