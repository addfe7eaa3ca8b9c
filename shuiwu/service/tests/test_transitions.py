"""The state machine: steps in order, completion only at the last step, closed applications stay closed."""

import pytest
from django.core.exceptions import ValidationError

from shuiwu.core.exceptions import ConflictError
from shuiwu.service import services
from shuiwu.service.choices import RejectionReason, Status
from shuiwu.service.models import Application
from shuiwu.service.tests.factories import receive

CONNECTION = {"address": "测试路8号", "use_type": "residential"}


def test_advance_finishes_the_step_and_starts_the_next(window_clerk, hall):
    app = services.advance(receive(window_clerk, "NEW-WORKS", hall, details=CONNECTION), user=window_clerk)
    assert (app.status, app.current_step) == (Status.IN_PROGRESS, 1)
    first, second = app.steps.order_by("order")[:2]
    assert first.finished_at is not None and first.finished_by == window_clerk
    assert second.started_at is not None and second.due_on is not None


def test_it_cannot_complete_before_the_last_step(window_clerk, hall):
    app = receive(window_clerk, "NEW-WORKS", hall, details=CONNECTION)
    with pytest.raises(ConflictError):
        services.complete(app, user=window_clerk)


def test_it_cannot_advance_past_the_last_step(window_clerk, hall):
    app = services.advance(receive(window_clerk, "NEW-RES", hall, details=CONNECTION), user=window_clerk)
    with pytest.raises(ConflictError):
        services.advance(app, user=window_clerk)


def test_a_cancelled_application_cannot_be_completed(window_clerk, hall):
    app = services.cancel(receive(window_clerk, "NEW-RES", hall, details=CONNECTION), user=window_clerk, reason="撤回")
    assert app.status == Status.CANCELLED and app.closed_at is not None
    with pytest.raises(ConflictError):
        services.complete(app, user=window_clerk)


def test_a_refusal_needs_a_reason(window_clerk, hall):
    app = receive(window_clerk, "NEW-RES", hall, details=CONNECTION)
    with pytest.raises(ValidationError) as exc:
        services.reject(app, user=window_clerk, reason="", code=RejectionReason.OTHER)
    assert "reason" in exc.value.message_dict
    app = services.reject(app, user=window_clerk, reason="", code=RejectionReason.DEMOLITION)
    assert (app.status, app.rejection_code) == (Status.REJECTED, RejectionReason.DEMOLITION)


def test_a_stale_copy_conflicts(window_clerk, hall):
    app = receive(window_clerk, "NEW-WORKS", hall, details=CONNECTION)
    stale = Application.objects.get(pk=app.pk)
    services.advance(app, user=window_clerk)
    with pytest.raises(ConflictError):
        services.advance(stale, user=window_clerk)
