"""Seeded, editable defaults: the treatment chemicals a Chinese water group commonly doses.

Doses are recorded as mg/L of the product as delivered (商品投加量), the way a dosing room reads its tanks;
stocks are kg of that product.
"""

from shuiwu.plants.choices import ChemicalKind

CHEMICALS = [
    ("PAC", "聚合氯化铝（PAC）", ChemicalKind.COAGULANT, "液体，Al₂O₃ ≥ 10 %"),
    ("NACLO", "次氯酸钠", ChemicalKind.DISINFECTANT, "液体，有效氯 ≥ 10 %"),
    ("PAM", "聚丙烯酰胺（PAM）", ChemicalKind.COAGULANT_AID, "固体粉末"),
    ("KMNO4", "高锰酸钾", ChemicalKind.OXIDANT, "固体"),
    ("PAC-C", "粉末活性炭", ChemicalKind.ADSORBENT, "粉末"),
    ("NAAC", "乙酸钠（碳源）", ChemicalKind.CARBON_SOURCE, "液体，25 %"),
]


def seed(Chemical) -> None:  # noqa: N803 (the model class, from the migration state or the app)
    for code, name, kind, product in CHEMICALS:
        Chemical.objects.get_or_create(code=code, defaults={"name": name, "kind": kind, "product": product})
