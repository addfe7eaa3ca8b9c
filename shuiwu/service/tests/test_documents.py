"""The documents checklist: with documents missing the application is recorded, waits, and cannot advance."""

import pytest
from django.core.exceptions import ValidationError

from shuiwu.service import services
from shuiwu.service.choices import Status
from shuiwu.service.tests.factories import at, receive, type_of

CONNECTION = {"address": "测试路8号", "use_type": "residential"}


def test_missing_documents_are_listed_and_the_clock_waits(window_clerk, hall):
    documents = type_of("NEW-RES").documents
    app = receive(window_clerk, "NEW-RES", hall, details=CONNECTION, documents=documents[:1])
    assert app.status == Status.RECEIVED
    assert app.missing_documents == documents[1:]
    assert app.due_on is None
    assert app.steps.get(order=0).started_at is None


def test_it_cannot_advance_with_documents_missing(window_clerk, hall):
    app = receive(window_clerk, "NEW-RES", hall, details=CONNECTION, documents=[])
    with pytest.raises(ValidationError) as exc:
        services.advance(app, user=window_clerk)
    assert "documents_received" in exc.value.message_dict


def test_bringing_the_documents_starts_the_clock(window_clerk, hall):
    from datetime import date

    documents = type_of("NEW-RES").documents
    app = receive(window_clerk, "NEW-RES", hall, details=CONNECTION, documents=documents[:1])
    app = services.receive_documents(app, documents[1:], user=window_clerk, at=at(date(2026, 11, 30)))
    assert app.documents_complete
    assert app.due_on == date(2026, 12, 1)
    services.advance(app, user=window_clerk)


def test_a_document_not_on_the_checklist_is_refused(window_clerk, hall):
    with pytest.raises(ValidationError) as exc:
        receive(window_clerk, "NEW-RES", hall, details=CONNECTION, documents=["户口本复印件"])
    assert "documents_received" in exc.value.message_dict
