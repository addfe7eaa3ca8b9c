"""Seeded, editable defaults of the repair centre: SLA policies and the material catalogue.

Each SLA row names its source in DOMAIN.md §3.3. Rows graded L (another utility's practice) or NF are
marked local policy: a utility edits them in the admin. Tests pin these figures to DOMAIN.md.
"""

from shuiwu.work.choices import Category, Priority

H = 60  # minutes in an hour

# category, priority, min DN (exclusive), max DN (inclusive), arrive, night arrive, made safe, complete,
# local policy, source
SLA_POLICIES = [
    (
        Category.MAIN_BURST,
        None,
        None,
        500,
        1 * H,
        90,
        4 * H,
        24 * H,
        True,
        "DOMAIN §3.3 ex. D (on site 60 min day / 90 min night, L); ex. B, C (shut off in 4 h; DN≤500 fixed in 24 h, L)",
    ),
    (
        Category.MAIN_BURST,
        None,
        500,
        None,
        1 * H,
        90,
        4 * H,
        48 * H,
        True,
        "DOMAIN §3.3 ex. D (on site 60/90 min, L); ex. C (shut off in 4 h; DN>500 fixed in 48 h, L)",
    ),
    (
        Category.VISIBLE_LEAK,
        Priority.URGENT,
        None,
        None,
        1 * H,
        90,
        4 * H,
        24 * H,
        True,
        "DOMAIN §3.3 ex. B (shut off in 4 h, fixed in 24 h, L)",
    ),
    (
        Category.VISIBLE_LEAK,
        Priority.HIGH,
        None,
        None,
        2 * H,
        None,
        None,
        24 * H,
        True,
        "DOMAIN §3.3 ex. D, F (pipes below DN100 fixed in 24 h, L)",
    ),
    (
        Category.VISIBLE_LEAK,
        Priority.NORMAL,
        None,
        None,
        1 * H,
        None,
        None,
        2 * H,
        True,
        "household repair without excavation (meter, riser): on site 1 h (ex. E level 2, L), done in 2 h "
        "(local policy)",
    ),
    (
        Category.NO_WATER,
        None,
        None,
        None,
        1 * H,
        90,
        None,
        12 * H,
        True,
        "DOMAIN §3.3 ex. D (on site 60/90 min, L); ex. A (small fault restored in 12 h, L)",
    ),
    (
        Category.LOW_PRESSURE,
        None,
        None,
        None,
        4 * H,
        None,
        None,
        24 * H,
        True,
        "DOMAIN §3.3 ex. F (pressure queries answered in 4 h, L)",
    ),
    (
        Category.WATER_QUALITY,
        None,
        None,
        None,
        2 * H,
        None,
        None,
        24 * H,
        True,
        "DOMAIN §3.3 ex. B (water-quality query: respond in 2 h, answer in 24 h, L)",
    ),
    (
        Category.METER_FAULT,
        None,
        None,
        None,
        24 * H,
        None,
        None,
        72 * H,
        True,
        "DOMAIN §3.3 (meter fault fixed within 3 days, S)",
    ),
    (Category.HYDRANT_DAMAGE, None, None, None, 4 * H, None, 4 * H, 24 * H, True, "local policy (NF)"),
    (Category.ILLEGAL_USE, None, None, None, 4 * H, None, None, 48 * H, True, "local policy (NF)"),
    (Category.SEWER_BLOCKAGE, None, None, None, 2 * H, None, None, 12 * H, True, "local policy (CJJ 68: NF)"),
    (
        Category.MANHOLE_COVER,
        None,
        None,
        None,
        2 * H,
        None,
        2 * H,
        6 * H,
        False,
        "CJJ 68-2016 §3.3.4 (P): barrier and warning within 2 h of the report, repair within 6 h",
    ),
    (
        Category.BILLING,
        None,
        None,
        None,
        None,
        None,
        None,
        36 * H,
        True,
        "DOMAIN §3.3 ex. F (billing queries answered in 36 h, L)",
    ),
    (
        Category.OTHER,
        None,
        None,
        None,
        None,
        None,
        None,
        3 * 24 * H,
        True,
        "DOMAIN §3.3 ex. B (complaints within 3 working days, L)",
    ),
]

MATERIALS = [
    ("CLAMP-DN100", "哈夫节 DN100", "个"),
    ("CLAMP-DN150", "哈夫节 DN150", "个"),
    ("CLAMP-DN200", "哈夫节 DN200", "个"),
    ("CLAMP-DN300", "哈夫节 DN300", "个"),
    ("CLAMP-DN500", "哈夫节 DN500", "个"),
    ("DI-DN100", "球墨铸铁管 DN100", "米"),
    ("DI-DN200", "球墨铸铁管 DN200", "米"),
    ("DI-DN300", "球墨铸铁管 DN300", "米"),
    ("PE-DN63", "PE管 DN63", "米"),
    ("PE-DN110", "PE管 DN110", "米"),
    ("COUPLING-DN100", "柔性接头 DN100", "个"),
    ("GATE-DN100", "闸阀 DN100", "个"),
    ("GATE-DN200", "闸阀 DN200", "个"),
    ("METER-DN20", "水表 DN20", "只"),
    ("METER-DN25", "水表 DN25", "只"),
    ("CONCRETE", "商品混凝土", "立方米"),
    ("ASPHALT", "沥青混凝土", "吨"),
    ("SAND", "黄砂", "立方米"),
    ("COVER-700", "井盖 Φ700", "套"),
    ("BARRIER", "警示围挡", "套"),
]


def seed(policy_model, material_model) -> None:
    """Write the defaults where the tables are empty (a migration, and after a flush)."""
    if not policy_model.objects.exists():
        policy_model.objects.bulk_create(
            [
                policy_model(
                    category=c,
                    priority=p,
                    min_diameter=lo,
                    max_diameter=hi,
                    arrive_minutes=a,
                    night_arrive_minutes=na,
                    secure_minutes=sm,
                    complete_minutes=d,
                    local_policy=local,
                    source=source,
                )
                for c, p, lo, hi, a, na, sm, d, local, source in SLA_POLICIES
            ]
        )
    if not material_model.objects.exists():
        material_model.objects.bulk_create([material_model(code=c, name=n, unit=u) for c, n, u in MATERIALS])
