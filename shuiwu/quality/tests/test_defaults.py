"""The seeded limits and plans, pinned to /work/shared/DOMAIN.md (§1.2, §1.3, §2.2, §8.2)."""

from decimal import Decimal

import pytest

from shuiwu.quality.models import Limit, Parameter, Plan, Standard

pytestmark = pytest.mark.django_db


def limit(standard, code, kind=None):
    rows = Limit.objects.filter(standard__code=standard, parameter__code=code).order_by("pk")
    if kind is not None:
        rows = [r for r in rows if kind in r.point_kinds]
    return rows[0]


@pytest.mark.parametrize(
    "code,upper",
    [
        ("bacteria_count", "100"),
        ("arsenic", "0.01"),
        ("cadmium", "0.005"),
        ("chromium_vi", "0.05"),
        ("lead", "0.01"),
        ("mercury", "0.001"),
        ("cyanide", "0.05"),
        ("fluoride", "1.0"),
        ("nitrate", "10"),
        ("chloroform", "0.06"),
        ("dibromochloromethane", "0.1"),
        ("bromodichloromethane", "0.06"),
        ("bromoform", "0.1"),
        ("thm_ratio", "1"),
        ("dichloroacetic_acid", "0.05"),
        ("trichloroacetic_acid", "0.1"),
        ("bromate", "0.01"),
        ("chlorate", "0.7"),
        ("color", "15"),
        ("turbidity", "1"),
        ("aluminium", "0.2"),
        ("iron", "0.3"),
        ("manganese", "0.1"),
        ("copper", "1.0"),
        ("zinc", "1.0"),
        ("chloride", "250"),
        ("sulfate", "250"),
        ("tds", "1000"),
        ("hardness", "450"),
        ("codmn", "3"),
        ("ammonia", "0.5"),
        ("gross_alpha", "0.5"),
        ("gross_beta", "1"),
    ],
)
def test_gb5749_upper_limits(code, upper):
    row = limit("gb5749-2022", code)
    assert row.kind == "max"
    assert row.upper == Decimal(upper)


def test_microbes_and_sensory_items_must_not_be_detected():
    for code in ("total_coliforms", "e_coli", "odor", "visible_matter"):
        assert limit("gb5749-2022", code).kind == "not_detected"


def test_ph_is_a_range():
    row = limit("gb5749-2022", "ph")
    assert (row.kind, row.lower, row.upper) == ("range", Decimal("6.5"), Decimal("8.5"))


def test_the_routine_tally_is_39_plus_the_disinfectants():
    routine = {
        lim.parameter.code
        for lim in Limit.objects.filter(standard__code="gb5749-2022").select_related("parameter")
        if lim.parameter.group in ("microbial", "toxicological", "sensory", "radioactive")
    }
    assert len(routine) == 39  # DOMAIN.md §1.2 count check: 3 + 18 + 16 + 2


def test_chlorite_is_the_2006_value_and_labelled_unconfirmed():
    row = limit("gb5749-2022", "chlorite")
    assert row.upper == Decimal("0.7")
    assert row.confirmed is False


def test_free_chlorine_at_the_outlet_and_at_the_network():
    outlet = limit("gb5749-2022", "free_chlorine", "plant_outlet")
    network = limit("gb5749-2022", "free_chlorine", "network_end")
    assert (outlet.lower, outlet.upper) == (Decimal("0.3"), Decimal("2"))
    assert (network.lower, network.upper) == (Decimal("0.05"), Decimal("2"))
    assert not outlet.confirmed and not network.confirmed


def test_the_other_disinfectants_are_unconfirmed():
    for code in ("total_chlorine", "chlorine_dioxide"):
        assert all(not r.confirmed for r in Limit.objects.filter(parameter__code=code))
    assert Parameter.objects.filter(code="ozone").exists()
    assert not Limit.objects.filter(parameter__code="ozone").exists()  # NF: no invented figure


@pytest.mark.parametrize(
    "code,upper",
    [
        ("cod", "50"),
        ("bod5", "10"),
        ("ss", "10"),
        ("tn", "15"),
        ("nh3n", "5"),
        ("tp", "0.5"),
        ("animal_oil", "1"),
        ("petroleum", "1"),
        ("las", "0.5"),
        ("color_dilution", "30"),
        ("fecal_coliforms", "1000"),
    ],  # fmt: skip
)
def test_gb18918_grade_1a(code, upper):
    assert limit("gb18918-2002-1a", code).upper == Decimal(upper)


def test_gb18918_ph_and_its_scope():
    row = limit("gb18918-2002-1a", "ph")
    assert (row.lower, row.upper) == (Decimal("6"), Decimal("9"))
    assert Standard.objects.get(code="gb18918-2002-1a").point_kinds == ["sewage_effluent"]


def test_internal_limits_are_local_policy_and_stricter():
    internal = Standard.objects.get(code="internal")
    assert internal.local_policy and internal.kind == "internal"
    assert limit("internal", "turbidity", "plant_outlet").upper < limit("gb5749-2022", "turbidity").upper


def test_cjt206_table3_frequencies():
    def plan(code):
        p = Plan.objects.get(code=code)
        return p.period, p.every, p.times, p.parameters.count()

    assert plan("raw-daily") == ("day", 1, 1, 9)
    assert plan("finished-daily") == ("day", 1, 1, 9)
    assert plan("network-7") == ("month", 1, 2, 7)
    assert plan("finished-monthly")[:3] == ("month", 1, 1)
    assert plan("network-end-monthly")[:3] == ("month", 1, 1)
    assert plan("finished-extended")[:3] == ("month", 6, 1)
    for code in ("process-daily", "secondary-quarterly", "sewage-daily"):
        assert Plan.objects.get(code=code).local_policy


def test_the_rules():
    from shuiwu.core import rules

    assert rules.value("quality.pass_rate_target") == 95
    assert rules.value("quality.people_per_network_point") == 20000
