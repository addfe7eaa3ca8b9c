"""The state machine: allowed transitions, refused ones (409 with the reason), who may do what."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from shuiwu.core.exceptions import ConflictError
from shuiwu.work import services, states
from shuiwu.work.choices import OPEN_STATES, Category, State, TicketStatus
from shuiwu.work.tests.factories import call, order


def _walk(wo, dispatcher, crew_user, team, until):
    path = [
        State.DISPATCHED,
        State.ACCEPTED,
        State.EN_ROUTE,
        State.ON_SITE,
        State.COMPLETED,
        State.VERIFIED,
        State.CLOSED,
    ]
    for target in path:
        user = crew_user if target in (State.ACCEPTED, State.EN_ROUTE, State.ON_SITE, State.COMPLETED) else dispatcher
        completion = services.Completion(crew_size=3, excavation=True) if target == State.COMPLETED else None
        wo = services.transition(
            wo, target, user=user, team=team if target == State.DISPATCHED else None, completion=completion
        )
        if target == until:
            break
    return wo


def test_the_whole_path_records_who_and_when(supply_dispatcher, crew_user, repair_team):
    ticket = call(supply_dispatcher, open_order=True)
    wo = ticket.work_order
    wo = _walk(wo, supply_dispatcher, crew_user, repair_team, State.CLOSED)
    assert wo.state == State.CLOSED
    events = list(wo.events.values_list("from_state", "to_state", "user__username"))
    assert [e[1] for e in events] == [
        "new",
        "dispatched",
        "accepted",
        "en_route",
        "on_site",
        "completed",
        "verified",
        "closed",
    ]
    assert events[2][2] == crew_user.username and events[1][2] == supply_dispatcher.username
    for stamp in (
        "dispatched_at",
        "accepted_at",
        "en_route_at",
        "arrived_at",
        "completed_at",
        "verified_at",
        "closed_at",
    ):
        assert getattr(wo, stamp) is not None, stamp
    assert wo.crew_size == 3 and wo.excavation is True
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.CLOSED and ticket.caller_informed_at is not None


def test_an_illegal_transition_is_refused_with_the_reason(supply_dispatcher):
    wo = order(supply_dispatcher)
    with pytest.raises(ConflictError) as info:
        services.transition(wo, State.COMPLETED, user=supply_dispatcher)
    assert info.value.extra["allowed"] == states.allowed_targets(State.NEW)


def test_every_open_state_can_be_cancelled_with_a_reason():
    for state in OPEN_STATES:
        rule = states.find(state, State.CANCELLED)
        assert rule is not None and "reason" in rule.needs
    for state in (State.COMPLETED, State.VERIFIED, State.CLOSED, State.CANCELLED):
        assert states.find(state, State.CANCELLED) is None


def test_cancelling_needs_a_reason_and_frees_the_calls(supply_dispatcher):
    ticket = call(supply_dispatcher, open_order=True)
    wo = ticket.work_order
    with pytest.raises(ValidationError) as info:
        services.transition(wo, State.CANCELLED, user=supply_dispatcher)
    assert "reason" in info.value.message_dict
    wo = services.transition(wo, State.CANCELLED, user=supply_dispatcher, reason="重复工单")
    assert wo.cancel_reason == "重复工单" and wo.cancelled_at
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.OPEN and ticket.work_order is None


def test_dispatch_needs_a_team_of_the_same_company(supply_dispatcher, companies):
    from shuiwu.work.tests.factories import crew

    wo = order(supply_dispatcher)
    with pytest.raises(ValidationError) as info:
        services.transition(wo, State.DISPATCHED, user=supply_dispatcher)
    assert "team" in info.value.message_dict
    sewer_team = crew(companies["SEWAGE"], "S1")
    with pytest.raises(ValidationError):
        services.transition(wo, State.DISPATCHED, user=supply_dispatcher, team=sewer_team)


def test_completion_needs_crew_size_and_excavation(supply_dispatcher, crew_user, repair_team):
    wo = _walk(order(supply_dispatcher), supply_dispatcher, crew_user, repair_team, State.ON_SITE)
    with pytest.raises(ValidationError) as info:
        services.transition(wo, State.COMPLETED, user=crew_user, completion=services.Completion())
    assert {"crew_size", "excavation"} <= set(info.value.message_dict)


def test_a_crew_works_only_on_its_own_orders(supply_dispatcher, crew_user, repair_team, other_team):
    wo = services.transition(order(supply_dispatcher), State.DISPATCHED, user=supply_dispatcher, team=other_team)
    with pytest.raises(PermissionDenied):
        services.transition(wo, State.ACCEPTED, user=crew_user)


def test_a_crew_member_cannot_dispatch(supply_dispatcher, crew_user, repair_team):
    wo = order(supply_dispatcher)
    with pytest.raises(PermissionDenied):
        services.transition(wo, State.DISPATCHED, user=crew_user, team=repair_team)


def test_reassign_moves_the_order_to_another_team(supply_dispatcher, repair_team, other_team):
    wo = services.transition(order(supply_dispatcher), State.DISPATCHED, user=supply_dispatcher, team=repair_team)
    wo = services.transition(wo, State.DISPATCHED, user=supply_dispatcher, team=other_team)
    assert wo.team == other_team
    assert list(wo.events.values_list("to_state", flat=True)) == ["new", "dispatched", "dispatched"]


def test_a_paused_order_resumes_to_where_it_was(supply_dispatcher, crew_user, repair_team):
    wo = _walk(order(supply_dispatcher), supply_dispatcher, crew_user, repair_team, State.ON_SITE)
    wo = services.transition(wo, State.PAUSED, user=crew_user, reason="等待道路开挖许可")
    with pytest.raises(ConflictError):
        services.transition(wo, State.EN_ROUTE, user=crew_user)
    wo = services.transition(wo, State.ON_SITE, user=crew_user)
    assert wo.state == State.ON_SITE and wo.paused_at is None


def test_rework_sends_a_completed_order_back_on_site(supply_dispatcher, crew_user, repair_team):
    wo = _walk(order(supply_dispatcher), supply_dispatcher, crew_user, repair_team, State.COMPLETED)
    wo = services.transition(wo, State.ON_SITE, user=supply_dispatcher, reason="仍有渗漏")
    assert wo.state == State.ON_SITE and wo.completed_at is None


def test_a_stale_version_is_refused(supply_dispatcher, repair_team, other_team):
    wo = order(supply_dispatcher)
    stale = type(wo).objects.get(pk=wo.pk)
    services.transition(wo, State.DISPATCHED, user=supply_dispatcher, team=repair_team)
    with pytest.raises(ConflictError) as info:
        services.transition(stale, State.DISPATCHED, user=supply_dispatcher, team=other_team)
    assert info.value.extra["state"] == State.DISPATCHED


def test_a_sewer_call_goes_to_the_sewage_company(hotline_operator, companies):
    ticket = call(hotline_operator, category=Category.SEWER_BLOCKAGE, open_order=True)
    assert ticket.company == companies["SEWAGE"]
    assert ticket.work_order.company == companies["SEWAGE"]
    assert ticket.work_order.order_type == "sewer"
