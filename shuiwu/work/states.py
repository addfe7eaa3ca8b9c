"""The work-order state machine: every allowed transition, in one table.

new → dispatched → accepted → en route → on site → (paused) → completed → verified → closed;
cancelled from any open state, with a reason. A dispatcher may reassign a dispatched or accepted order
(dispatched → dispatched, accepted → dispatched); a paused order resumes to the state it paused from;
a completed order can go back on site for rework before it is verified.
"""

from dataclasses import dataclass

from shuiwu.work.choices import OPEN_STATES, State

# The permissions a transition needs (custom permissions of WorkOrder, see models.Meta).
DISPATCH = "work.dispatch_workorder"
WORK = "work.work_workorder"
VERIFY = "work.verify_workorder"


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    permission: str
    needs: tuple[str, ...] = ()
    stamp: str | None = None  # the milestone field set to the transition's time


_TABLE = [
    Transition(State.NEW, State.DISPATCHED, DISPATCH, ("team",), "dispatched_at"),
    Transition(State.DISPATCHED, State.DISPATCHED, DISPATCH, ("team",)),
    Transition(State.ACCEPTED, State.DISPATCHED, DISPATCH, ("team",)),
    Transition(State.DISPATCHED, State.ACCEPTED, WORK, (), "accepted_at"),
    Transition(State.ACCEPTED, State.EN_ROUTE, WORK, (), "en_route_at"),
    Transition(State.ACCEPTED, State.ON_SITE, WORK, (), "arrived_at"),
    Transition(State.EN_ROUTE, State.ON_SITE, WORK, (), "arrived_at"),
    Transition(State.ACCEPTED, State.PAUSED, WORK, ("reason",)),
    Transition(State.EN_ROUTE, State.PAUSED, WORK, ("reason",)),
    Transition(State.ON_SITE, State.PAUSED, WORK, ("reason",)),
    Transition(State.PAUSED, State.ACCEPTED, WORK),
    Transition(State.PAUSED, State.EN_ROUTE, WORK),
    Transition(State.PAUSED, State.ON_SITE, WORK),
    Transition(State.ON_SITE, State.COMPLETED, WORK, ("crew_size", "excavation"), "completed_at"),
    Transition(State.COMPLETED, State.ON_SITE, VERIFY, ("reason",)),
    Transition(State.COMPLETED, State.VERIFIED, VERIFY, (), "verified_at"),
    Transition(State.VERIFIED, State.CLOSED, VERIFY, (), "closed_at"),
    *[Transition(state, State.CANCELLED, DISPATCH, ("reason",), "cancelled_at") for state in sorted(OPEN_STATES)],
]

TRANSITIONS: dict[tuple[str, str], Transition] = {(t.source, t.target): t for t in _TABLE}


def allowed_targets(state: str) -> list[str]:
    return [t.target for t in _TABLE if t.source == state]


def find(source: str, target: str) -> Transition | None:
    return TRANSITIONS.get((source, target))
