"""Pass rates by CJ/T 206 Table 4 on hand-made data: determinations passed over judged, per group."""

from datetime import date

import pytest

from shuiwu.quality import services
from shuiwu.quality.tests.factories import at, point, sample

pytestmark = pytest.mark.django_db


@pytest.fixture
def handmade(companies, technician, reviewer, outlet, network_end):
    network = point(companies["PROD"], "NW-01", "network")
    raw = point(companies["PROD"], "RAW-1", "raw")
    # Finished water: 4 determinations, 1 over (turbidity 1.2).
    sample(
        outlet, {"turbidity": "0.2", "free_chlorine": "0.8"}, user=technician, reviewer=reviewer, when=at(2026, 3, 2)
    )
    sample(
        outlet, {"turbidity": "1.2", "free_chlorine": "0.7"}, user=technician, reviewer=reviewer, when=at(2026, 3, 3)
    )
    # Network: 5 determinations, 1 over (chlorine 0.03 at the end), 1 inconclusive (<0.1 chlorine, not judged).
    sample(network, {"turbidity": "0.3", "total_coliforms": "未检出"}, user=technician, reviewer=reviewer,
           when=at(2026, 3, 5))  # fmt: skip
    sample(network_end, {"free_chlorine": "0.03", "codmn": "1.5", "color": "<5"}, user=technician, reviewer=reviewer,
           when=at(2026, 3, 6))  # fmt: skip
    sample(network_end, {"free_chlorine": "<0.1"}, user=technician, reviewer=reviewer, when=at(2026, 3, 7))
    # Raw water has no drinking-water limit: not counted.
    sample(raw, {"turbidity": "30"}, user=technician, reviewer=reviewer, when=at(2026, 3, 2))
    # Another month: not counted in March.
    sample(outlet, {"turbidity": "5"}, user=technician, reviewer=reviewer, when=at(2026, 4, 2))


def test_finished_network_and_composite(handmade):
    rates = services.pass_rates(date(2026, 3, 1), date(2026, 3, 31))
    assert rates["finished"] == {"judged": 4, "passed": 3, "rate": 75.0, "meets_target": False}
    assert rates["network"]["judged"] == 5
    assert rates["network"]["passed"] == 4
    assert rates["network"]["rate"] == 80.0
    assert rates["composite"]["judged"] == 9
    assert rates["composite"]["passed"] == 7
    assert rates["composite"]["rate"] == round(700 / 9, 2)
    assert rates["target"] == 95


def test_unapproved_results_do_not_count(handmade, outlet, technician):
    sample(outlet, {"turbidity": "3"}, user=technician, approve=False, when=at(2026, 3, 9))
    assert services.pass_rates(date(2026, 3, 1), date(2026, 3, 31))["finished"]["judged"] == 4


def test_by_point_and_month(handmade, outlet):
    results = services.approved_results()
    by_point = services.rates_by(results, "sample__point")
    assert by_point[outlet.pk].judged == 5 and by_point[outlet.pk].passed == 3
    months = dict(services.rates_by_month(results.filter(sample__point=outlet)))
    assert months[date(2026, 3, 1)].rate == 75.0
    assert months[date(2026, 4, 1)].rate == 0.0


def test_the_summary(handmade):
    figures = services.summary(None, date(2026, 3, 1), date(2026, 3, 31))
    assert figures["composite_pass_rate"] == round(700 / 9, 2)
    assert figures["exceedances_national"] == 2
    assert figures["samples"] == 6


def test_the_network_point_count_against_population(companies, network_end):
    from shuiwu.core.models import Rule

    Rule.objects.update_or_create(key="quality.population_served", defaults={"value": 50_000})
    check = services.network_point_check()
    assert check == {"points": 1, "population": 50_000, "people_per_point": 20000, "required": 3, "enough": False}
