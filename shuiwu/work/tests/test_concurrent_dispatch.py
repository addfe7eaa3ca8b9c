"""Two dispatchers assigning the same order at the same moment: exactly one succeeds, the other gets 409."""

import threading

import pytest
from django.db import connection
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from shuiwu.core.testkit import make_persona
from shuiwu.org.choices import Role
from shuiwu.work.choices import State
from shuiwu.work.models import WorkOrder, WorkOrderEvent
from shuiwu.work.tests.factories import crew, order

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_concurrent_assignments_one_wins(companies):
    supply = companies["SUPPLY"]
    first = make_persona("dispatcher-a", supply, Role.DISPATCHER)
    second = make_persona("dispatcher-b", supply, Role.DISPATCHER)
    team_a, team_b = crew(supply, "RA"), crew(supply, "RB")
    wo = order(first)
    tokens = [Token.objects.create(user=u).key for u in (first, second)]
    barrier = threading.Barrier(2)
    results = {}

    def assign(key, team):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        barrier.wait()
        response = client.post(
            f"/api/work/work-orders/{wo.pk}/transition/",
            {"to": "dispatched", "team": team.pk, "version": 0},
            format="json",
        )
        results[team.code] = response.status_code
        connection.close()

    threads = [
        threading.Thread(target=assign, args=(tokens[0], team_a)),
        threading.Thread(target=assign, args=(tokens[1], team_b)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results.values()) == [200, 409], results
    wo.refresh_from_db()
    winner = next(code for code, status in results.items() if status == 200)
    assert wo.state == State.DISPATCHED and wo.team.code == winner
    assert WorkOrderEvent.objects.filter(work_order=wo, to_state=State.DISPATCHED).count() == 1
    assert WorkOrder.objects.get(pk=wo.pk).version == 1
