"""The customers part of the demo city, built on a small town: every service point has accounts, a year is
billed by the real runs and paid, with arrears, relief and corrections."""

import pytest
from django.db.models import Count

from shuiwu.assets.choices import Kind, ServicePointType
from shuiwu.assets.tests.factories import AssetFactory, DMAFactory
from shuiwu.core import demo
from shuiwu.customers import demo as customers_demo
from shuiwu.customers.defaults import seed
from shuiwu.customers.models import (
    Account,
    AccountRelief,
    Bill,
    BillingRun,
    Customer,
    Meter,
    MeterReading,
    Payment,
    ReliefPolicy,
    Tariff,
)

# subtype, attrs, how many
POINTS = [
    (ServicePointType.RESIDENTIAL, {"households": 8, "average_m3_per_day": 3.6}, 6),
    (ServicePointType.NON_RESIDENTIAL, {"average_m3_per_day": 1.2}, 12),
    (ServicePointType.INDUSTRIAL, {"average_m3_per_day": 9.0}, 2),
    (ServicePointType.SCHOOL, {"average_m3_per_day": 6.0}, 1),
    (ServicePointType.HOSPITAL, {"average_m3_per_day": 15.0}, 1),
]


@pytest.fixture
def town(companies):
    supply = companies["SUPPLY"]
    seed(Tariff, ReliefPolicy)
    dmas = [DMAFactory(company=supply, code=f"DMA-0{i}", name=f"片区{i}") for i in (1, 2)]
    n = 0
    for subtype, attrs, how_many in POINTS:
        for _ in range(how_many):
            n += 1
            node = AssetFactory(company=supply, kind=Kind.JUNCTION, code=f"J{n}")
            AssetFactory(
                company=supply,
                kind=Kind.SERVICE_POINT,
                code=f"SP-{n:04d}",
                name=f"测试点{n}",
                subtype=subtype,
                attrs=attrs,
                node=node,
                dma=dmas[n % 2],
                address=f"澄湖市文昌路{n}号",
            )
            if n % 4 == 0:
                AssetFactory(company=supply, kind=Kind.HYDRANT, code=f"XF-{n:03d}", name="文昌路消防栓", node=node)
    demo.build(demo.DemoContext(out=lambda *_: None), only={"customers"})
    return supply


def test_every_service_point_has_accounts_each_with_a_meter(town):
    points = Account.objects.filter(service_point__isnull=False).values("service_point_id").distinct().count()
    assert points == sum(how_many for *_, how_many in POINTS)
    homes = Account.objects.filter(use_type="residential", household_size__isnull=False)
    assert homes.count() == 6 * 4  # 8 households, about half of them accounts
    # The rest of each building is on its master meter, billed to the property office.
    assert Account.objects.filter(use_type="residential", household_size__isnull=True).count() == 6
    # The outer towns take their water in bulk, through meters on no service point of the centre.
    assert Account.objects.filter(service_point__isnull=True).count() == 4
    assert set(homes.values_list("household_size", flat=True)) <= set(range(1, 7))
    assert Account.objects.filter(use_type="fire_municipal").exists()
    assert not Account.objects.annotate(n=Count("meters")).exclude(n=1).exists()
    assert Meter.objects.filter(status="faulty").count() == 1
    assert MeterReading.objects.filter(rollover=True).exists()


def test_identities_are_fictional_and_well_formed(town):
    county = customers_demo.COUNTY  # unassigned: no real person or business has it
    for kind, identity in Customer.objects.values_list("kind", "identity"):
        assert len(identity) == 18
        if kind == "person":
            weights = customers_demo.ID_WEIGHTS
            assert identity[:6] == county
            total = sum(int(c) * w for c, w in zip(identity[:17], weights, strict=True))
            assert identity[17] == "10X98765432"[total % 11]
        else:
            assert identity[2:8] == county
    assert Customer.objects.filter(small_business=True, identity__startswith="92").exists()


def test_a_year_is_billed_paid_and_chased(town):
    assert BillingRun.objects.filter(status="done").count() == customers_demo.MONTHS
    monthly = Account.objects.filter(reading_book__cycle_months=1).first()
    assert Bill.objects.filter(account=monthly).exclude(status="cancelled").count() == customers_demo.MONTHS
    assert Bill.objects.filter(status="paid").count() > 0.8 * Bill.objects.count()
    assert Payment.objects.filter(method="bank").exists() and Payment.objects.filter(method="wechat").exists()
    assert Payment.objects.filter(status="reversed").exclude(reversal_reason="").count() == 1
    assert Bill.objects.filter(revision=2).count() == 1  # the misread corrected
    relieved = AccountRelief.objects.values_list("account_id", flat=True)
    assert set(relieved) == set(Account.objects.filter(customer__small_business=True).values_list("pk", flat=True))
    assert Bill.objects.filter(account_id__in=relieved, status="open").exists()  # relief kept them supplied
