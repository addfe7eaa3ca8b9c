"""Bad readings are counted with their reason; the API and CSV import reject a bad batch whole."""

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from shuiwu.telemetry import ingest
from shuiwu.telemetry.models import Reading
from shuiwu.telemetry.tests.factories import records, sensor

pytestmark = pytest.mark.django_db


def test_malformed_records_are_counted_not_fatal(companies):
    sensor(companies["SUPPLY"])
    batch = [
        *records("P-1", [0.3]),
        {"sensor": "NOPE", "ts": "2026-07-01T08:00:00", "value": 1},
        {"sensor": "P-1", "ts": "yesterday", "value": 1},
        {"sensor": "P-1", "ts": "2026-07-01T09:00:00", "value": "high"},
        {"sensor": 7, "ts": "2026-07-01T09:00:00", "value": 1},
        {"sensor": "P-1", "ts": "2099-01-01T00:00:00Z", "value": 1},
        "not an object",
    ]
    report = ingest.ingest(batch)
    assert report.written == 1
    assert dict(report.unknown_sensors) == {"NOPE": 1}
    assert dict(report.malformed) == {
        "bad_time": 1,
        "bad_value": 1,
        "bad_sensor": 1,
        "future_time": 1,
        "not_an_object": 1,
    }
    assert {e["field"] for e in report.errors} >= {"sensor", "ts", "value"}


def test_times_without_a_zone_are_local_and_unix_seconds_work(companies):
    s = sensor(companies["SUPPLY"])
    ingest.ingest(
        [
            {"sensor": "P-1", "ts": "2026-07-01 08:00:00", "value": 0.3},  # Asia/Shanghai
            {"sensor": "P-1", "ts": 1782864900, "value": 0.4},  # 2026-07-01T00:15:00Z
        ]
    )
    assert [r.isoformat() for r in Reading.objects.filter(sensor=s).order_by("ts").values_list("ts", flat=True)] == [
        "2026-07-01T00:00:00+00:00",
        "2026-07-01T00:15:00+00:00",
    ]


def test_strict_ingest_writes_nothing_when_one_record_is_bad(companies):
    sensor(companies["SUPPLY"])
    report = ingest.ingest([*records("P-1", [0.3, 0.3]), {"sensor": "P-1", "ts": "x", "value": 1}], strict=True)
    assert report.rejected == 1 and report.written == 0
    assert Reading.objects.count() == 0


def _csv(tmp_path, text):
    path = tmp_path / "readings.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_csv_import_all_or_nothing(companies, tmp_path):
    sensor(companies["SUPPLY"])
    bad = _csv(tmp_path, "sensor,ts,value\nP-1,2026-07-01T08:00:00,0.3\nP-1,2026-07-01T08:15:00,oops\n")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_readings", bad)
    assert Reading.objects.count() == 0
    call_command("import_readings", bad, "--skip-invalid")
    assert Reading.objects.count() == 1


def test_csv_import_is_idempotent(companies, tmp_path, capsys):
    sensor(companies["SUPPLY"])
    good = _csv(tmp_path, "sensor,ts,value\nP-1,2026-07-01T08:00:00,0.3\nP-1,2026-07-01T08:15:00,0.31\n")
    call_command("import_readings", good)
    call_command("import_readings", good)
    assert Reading.objects.count() == 2
    assert "0 readings written, 2 already there" in capsys.readouterr().out


def test_csv_without_the_columns_is_refused(companies, tmp_path):
    with translation.override("en"), pytest.raises(CommandError, match="lacks the column"):
        call_command("import_readings", _csv(tmp_path, "tag,time,v\nP-1,2026-07-01,1\n"))
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_readings", str(tmp_path / "missing.csv"))


def test_utc_times_with_a_z_take_the_fast_path_and_agree(companies):
    s = sensor(companies["SUPPLY"])
    report = ingest.ingest(
        [
            {"sensor": "P-1", "ts": "2026-07-01T00:00:00Z", "value": 0.3},
            {"sensor": "P-1", "ts": "2026-07-01T00:15:00.250Z", "value": 0.3},
            {"sensor": "P-1", "ts": "2999-01-01T00:00:00Z", "value": 0.3},
            {"sensor": "P-1", "ts": "not a timeZ", "value": 0.3},
        ]
    )
    assert report.written == 2 and dict(report.malformed) == {"bad_time": 2}
    stamps = sorted(r.isoformat() for r in Reading.objects.filter(sensor=s).values_list("ts", flat=True))
    assert stamps == ["2026-07-01T00:00:00+00:00", "2026-07-01T00:15:00+00:00"]  # kept to the second
