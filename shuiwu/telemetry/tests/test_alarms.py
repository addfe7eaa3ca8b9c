"""Alarm rules: debounce and hysteresis, rates, stale data, night flow, tickets, acknowledgement."""

from datetime import date, datetime, timedelta

import pytest

from shuiwu.core.exceptions import ConflictError
from shuiwu.telemetry import alarms, ingest
from shuiwu.telemetry.choices import RuleKind
from shuiwu.telemetry.models import Alarm, AlarmRule
from shuiwu.telemetry.tests.factories import T0, records, sensor
from shuiwu.work.choices import Channel

pytestmark = pytest.mark.django_db


def low_pressure_rule():
    return AlarmRule.objects.get(kind=RuleKind.LOW, measure="pressure")


def test_seeded_rules_carry_the_national_figures():
    figures = {(r.kind, r.measure, r.role): r.threshold for r in AlarmRule.objects.all()}
    assert figures[("low", "pressure", "")] == 0.14  # DOMAIN.md §3.2
    assert figures[("high", "turbidity", "plant_outlet")] == 1.0  # GB 5749-2022
    assert figures[("low", "chlorine", "plant_outlet")] == 0.3
    assert figures[("low", "chlorine", "network_end")] == 0.05


def test_debounce_waits_for_consecutive_breaches_and_hysteresis_holds_until_clear(companies):
    sensor(companies["SUPPLY"])
    # One dip is noise; two in a row raise. 0.145 is above 0.14 but inside the hysteresis: still raised.
    ingest.ingest(records("P-1", [0.30, 0.12, 0.30, 0.12, 0.11, 0.145, 0.16, 0.30]))
    (alarm,) = Alarm.objects.filter(rule=low_pressure_rule())
    assert alarm.raised_at == T0 + timedelta(minutes=60)
    assert alarm.cleared_at == T0 + timedelta(minutes=90)
    assert alarm.worst_value == pytest.approx(0.11)


def test_the_worst_value_is_kept_when_the_episode_ends_inside_the_batch(companies):
    sensor(companies["SUPPLY"])
    ingest.ingest(records("P-1", [0.12, 0.12, 0.08, 0.20]))
    alarm = Alarm.objects.get(rule=low_pressure_rule())
    assert (alarm.value, alarm.worst_value) == (pytest.approx(0.12), pytest.approx(0.08))
    assert alarm.cleared_at is not None


def test_debounce_counts_across_batches(companies):
    sensor(companies["SUPPLY"])
    ingest.ingest(records("P-1", [0.30, 0.12]))
    alarms.forget()  # a restarted ingester looks back in the readings
    ingest.ingest(records("P-1", [0.11], start=T0 + timedelta(minutes=30)))
    alarm = Alarm.objects.get(rule=low_pressure_rule())
    assert alarm.cleared_at is None and alarm.raised_at == T0 + timedelta(minutes=30)


def test_a_low_pressure_alarm_opens_a_ticket_through_the_repair_centre(companies):
    sensor(companies["SUPPLY"])
    ingest.ingest(records("P-1", [0.10, 0.10]))
    alarm = Alarm.objects.get(rule=low_pressure_rule())
    assert alarm.ticket is not None
    assert (alarm.ticket.channel, alarm.ticket.category) == (Channel.ALARM, "low_pressure")
    assert alarm.ticket.company.code == "SUPPLY"


def test_out_of_range_readings_raise_nothing(companies):
    sensor(companies["SUPPLY"], valid_min=0.05, valid_max=1.6)
    ingest.ingest(records("P-1", [0.0, 0.0, 0.0]))  # a dead transmitter, not a pressure
    assert not Alarm.objects.exists()


def test_a_sudden_drop_raises_a_rate_alarm(companies):
    sensor(companies["SUPPLY"])
    ingest.ingest(records("P-1", [0.40, 0.40, 0.30, 0.30]))  # 0.1 MPa in 15 min = 0.4 MPa/h
    rate = Alarm.objects.get(rule__kind=RuleKind.RATE)
    assert rate.raised_at == T0 + timedelta(minutes=30) and rate.cleared_at == T0 + timedelta(minutes=45)


def test_turbidity_above_1_ntu_at_the_plant_outlet(companies):
    sensor(companies["PROD"], code="WTP-TU", measure="turbidity", role="plant_outlet")
    ingest.ingest(records("WTP-TU", [0.2, 1.3, 1.6, 0.95, 0.85]))
    alarm = Alarm.objects.get(rule__measure="turbidity")
    assert alarm.severity == "critical" and alarm.worst_value == pytest.approx(1.6)
    assert alarm.cleared_at == T0 + timedelta(minutes=60)  # 0.95 is within the 0.1 NTU hysteresis


def test_stale_sensor_raises_then_clears_when_data_returns(companies):
    s = sensor(companies["SUPPLY"], expected_interval_s=900)
    ingest.ingest(records("P-1", [0.3]))
    assert alarms.check_stale(now=T0 + timedelta(minutes=59)) == (0, 0)
    assert alarms.check_stale(now=T0 + timedelta(hours=2))[0] == 1
    stale = Alarm.objects.get(sensor=s, rule__kind=RuleKind.STALE)
    assert stale.raised_at == T0 + timedelta(hours=1)
    assert alarms.check_stale(now=T0 + timedelta(hours=3))[0] == 0  # one open episode only
    ingest.ingest(records("P-1", [0.3], start=T0 + timedelta(hours=3)))
    stale.refresh_from_db()
    assert stale.cleared_at == T0 + timedelta(hours=3)


def night_flows(nights):
    sensor(companies_supply(), code="DMA-FT", measure="flow", role="dma_inlet")
    start = datetime(2026, 7, 1, tzinfo=T0.tzinfo) - timedelta(hours=8)  # local midnight, 1 July
    batch = []
    for day, flow in enumerate(nights):
        hours = [flow + (0 if 2 <= h < 4 else 100) for h in range(24)]
        batch += records("DMA-FT", hours, start=start + timedelta(days=day), step=timedelta(hours=1))
    ingest.ingest(batch)


def companies_supply():
    from shuiwu.org.models import Company

    return Company.objects.get(code="SUPPLY")


def test_night_flow_rise_in_a_dma(companies):
    night_flows([40.0] * 10 + [60.0])  # the last night is 50 % above the others
    assert alarms.check_night_flow(date(2026, 7, 10)) == (0, 0)
    raised, _ = alarms.check_night_flow(date(2026, 7, 11))
    assert raised == 1
    alarm = Alarm.objects.get(rule__kind=RuleKind.NIGHT_FLOW)
    assert alarm.value == pytest.approx(60.0) and "50" in alarm.message
    assert alarm.ticket is not None and alarm.ticket.category == "visible_leak"


def test_a_steady_leak_stays_alarmed_until_it_is_repaired(companies):
    night_flows([40.0] * 10 + [60.0] * 20 + [41.0])  # 20 nights of leak, then repaired
    for day in range(11, 31):
        alarms.check_night_flow(date(2026, 7, day), open_tickets=False)
    alarm = Alarm.objects.get(rule__kind=RuleKind.NIGHT_FLOW)
    assert alarm.cleared_at is None  # the leak did not become the new normal
    assert alarms.check_night_flow(date(2026, 7, 31)) == (0, 1)


def test_a_rate_is_measured_over_the_window_not_between_close_readings(companies):
    sensor(companies["SUPPLY"])
    # Ten seconds apart, 0.01 MPa of noise would be 3.6 MPa/h; over 15 minutes it is nothing.
    ingest.ingest(records("P-1", [0.30, 0.31, 0.30, 0.31] * 30, step=timedelta(seconds=10)))
    assert not Alarm.objects.filter(rule__kind=RuleKind.RATE).exists()


def test_acknowledge_once(companies, supply_dispatcher):
    sensor(companies["SUPPLY"])
    ingest.ingest(records("P-1", [0.1, 0.1]))
    alarm = Alarm.objects.get(rule=low_pressure_rule())
    alarms.acknowledge(alarm, user=supply_dispatcher)
    assert alarm.state == "acknowledged" and alarm.acknowledged_by == supply_dispatcher
    with pytest.raises(ConflictError):
        alarms.acknowledge(alarm, user=supply_dispatcher)


def test_a_rule_needs_a_threshold_unless_it_watches_for_missing_data():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="threshold"):
        AlarmRule(name="x", kind=RuleKind.HIGH, measure="level").clean()
    AlarmRule(name="x", kind=RuleKind.STALE, threshold=None).clean()
