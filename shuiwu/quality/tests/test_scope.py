"""Company scope: a user sees and changes only their company's points, samples and figures."""

import pytest
from django.utils import timezone

from shuiwu.quality import services
from shuiwu.quality.models import Result, Sample
from shuiwu.quality.tests.factories import point, sample

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_companies(companies, technician, reviewer, outlet, group_manager):
    effluent = point(companies["SEWAGE"], "WWTP-OUT", "sewage_effluent")
    mine = sample(outlet, {"turbidity": "0.2"}, user=technician, reviewer=reviewer)
    theirs = sample(effluent, {"cod": "80"}, user=group_manager, reviewer=reviewer)
    return mine, theirs


def test_lists_are_scoped(api, technician, two_companies):
    mine, theirs = two_companies
    ids = [row["id"] for row in api(technician).get("/api/quality/samples/").json()["results"]]
    assert ids == [mine.pk]
    assert api(technician).get(f"/api/quality/samples/{theirs.pk}/").status_code == 404
    results = api(technician).get("/api/quality/results/").json()["results"]
    assert {r["sample"] for r in results} == {mine.pk}


def test_figures_are_scoped(technician, group_manager, two_companies):
    today = timezone.localdate()
    assert services.summary(None, today, today, user=technician)["samples"] == 1
    assert services.summary(None, today, today, user=group_manager)["samples"] == 2
    assert services.pass_rates(today, today, user=technician)["effluent"]["judged"] == 0
    assert services.pass_rates(today, today, user=group_manager)["effluent"]["passed"] == 0  # COD 80 > 50


def test_an_outsider_cannot_enter_results(api, sewage_inspector, two_companies):
    mine, _theirs = two_companies
    response = api(sewage_inspector).post(f"/api/quality/samples/{mine.pk}/results/", {"results": {}}, format="json")
    assert response.status_code in (403, 404)


def test_pages_are_scoped(client, technician, two_companies):
    mine, theirs = two_companies
    client.force_login(technician)
    assert client.get(mine.get_absolute_url()).status_code == 200
    assert client.get(theirs.get_absolute_url()).status_code == 404
    assert Result.objects.restrict(technician).count() == 1
    assert Sample.objects.count() == 2
