"""The seeded application types keep DOMAIN.md §7's figures and cover every kind; holidays are data."""

from datetime import date

from shuiwu.service.choices import ApplicationKind
from shuiwu.service.models import ApplicationType, Holiday


def test_every_kind_has_a_seeded_type(db):
    assert set(ApplicationType.objects.values_list("kind", flat=True)) == set(ApplicationKind.values)


def test_the_seeded_limits_follow_domain_section_7(db):
    limits = dict(ApplicationType.objects.values_list("code", "limit_working_days"))
    assert limits["TRANSFER"] == 7 and limits["USE-TYPE"] == 7  # brgjp (L)
    assert limits["NEW-NONRES"] == 2  # Zaozhuang (L)
    assert limits["NEW-RES"] == 1  # accepted the same day, connected the next day (L)
    new = ApplicationType.objects.get(code="NEW-RES")
    assert [s["name"] for s in new.steps] == ["受理签约", "安装通水"]


def test_types_without_a_figure_are_local_policy(db):
    for code in ("RENAME", "CLOSURE", "RELOCATE", "METER-SIZE", "SPLIT", "MERGE", "TEMPORARY"):
        assert ApplicationType.objects.get(code=code).local_policy, code


def test_transfers_and_closures_are_refused_with_arrears(db):
    assert ApplicationType.objects.get(code="TRANSFER").refuse_with_arrears
    assert ApplicationType.objects.get(code="CLOSURE").refuse_with_arrears


def test_the_holidays_include_the_make_up_working_days(db):
    assert not Holiday.objects.get(day=date(2026, 10, 1)).working
    assert Holiday.objects.get(day=date(2026, 10, 10)).working
