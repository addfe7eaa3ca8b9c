"""Seeded, editable defaults: an example tariff per use type and the “arrears without cut-off” relief policy.

No published Pinghu or Jiaxing price was found (DOMAIN.md §6.2: NF), so every seeded tariff is labelled an
example. The residential one keeps the national rules (DOMAIN.md §6.1): three tiers on annual volume, the first
covering about 80 % of households and the second 95 %, prices at least 1 : 1.5 : 3. The non-residential and
special prices are of the order of the Zhejiang example in §6.2 (Keqiao: commercial 5.0, special 7.8 yuan/m³).
The relief policy is MOHURD's 2022 notice (§6.4): small businesses and sole traders, 6 months' deferral, late
fees waived, no disconnection, granted without application.
"""

from datetime import date
from decimal import Decimal

from shuiwu.customers.choices import UseType

EXAMPLE_SOURCE = "EXAMPLE — not a published price (DOMAIN.md §6.2: NF); edit before real billing"

TARIFFS = [
    {
        "code": "EX-RES-2024",
        "name": "居民生活用水（示例）",
        "use_type": UseType.RESIDENTIAL,
        "valid_from": date(2024, 1, 1),
        "tiers": [
            {"up_to_m3": 216, "price": "2.90", "extra_person_m3": 54},
            {"up_to_m3": 300, "price": "4.35", "extra_person_m3": 75},
            {"up_to_m3": None, "price": "8.70"},
        ],
        "sewage_fee": Decimal("0.95"),
        "resource_fee": Decimal("0.20"),
    },
    {
        "code": "EX-NONRES-2024",
        "name": "非居民用水（示例）",
        "use_type": UseType.NON_RESIDENTIAL,
        "valid_from": date(2024, 1, 1),
        "tiers": [{"up_to_m3": None, "price": "4.50"}],
        "sewage_fee": Decimal("1.60"),
        "resource_fee": Decimal("0.20"),
    },
    {
        "code": "EX-SPECIAL-2024",
        "name": "特种行业用水（示例）",
        "use_type": UseType.SPECIAL,
        "valid_from": date(2024, 1, 1),
        "tiers": [{"up_to_m3": None, "price": "7.80"}],
        "sewage_fee": Decimal("2.40"),
        "resource_fee": Decimal("0.20"),
    },
    {
        "code": "EX-FIRE-2024",
        "name": "消防及市政用水（示例）",
        "use_type": UseType.FIRE_MUNICIPAL,
        "valid_from": date(2024, 1, 1),
        "tiers": [{"up_to_m3": None, "price": "3.20"}],
        "sewage_fee": Decimal("0.00"),
        "resource_fee": Decimal("0.20"),
    },
]

RELIEF = {
    "code": "NO-CUTOFF-2022",
    "name": "欠费不停供（中小微企业和个体工商户）",
    "description": (
        "受疫情影响的中小微企业和个体工商户欠费不停供，设立6个月缓缴期，缓缴期内免收欠费滞纳金；免申即享。"
    ),
    "source": "住房和城乡建设部 2022 年通知 (DOMAIN.md §6.4, S)",
    "starts_on": date(2022, 4, 1),
    "ends_on": date(2027, 6, 30),
    "deferral_months": 6,
    "waive_late_fees": True,
    "no_disconnection": True,
    "small_business_only": True,
    "automatic": True,
}


def seed(Tariff, ReliefPolicy) -> None:  # noqa: N803 (model classes passed in, from the migration state or the app)
    for row in TARIFFS:
        Tariff.objects.get_or_create(code=row["code"], defaults={**row, "example": True, "source": EXAMPLE_SOURCE})
    ReliefPolicy.objects.get_or_create(code=RELIEF["code"], defaults=RELIEF)
