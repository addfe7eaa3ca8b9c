from datetime import timedelta

import pytest
from django.utils import timezone

from shuiwu.analytics import services
from shuiwu.analytics.models import PipeRisk
from shuiwu.work.choices import Category, OrderType
from shuiwu.work.models import WorkOrder

pytestmark = pytest.mark.django_db


def test_the_old_cast_iron_main_ranks_first(network):
    assert services.compute_pipe_risk(network["supply"], year=2026) == 2
    ranked = list(PipeRisk.objects.order_by("rank").values_list("pipe__code", flat=True))
    assert ranked == ["P-OLD", "P-NEW"]
    candidates = services.renewal_candidates(network["supply"], limit=1)
    assert candidates[0]["asset_id"] == network["old"].pk
    assert candidates[0]["length_m"] == 1500.0


def test_repairs_raise_a_pipe_up_the_ranking(network):
    services.compute_pipe_risk(network["supply"], year=2026)
    before = PipeRisk.objects.get(pipe=network["new"]).expected_breaks_year
    for n in range(6):
        WorkOrder.objects.create(
            company=network["supply"],
            number=f"WO-T{n}",
            order_type=OrderType.REPAIR,
            category=Category.MAIN_BURST,
            title="爆管",
            repaired_asset=network["new"],
            completed_at=timezone.now() - timedelta(days=30 * n + 1),
        )
    services.compute_pipe_risk(network["supply"], year=2026)
    after = PipeRisk.objects.get(pipe=network["new"])
    assert after.repairs == 6
    assert after.expected_breaks_year > before
    # Six repairs in five years on 500 m: more breaks per km than the old cast-iron main's prior.
    assert after.rate_per_km_year > PipeRisk.objects.get(pipe=network["old"]).rate_per_km_year


def test_the_risk_map_is_scoped(network, sewage_inspector, group_manager):
    services.compute_pipe_risk(network["supply"], year=2026)
    assert services.risk_features(sewage_inspector)["features"] == []
