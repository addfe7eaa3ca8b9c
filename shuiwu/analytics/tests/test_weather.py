import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from shuiwu.analytics.models import DailyWeather

pytestmark = pytest.mark.django_db


def write(tmp_path, text):
    path = tmp_path / "weather.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_weather_is_imported_and_replaces_the_days_it_gives(tmp_path):
    call_command("import_weather", write(tmp_path, "day,t_max,t_min\n2026-07-01,34,26\n2099-07-02,35,27\n"))
    assert DailyWeather.objects.get(day="2026-07-01").source == "observed"
    assert DailyWeather.objects.get(day="2099-07-02").source == "forecast"
    call_command("import_weather", write(tmp_path, "day,t_max,t_min,rain_mm\n2026-07-01,30,24,12.5\n"))
    assert DailyWeather.objects.get(day="2026-07-01").t_max == 30
    assert DailyWeather.objects.count() == 2


@pytest.mark.parametrize(
    "text, problem",
    [
        ("day,t_max,t_min\n2026-07-01,hot,26\n", "line 2: t_max"),
        ("day,t_max,t_min\n07/01/2026,34,26\n", "line 2: day"),
        ("day,t_max,t_min\n2026-07-01,24,26\n", "line 2: t_min"),
        ("day,t_max,t_min,source\n2026-07-01,34,26,guess\n", "line 2: source"),
    ],
)
def test_a_bad_row_is_named_and_nothing_is_written(tmp_path, capsys, text, problem):
    header, row = text.strip().split("\n")
    good = "2026-06-30,33,25" + (",observed" if "source" in header else "")
    with pytest.raises(CommandError):
        call_command("import_weather", write(tmp_path, f"{header}\n{good}\n{row}\n"))
    assert problem.replace("line 2", "line 3") in capsys.readouterr().err
    assert not DailyWeather.objects.exists()
