"""The water balance from the records, against figures worked out by hand (see conftest for the data)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from shuiwu.analytics import services
from shuiwu.analytics.tests.conftest import SEPTEMBER

pytestmark = pytest.mark.django_db


def test_the_dma_inputs_come_from_the_records(network):
    inputs, sources = services.period_inputs(network["supply"], *SEPTEMBER, dma=network["dma"])
    assert inputs["system_input_m3"] == pytest.approx(12_000, abs=0.1)  # 30 days × 400 m³
    # Each account: 3,100 m³ × 25/31 days of Aug 26–Sep 25 + 3,100 × 5/30 of Sep 26–Oct 25.
    assert inputs["billed_metered_m3"] == pytest.approx(2 * (2500 + 3100 * 5 / 30), abs=0.1)
    assert inputs["unbilled_unmetered_m3"] == pytest.approx(60, abs=0.1)  # 0.5 % of system input
    assert inputs["mains_km"] == pytest.approx(2.0)
    assert inputs["connections"] == 2
    assert inputs["average_pressure_m"] == pytest.approx(0.4 / 0.00980665, abs=0.01)
    assert set(sources) >= {"system_input_m3", "billed_metered_m3", "connections"}


def test_the_dma_balance_matches_the_hand_computed_one(network, group_manager):
    record = services.save_balance(network["supply"], *SEPTEMBER, dma=network["dma"], user=group_manager)
    billed = round(2 * (2500 + 3100 * 5 / 30), 1)  # inputs are kept to 0.1 m³
    under = billed * 0.02 / 0.98
    real = 12_000 - billed - 60 - under
    assert record.nrw_percent == pytest.approx(100 * (12_000 - billed) / 12_000, abs=0.001)
    assert record.loss_rate_wl_percent == pytest.approx(100 * (12_000 - billed - 60) / 12_000, abs=0.001)
    assert record.result["real_losses_m3"] == pytest.approx(real, abs=0.01)
    uarl = (18 * 2.0 + 0.8 * 2) * (0.4 / 0.00980665)
    assert record.ili == pytest.approx(real * 1000 / 30 / uarl, rel=1e-3)
    assert record.result["uarl_caveats"]  # two connections: the formula does not hold, and says so


def test_the_city_balance_takes_the_plant_outflow(network):
    inputs, _ = services.period_inputs(network["supply"], *SEPTEMBER)
    assert inputs["system_input_m3"] == pytest.approx(300_000)


def test_computing_again_replaces_the_kept_balance(network):
    first = services.save_balance(network["supply"], *SEPTEMBER)
    again = services.save_balance(network["supply"], *SEPTEMBER, overrides={"unbilled_metered_m3": 1000.0})
    assert again.pk == first.pk
    assert again.inputs["unbilled_metered_m3"] == 1000.0
    assert again.loss_rate_wl_percent < first.loss_rate_wl_percent


def test_a_period_without_inflow_is_refused(network):
    with pytest.raises(ValidationError) as caught:
        services.save_balance(network["supply"], date(2025, 1, 1), date(2025, 1, 31), dma=network["dma"])
    assert "start" in caught.value.message_dict


def test_a_period_ending_today_is_refused(network):
    with pytest.raises(ValidationError) as caught:
        services.save_balance(network["supply"], date(2026, 9, 1), date(2099, 1, 1))
    assert "end" in caught.value.message_dict


def test_the_cjj92_corrections_are_rules(network):
    from shuiwu.core.models import Rule

    Rule.objects.update_or_create(
        key="analytics.cjj92_corrections",
        defaults={
            "value": {"r1_household_metering": 1.0, "r2_pipe_length": 0.5, "r3_pressure": 0, "r4_frost_depth": 0}
        },
    )
    record = services.save_balance(network["supply"], *SEPTEMBER, dma=network["dma"])
    assert record.loss_rate_bl_percent == pytest.approx(record.loss_rate_wl_percent - 1.5)


def test_the_summary_gives_the_loss_rates(network, group_manager, sewage_inspector):
    figures = services.summary(network["supply"], *SEPTEMBER, user=group_manager)
    assert figures["loss_rate_wl_percent"] == pytest.approx(
        100 * (300_000 - 2 * (2500 + 3100 * 5 / 30) - 1500) / 300_000, abs=0.01
    )
    assert services.summary(network["supply"], *SEPTEMBER, user=sewage_inspector)["nrw_percent"] is None
    assert services.summary(None, *SEPTEMBER, user=sewage_inspector)["nrw_percent"] is None


def test_the_summary_stops_where_the_bills_stop(network, group_manager):
    from shuiwu.customers.models import Bill

    Bill.objects.filter(period="2026-10").delete()  # September's last five days are in no bill yet
    figures = services.summary(network["supply"], *SEPTEMBER, user=group_manager)
    assert figures["balance_until"] == "2026-09-25"
    assert figures["system_input_m3"] == pytest.approx(250_000)  # 25 days of the plant's 10,000 m³


def test_the_sources_are_kept_untranslated_and_shown_in_the_readers_language(network):
    from django.utils import translation

    record = services.save_balance(network["supply"], *SEPTEMBER, dma=network["dma"])
    source = record.sources["system_input_m3"]
    with translation.override("en"):
        english = services.describe_source(source)
    with translation.override("zh-hans"):
        chinese = services.describe_source(source)
    assert "30" in english and "30" in chinese and english != chinese
