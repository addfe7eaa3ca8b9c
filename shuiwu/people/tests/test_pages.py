"""The people pages open for the staff office and keep to the company."""

from django.urls import reverse

from shuiwu.people.models import VolunteerTeam
from shuiwu.people.tests.factories import activity, person, training


def test_the_pages_open(client, supply_manager, companies):
    supply = companies["SUPPLY"]
    course = training(supply)
    event = activity(supply)
    team = VolunteerTeam.objects.create(company=supply, name="退役军人志愿服务队", kind="veterans")
    someone = person(supply)
    client.force_login(supply_manager)
    for url in (
        reverse("people:calendar"),
        reverse("people:calendar") + "?month=2026-05",
        reverse("people:calendar") + "?month=bad",
        reverse("people:training_list"),
        reverse("people:training_detail", args=[course.pk]),
        reverse("people:training_sheet", args=[course.pk]) + "?print=1",
        reverse("people:training_add"),
        reverse("people:activity_list"),
        reverse("people:activity_detail", args=[event.pk]),
        reverse("people:volunteerteam_list"),
        reverse("people:volunteerteam_detail", args=[team.pk]),
        reverse("people:person_list"),
        reverse("people:person", args=[someone.pk]),
    ):
        assert client.get(url).status_code == 200, url


def test_the_calendar_shows_the_month_s_trainings(client, supply_manager, companies):
    course = training(companies["SUPPLY"])
    client.force_login(supply_manager)
    assert course.topic in client.get(reverse("people:calendar") + "?month=2026-05").content.decode()


def test_another_company_s_person_is_not_shown(client, sewage_manager, companies):
    someone = person(companies["SUPPLY"])
    client.force_login(sewage_manager)
    assert client.get(reverse("people:person", args=[someone.pk])).status_code == 404


def test_a_training_with_dates_out_of_order_is_refused_on_the_page(client, supply_manager, companies):
    client.force_login(supply_manager)
    response = client.post(
        reverse("people:training_add"),
        {
            "company": companies["SUPPLY"].pk,
            "topic": "x",
            "category": "safety",
            "organiser": "y",
            "start_on": "2026-05-06",
            "end_on": "2026-05-01",
            "hours": "4",
        },
    )
    assert response.status_code == 200 and "end_on" in response.context["form"].errors
