"""The application state machine: every allowed transition, in one table.

received → in progress (the intake step is done: the documents must be complete) → … one step after another …
→ completed (the last step is done and the change runs). Rejected (with the reason) or cancelled (by the
applicant) from either open state. An application of a one-step type completes straight from received.
"""

from dataclasses import dataclass

from shuiwu.service.choices import Status

CHANGE = "service.change_application"
COMPLETE = "service.complete_application"


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    permission: str
    needs: tuple[str, ...] = ()


_TABLE = [
    Transition(Status.RECEIVED, Status.IN_PROGRESS, CHANGE, ("documents", "not_last_step")),
    Transition(Status.IN_PROGRESS, Status.IN_PROGRESS, CHANGE, ("not_last_step",)),
    Transition(Status.RECEIVED, Status.COMPLETED, COMPLETE, ("documents", "last_step")),
    Transition(Status.IN_PROGRESS, Status.COMPLETED, COMPLETE, ("last_step",)),
    Transition(Status.RECEIVED, Status.REJECTED, CHANGE, ("reason",)),
    Transition(Status.IN_PROGRESS, Status.REJECTED, CHANGE, ("reason",)),
    Transition(Status.RECEIVED, Status.CANCELLED, CHANGE, ("reason",)),
    Transition(Status.IN_PROGRESS, Status.CANCELLED, CHANGE, ("reason",)),
]

TRANSITIONS: dict[tuple[str, str], Transition] = {(t.source, t.target): t for t in _TABLE}


def allowed_targets(state: str) -> list[str]:
    return [t.target for t in _TABLE if t.source == state]


def find(source: str, target: str) -> Transition | None:
    return TRANSITIONS.get((source, target))
