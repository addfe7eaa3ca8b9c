"""The attendance sheet: hours credited, all rows or none."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from shuiwu.people import services
from shuiwu.people.models import Attendance
from shuiwu.people.tests.factories import person, training


@pytest.fixture
def course(companies):
    return training(companies["SUPPLY"], hours="16")


def test_present_people_get_the_course_hours_partial_their_own(course, companies, supply_manager):
    a, b, c, d = (person(companies["SUPPLY"]) for _ in range(4))
    services.record_attendance(
        course,
        [
            {"staff": a, "status": "present"},
            {"staff": b, "status": "partial", "hours": Decimal("8")},
            {"staff": c, "status": "absent"},
            {"staff": d, "status": "excused"},
        ],
        user=supply_manager,
    )
    credited = {
        row.staff_id: row.credited for row in Attendance.objects.annotate(credited=services.credited_hours_expr())
    }
    assert credited == {a.pk: Decimal("16"), b.pk: Decimal("8"), c.pk: 0, d.pk: 0}
    assert services.person_history(a).training_hours == 16


def test_a_bad_row_writes_nothing(course, companies, supply_manager):
    a, b = person(companies["SUPPLY"]), person(companies["SUPPLY"])
    with pytest.raises(ValidationError) as caught:
        services.record_attendance(
            course,
            [{"staff": a, "status": "present"}, {"staff": b, "status": "present", "hours": Decimal("20")}],
            user=supply_manager,
        )
    assert "hours" in caught.value.message_dict
    assert not Attendance.objects.exists()


def test_the_sheet_api(api, course, companies, supply_manager, supply_viewer):
    a, b = person(companies["SUPPLY"]), person(companies["SUPPLY"])
    url = f"/api/people/trainings/{course.pk}/attendance/"
    rows = [{"staff": a.pk, "status": "present"}, {"staff": b.pk, "status": "absent", "hours": "2"}]
    bad = api(supply_manager).post(url, {"rows": rows}, format="json")
    assert bad.status_code == 400 and "hours" in bad.json()
    assert not Attendance.objects.exists()
    rows[1].pop("hours")
    good = api(supply_manager).post(url, {"rows": rows}, format="json")
    assert good.status_code == 200, good.content
    assert {r["staff"]: r["credited_hours"] for r in good.json()} == {a.pk: 16.0, b.pk: 0.0}
    assert api(supply_viewer).post(url, {"rows": rows}, format="json").status_code == 403


def test_the_sheet_page(client, course, companies, supply_manager):
    a = person(companies["SUPPLY"])
    client.force_login(supply_manager)
    from django.urls import reverse

    client.post(reverse("people:training_add_people", args=[course.pk]), {"people": [a.pk]})
    assert Attendance.objects.filter(staff=a, status="registered").exists()
    url = reverse("people:training_sheet", args=[course.pk])
    assert client.get(url).status_code == 200
    form = {
        "sheet-TOTAL_FORMS": "1",
        "sheet-INITIAL_FORMS": "1",
        "sheet-0-staff": str(a.pk),
        "sheet-0-status": "present",
        "sheet-0-hours": "",
        "sheet-0-note": "",
    }
    assert client.post(url, form).status_code == 302
    assert Attendance.objects.get(staff=a).status == "present"
    assert client.get(reverse("people:person", args=[a.pk])).status_code == 200
