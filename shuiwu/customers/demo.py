"""The demo city's customers: reading books, customers and accounts on every service point, meters, a year of
reads, twelve monthly billing runs, payments, arrears, relief and the arrears steps.

Everyone here is fictional: names are drawn at random (``shuiwu.org.demo.fictional_name``), ID numbers and
credit codes carry the unassigned county code 330499, phone numbers the unassigned 170-0000 range. Customers,
accounts, meters and reads are written in bulk. Bills come from the twelve real billing runs. Late payments,
top-ups, the last month's windows and bank batch, the reversal, the correction, the notices, the warnings and
the relief go through the services; the other on-time payments are history written in bulk as the payment
service writes them (40,000 payments one by one would take minutes).
"""

from __future__ import annotations

import calendar
import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, F
from django.utils import timezone

from shuiwu.assets.choices import Kind, ServicePointType, System
from shuiwu.assets.models import DMA, Asset
from shuiwu.core import demo
from shuiwu.core.models import Sequence
from shuiwu.customers import services
from shuiwu.customers.choices import (
    OPEN_BILL_STATUSES,
    BillStatus,
    CustomerKind,
    MeterStatus,
    MeterType,
    NoticeKind,
    PaymentMethod,
    PaymentStatus,
    ReadingKind,
    ReadingSource,
    RunStatus,
    UseType,
)
from shuiwu.customers.models import (
    Account,
    Allocation,
    ArrearsNotice,
    Bill,
    BillingException,
    Customer,
    Meter,
    MeterReading,
    Payment,
    ReadingBook,
    ReliefPolicy,
    add_months,
)
from shuiwu.engine import tariffs as engine
from shuiwu.org.choices import TeamKind
from shuiwu.org.demo import CITY, fictional_name, phone
from shuiwu.org.models import Company, Staff
from shuiwu.telemetry.demo import BACKGROUND_LEAKAGE, CITY_M3_PER_DAY

COUNTY = "330499"  # an unassigned county code under Jiaxing (3304): no real person or business has it
MONTHS = 12
SERVICE_MONTHS = 1  # the last months, whose window and bank payments go through the services one by one
HOUSEHOLD_SHARE = 0.48  # household accounts per household the asset register counts (then 2–12 a building)
SIZES = (1, 2, 3, 4, 5, 6)
SIZE_WEIGHTS = (8, 27, 30, 22, 9, 4)  # mostly 2–4 people
MEAN_SIZE = sum(s * w for s, w in zip(SIZES, SIZE_WEIGHTS, strict=True)) / sum(SIZE_WEIGHTS)
DEBTOR_SHARE = 0.03
SMALL_BUSINESS_SHARE = 0.08
LATE_SHARE = 0.01
MISKEYED_BY = 90  # m³ too many on the misread meter
# The outer towns take their water in bulk (趸售) from the city's plants, through one meter each. Their volume is
# the plants' outflow (telemetry demo: CITY_M3_PER_DAY with its seasonal curve) less the centre's inflow and
# the losses on the mains out to the towns, so the demo's water balance comes out near a real city's.
TOWNS = [("柳塘镇供水站", 0.34), ("荷溪镇供水站", 0.27), ("芦湾镇供水站", 0.21), ("澄东街道供水站", 0.18)]
TRUNK_LOSS = 0.11

BUSINESS_WORDS = ["鑫达", "恒通", "华盛", "宏远", "永兴", "金泰", "瑞丰", "嘉诚", "天成", "润泽", "博远", "新禾"]
TRADES = {
    ServicePointType.NON_RESIDENTIAL: ["商贸", "餐饮管理", "超市", "物业管理", "科技", "酒店管理", "文化传媒"],
    ServicePointType.INDUSTRIAL: ["纺织", "机械制造", "服装", "食品", "塑料制品", "电子", "五金"],
}
SHOPS = ["面馆", "小吃店", "理发店", "水果店", "便利店", "早餐店", "洗衣店", "花店", "茶馆", "烟酒店", "五金店"]
SPECIAL = ["汽车美容洗车场", "洗浴中心", "纯净水厂", "足浴城"]
MUNICIPAL = [  # name, credit-code kind (11 government body, 12 public institution), what the water is for
    (f"{CITY}市消防救援支队", "11", "消防训练及灭火取水"),
    (f"{CITY}市环境卫生管理处", "12", "道路冲洗洒水车取水"),
    (f"{CITY}市园林绿化管理所", "12", "绿化浇灌取水"),
    (f"{CITY}市市政工程养护所", "12", "管道冲洗及市政养护用水"),
    (f"{CITY}市环境卫生管理处", "12", "公厕及垃圾站冲洗"),
]
WINDOWS = ["城东营业厅 1号窗口", "城东营业厅 2号窗口", "老城营业厅 1号窗口", "市民中心水务窗口"]
BANKS = ["ICBC", "ABC", "CCB", "BOC", "ZJRC"]
AT_THE_WINDOW = (PaymentMethod.CASH, PaymentMethod.CARD)

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def plant_season(day: date) -> float:
    """The telemetry demo's seasonal curve of the plants' outflow (summer peak, Spring Festival dip)."""
    doy = day.timetuple().tm_yday
    return (
        (
            0.97
            + 0.27 * math.exp(-0.5 * ((doy - 212) / 30) ** 2)
            + 0.03 * math.exp(-0.5 * ((doy - 150) / 25) ** 2)
            - 0.07 * math.exp(-0.5 * ((doy - 45) / 6) ** 2)
        )
        * (5 + 0.97 + 0.95)
        / 7
    )


def person_id(rng, born: date) -> str:
    """A fictional resident ID number: the unassigned county, a birth date, a sequence and its check digit."""
    body = f"{COUNTY}{born:%Y%m%d}{rng.randint(0, 999):03d}"
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, ID_WEIGHTS, strict=True)) % 11]


def credit_code(rng, kind: str) -> str:
    """A fictional unified social credit code (18 characters): ``kind`` (91 company, 92 sole trader, 12 public
    institution, 11 government body), the unassigned county, a random organisation code and its check character."""
    body = kind + COUNTY + "".join(rng.choice(CODE_CHARS) for _ in range(9))
    remainder = sum(CODE_CHARS.index(c) * w for c, w in zip(body, CODE_WEIGHTS, strict=True)) % 31
    return body + CODE_CHARS[(31 - remainder) % 31]


@dataclass
class Plan:
    """What the demo decides for one account before anything is written: its use, its meter, its habits."""

    account: Account
    customer: Customer
    book: ReadingBook
    daily_m3: float
    method: str
    meter: Meter | None = None
    debtor_from: int | None = None  # the index of the first period the account no longer pays
    prepaid: bool = False
    last_paid: date | None = None
    bulk: bool = False  # an outer town's bulk meter: its volume follows the plants' seasonal curve


class Builder:
    def __init__(self, ctx):
        self.rng = ctx.rng("customers")
        self.tz = timezone.get_current_timezone()
        self.today = timezone.localdate()
        first = add_months(self.today.replace(day=1), -MONTHS)
        self.periods = [services.period_of(add_months(first, i)) for i in range(MONTHS)]
        self.baseline = add_months(first, -1)  # the month of the read each account's first bill starts from
        self.supply = Company.objects.get(code="SUPPLY")
        self.points = list(
            Asset.objects.filter(kind=Kind.SERVICE_POINT, system=System.SUPPLY, company=self.supply)
            .order_by("code")
            .values("id", "code", "name", "subtype", "address", "attrs", "dma_id", "node_id")
        )
        self.plans: list[Plan] = []
        self.by_account: dict[int, Plan] = {}
        self.faulty = self.miskeyed = None
        self.counts: dict[str, int] = {}

    # -- reading books ---------------------------------------------------------------------------------------

    def books(self) -> dict[int | None, ReadingBook]:
        """One book per DMA, read monthly by one of the meter readers; the smallest area every two months."""
        rng = self.rng
        readers = list(Staff.objects.filter(company=self.supply, team__kind=TeamKind.METER).order_by("employee_no"))
        readers = readers or list(Staff.objects.filter(company=self.supply).order_by("employee_no")[:3]) or [None]
        dmas = list(DMA.objects.filter(company=self.supply).order_by("code"))
        sizes = {dma.pk: sum(1 for p in self.points if p["dma_id"] == dma.pk) for dma in dmas}
        bimonthly = min(dmas, key=lambda d: (sizes[d.pk], d.code)).pk if len(dmas) > 1 else None
        books: dict[int | None, ReadingBook] = {}
        for i, dma in enumerate(dmas):
            books[dma.pk] = ReadingBook(
                company=self.supply,
                code=f"CB-{dma.code.rsplit('-', 1)[-1]}",
                name=f"{dma.name}抄表本",
                reader=readers[i % len(readers)],
                cycle_months=2 if dma.pk == bimonthly else 1,
                read_day=20 + rng.randint(0, 6),
            )
        if any(p["dma_id"] not in books for p in self.points):
            books[None] = ReadingBook(company=self.supply, code="CB-00", name="零散户抄表本", reader=readers[0])
        books["bulk"] = ReadingBook(
            company=self.supply, code="CB-TS", name="乡镇趸售抄表本", reader=readers[0], read_day=25
        )
        ReadingBook.objects.bulk_create(books.values())
        return books

    # -- customers, accounts, meters -------------------------------------------------------------------------

    def customers_and_accounts(self, books):
        """Households in the residential buildings, one account at every other service point, and fire and
        municipal water beside a few hydrants."""
        rng = self.rng
        others = [p for p in self.points if p["subtype"] != ServicePointType.RESIDENTIAL]
        industrial = [p for p in others if p["subtype"] == ServicePointType.INDUSTRIAL]
        special = {p["id"] for p in rng.sample(industrial, min(3, len(industrial)))}
        shops = [p for p in others if p["subtype"] == ServicePointType.NON_RESIDENTIAL]
        count = min(len(shops), max(1, round(len(others) * SMALL_BUSINESS_SHARE)))
        small = {p["id"] for p in rng.sample(shops, count)}
        customers: dict[str, Customer] = {}  # organisations by name: one customer, several accounts
        born = (date(1940, 1, 1).toordinal(), date(2004, 12, 31).toordinal())

        def person(address):
            return Customer(
                company=self.supply,
                kind=CustomerKind.PERSON,
                name=fictional_name(rng),
                identity=person_id(rng, date.fromordinal(rng.randint(*born))),
                phone=phone(rng),
                address=address,
            )

        def organisation(name, kind, address, small_business=False, note=""):
            if name not in customers:
                customers[name] = Customer(
                    company=self.supply,
                    kind=CustomerKind.ORGANISATION,
                    name=name,
                    identity=credit_code(rng, kind),
                    phone=phone(rng),
                    address=address,
                    small_business=small_business,
                    note=note,
                )
            return customers[name]

        def account(point, customer, use_type, daily, address=None, size=None, method=None, bulk=False):
            book = books["bulk"] if bulk else books.get(point["dma_id"]) or books[None]
            home = use_type == UseType.RESIDENTIAL
            self.plans.append(
                Plan(
                    bulk=bulk,
                    account=Account(
                        company=self.supply,
                        service_point_id=point["id"] if point else None,
                        use_type=use_type,
                        household_size=size,
                        address=address or (point["address"] if point else ""),
                        reading_book=book,
                        opened_on=date(rng.randint(1998, 2022), rng.randint(1, 12), rng.randint(1, 28)),
                    ),
                    customer=customer,
                    book=book,
                    daily_m3=daily,
                    method=method or self._method(home),
                )
            )

        for point in self.points:
            attrs = point["attrs"] or {}
            average = float(attrs.get("average_m3_per_day") or 0.3)
            subtype = point["subtype"]
            if subtype == ServicePointType.RESIDENTIAL:
                housed = 0.0
                # Each account is one of the building's households: its share of the point's use, by its size.
                households = int(attrs.get("households") or 4)
                for n in range(min(12, max(2, round(households * HOUSEHOLD_SHARE)))):
                    size = rng.choices(SIZES, weights=SIZE_WEIGHTS)[0]
                    flat = f"{n // 6 + 1}单元{n % 6 // 2 + 1 + rng.randint(0, 4)}0{n % 2 + 1}室"
                    address = f"{point['address']}{point['name']}{flat}"
                    habit = rng.choices((0.04, 1.0, 2.4), weights=(3, 95, 2))[0]  # empty flats, heavy users
                    daily = average / households * size / MEAN_SIZE * rng.uniform(0.7, 1.3) * habit
                    account(point, person(address), UseType.RESIDENTIAL, daily, address, size)
                    housed += daily
                # The building's other households are on its master meter (总表), billed to its property office.
                if average - housed > 0.05:
                    office = organisation(f"{point['name']}物业服务中心", "91", point["address"])
                    account(point, office, UseType.RESIDENTIAL, average - housed, method=PaymentMethod.BANK)
                continue
            daily = average * rng.uniform(0.9, 1.1)
            street = point["address"].removeprefix(f"{CITY}市")
            if point["id"] in special:
                trade = SPECIAL[len(customers) % len(SPECIAL)]
                customer = organisation(f"{CITY}市{rng.choice(BUSINESS_WORDS)}{trade}", "91", point["address"])
                account(point, customer, UseType.SPECIAL, daily)
            elif point["id"] in small:
                owner = fictional_name(rng)
                name = f"{CITY}市{street[:2]}{owner[0]}记{rng.choice(SHOPS)}"
                customer = organisation(name, "92", point["address"], True, f"个体工商户，经营者{owner}")
                account(point, customer, UseType.NON_RESIDENTIAL, min(daily, 2.0))
            elif subtype == ServicePointType.HOSPITAL:
                # One hospital holds the accounts of its branches.
                customer = organisation(f"{CITY}市人民医院", "12", point["address"])
                account(point, customer, UseType.NON_RESIDENTIAL, daily)
            elif subtype in (ServicePointType.SCHOOL, ServicePointType.CARE_HOME):
                customer = organisation(f"{CITY}市{point['name']}", "12", point["address"])
                account(point, customer, UseType.NON_RESIDENTIAL, daily)
            else:
                trade = rng.choice(TRADES.get(subtype) or TRADES[ServicePointType.NON_RESIDENTIAL])
                customer = organisation(f"{CITY}{rng.choice(BUSINESS_WORDS)}{trade}有限公司", "91", point["address"])
                account(point, customer, UseType.NON_RESIDENTIAL, daily)

        hydrants = {
            h["node_id"]: h
            for h in Asset.objects.filter(kind=Kind.HYDRANT, company=self.supply)
            .order_by("code")
            .values("code", "name", "node_id")
        }
        beside = [p for p in self.points if p["node_id"] in hydrants] or self.points
        for (name, kind, use), point in zip(
            MUNICIPAL, rng.sample(beside, min(len(beside), len(MUNICIPAL))), strict=False
        ):
            hydrant = hydrants.get(point["node_id"])
            where = f"{hydrant['name']}（{hydrant['code']}）旁" if hydrant else point["address"]
            customer = organisation(name, kind, where)
            customer.note = "；".join(filter(None, [customer.note, use]))
            account(point, customer, UseType.FIRE_MUNICIPAL, rng.uniform(0.1, 0.6), where, method=PaymentMethod.BANK)

        centre = sum(float((p["attrs"] or {}).get("average_m3_per_day") or 0.3) for p in self.points)
        towns = (CITY_M3_PER_DAY - centre / (1 - BACKGROUND_LEAKAGE)) * (1 - TRUNK_LOSS)
        for name, share in TOWNS:
            where = f"{name[:3]}（城乡供水一体化趸售计量点）"
            works = organisation(f"{CITY}市{name}", "12", where, note="乡镇供水站，趸售")
            account(None, works, UseType.NON_RESIDENTIAL, towns * share, where, method=PaymentMethod.BANK, bulk=True)

        unique = list({id(p.customer): p.customer for p in self.plans}.values())
        for i, customer in enumerate(unique, start=1):
            customer.number = f"KH{i:07d}"
        Customer.objects.bulk_create(unique, batch_size=2000)
        route: dict[str, int] = {}
        for i, plan in enumerate(self.plans, start=1):
            plan.account.customer = plan.customer
            plan.account.number = f"{i:08d}"
            route[plan.book.code] = route.get(plan.book.code, 0) + 1
            plan.account.route_order = route[plan.book.code]
        Account.objects.bulk_create([p.account for p in self.plans], batch_size=2000)
        self.by_account = {p.account.pk: p for p in self.plans}
        self.counts.update(customers=len(unique), accounts=len(self.plans))

    def _method(self, home: bool) -> str:
        return self.rng.choices(
            [PaymentMethod.BANK, PaymentMethod.WECHAT, PaymentMethod.ALIPAY, PaymentMethod.CASH, PaymentMethod.CARD],
            weights=(30, 30, 22, 12, 6) if home else (50, 15, 10, 15, 10),
        )[0]

    def meters(self):
        """One meter an account: DN15–20 in homes, DN25–100 by use elsewhere; fitted years ago and sealed."""
        rng = self.rng
        sizes = ((2, 25), (6, 32), (15, 40), (30, 50), (50, 80), (2000, 100), (math.inf, 300))  # (m³ a day below, DN)
        meters = []
        for i, plan in enumerate(self.plans, start=1):
            home = plan.account.use_type == UseType.RESIDENTIAL
            kind = rng.choices(
                [MeterType.MECHANICAL, MeterType.AMR, MeterType.NB_IOT, MeterType.ULTRASONIC],
                weights=(55, 15, 25, 5) if home else (40, 20, 20, 20),
            )[0]
            size = (15 if rng.random() < 0.75 else 20) if home else next(dn for up, dn in sizes if plan.daily_m3 < up)
            installed = date(rng.randint(2012, 2023), rng.randint(1, 12), rng.randint(1, 28))
            remote = kind in (MeterType.AMR, MeterType.NB_IOT)
            plan.meter = Meter(
                serial=f"{'SB' if kind == MeterType.MECHANICAL else 'ZN'}{installed.year % 100:02d}{i:06d}",
                account=plan.account,
                size_mm=size,
                meter_type=kind,
                digits=8 if plan.bulk else 5 if size <= 20 or rng.random() < 0.2 else 6,
                install_date=installed,
                seal=f"QF{rng.randint(1000000, 9999999)}",
                device_id=f"{'NB' if kind == MeterType.NB_IOT else 'AMR'}-{i:08d}" if remote else "",
            )
            meters.append(plan.meter)
        Meter.objects.bulk_create(meters, batch_size=2000)
        self.counts["meters"] = len(meters)

    # -- a year of reads -------------------------------------------------------------------------------------

    def read_dates(self, book: ReadingBook) -> list[date]:
        """The book's read days: the baseline month, then every ``cycle_months`` up to last month."""
        months = [add_months(self.baseline, i) for i in range(MONTHS + 1)]
        months = [m for i, m in enumerate(months) if (MONTHS - i) % book.cycle_months == 0]
        return [
            m.replace(day=min(calendar.monthrange(m.year, m.month)[1], book.read_day + self.rng.randint(-2, 2)))
            for m in months
        ]

    def readings(self):
        """Monthly reads with a summer peak; a few no-access estimates, one faulty meter estimated, two meters
        rolling over, and one read keyed wrong (corrected after its bill)."""
        rng = self.rng
        homes = [p for p in self.plans if p.account.use_type == UseType.RESIDENTIAL and p.book.cycle_months == 1]
        picked = rng.sample(homes, min(4, len(homes)))
        rolling = picked[:2]
        self.faulty = picked[2] if len(picked) > 2 else None
        self.miskeyed = picked[3] if len(picked) > 3 else None
        rows, estimates = [], 0
        for plan in self.plans:
            meter = plan.meter
            capacity = 10**meter.digits
            days = self.read_dates(plan.book)
            remote = meter.meter_type in (MeterType.AMR, MeterType.NB_IOT)
            source = (
                ReadingSource.AMR if remote else rng.choice([ReadingSource.HANDHELD] * 7 + [ReadingSource.MANUAL] * 3)
            )
            # What the meter really shows on each read day (not wrapped at its dials), with a summer peak.
            used = [round(plan.daily_m3 * 30) or 1]
            for a, b in zip(days, days[1:], strict=False):
                middle = a + (b - a) / 2
                # The same seasonal curve as the plants' outflow (telemetry demo), so the balance holds month by month.
                season = plant_season(middle)
                noise = rng.lognormvariate(0, 0.02 if plan.bulk else 0.15)
                used.append(max(1, round(plan.daily_m3 * (b - a).days * season * noise)))
            if plan in rolling:
                start = capacity - sum(used[1:4]) + rng.randint(1, used[1])
            else:
                years = (days[0] - meter.install_date).days / 365
                start = round(plan.daily_m3 * 365 * years * rng.uniform(0.8, 1.1)) % capacity
            true = [start]
            for u in used[1:]:
                true.append(true[-1] + u)
            shown = list(true)
            kinds = [ReadingKind.ACTUAL] * len(days)
            notes = [""] * len(days)
            if plan is self.faulty:
                # The dials stopped two reads ago: both reads are estimates from the year's average.
                for i in (len(days) - 2, len(days) - 1):
                    average = engine.average_m3([shown[j] - shown[j - 1] for j in range(1, i)], 12)
                    shown[i] = shown[i - 1] + max(1, average)
                    kinds[i], notes[i] = ReadingKind.METER_FAULT, "水表停走，按前12个月平均水量估收"
                    estimates += 1
                meter.status = MeterStatus.FAULTY
            elif meter.meter_type == MeterType.MECHANICAL:
                for i in range(1, len(days) - 1):
                    if rng.random() < 0.012:
                        # No one home: estimated, never past what the next actual read shows.
                        average = engine.average_m3([shown[j] - shown[j - 1] for j in range(1, i)], 12) or used[i]
                        shown[i] = shown[i - 1] + max(1, min(average, true[i + 1] - shown[i - 1] - 1))
                        kinds[i], notes[i] = ReadingKind.NO_ACCESS, "无人在家，估抄"
                        estimates += 1
            if plan is self.miskeyed:
                shown[-1] += MISKEYED_BY  # corrected after the last run
            for i, day in enumerate(days):
                value = shown[i] % capacity
                rows.append(
                    MeterReading(
                        meter=meter,
                        account=plan.account,
                        read_on=day,
                        value=value,
                        consumption=shown[i] - shown[i - 1] if i else used[0],
                        kind=kinds[i],
                        source=source if kinds[i] == ReadingKind.ACTUAL else ReadingSource.MANUAL,
                        rollover=bool(i) and value < shown[i - 1] % capacity,
                        note=notes[i],
                    )
                )
        MeterReading.objects.bulk_create(rows, batch_size=5000)
        if self.faulty is not None:
            Meter.objects.filter(pk=self.faulty.meter.pk).update(status=MeterStatus.FAULTY)
        self.counts.update(readings=len(rows), estimated_reads=estimates)

    # -- billing and payments --------------------------------------------------------------------------------

    def habits(self):
        """Who falls behind (a few %, about half the small businesses among them) and who pays in advance."""
        rng = self.rng
        able = [
            p
            for p in self.plans
            if p.account.use_type != UseType.FIRE_MUNICIPAL and p is not self.faulty and not p.bulk
        ]
        small = [p for p in able if p.customer.small_business]
        for plan in rng.sample(small, min(len(small), max(3, len(small) // 2))):
            plan.debtor_from = MONTHS - rng.randint(3, 6)
        for plan in rng.sample(able, round(len(able) * DEBTOR_SHARE)):
            if plan.debtor_from is None:
                plan.debtor_from = MONTHS - 1 - rng.choice([1, 1, 1, 2, 2, 3, 4, 5, 6])
        payers = [
            p for p in able if p.debtor_from is None and p.method != PaymentMethod.BANK and p is not self.miskeyed
        ]
        for plan in rng.sample(payers, min(6, len(payers))):
            plan.prepaid = True

    def bill_the_year(self):
        for index, period in enumerate(self.periods):
            run = services.start_billing_run(self.supply, period)
            # The part is one transaction, so the queued job would start only at its end: run it now (the job
            # then finds the run done and leaves it).
            run = services.execute_billing_run(run.pk)
            if run.status != RunStatus.DONE:
                raise RuntimeError(f"billing run {period}: {run.error}")
            if index == MONTHS - 1:
                self.correct_the_miskeyed_read(period)
            self.pay(index, period)

    def pay(self, index: int, period: str) -> None:
        """The period's bills paid at the windows, by WeChat and Alipay before the due date and by the banks'
        collection batch three days before it; a few late (with the late fee), the debtors not at all.

        Late payments and top-ups go through ``take_payment`` in every month; so, in the last
        ``SERVICE_MONTHS`` months, do the windows' payments and the banks' batch (``import_bank_batch``). The
        other on-time payments are history written in bulk: at about 4 ms a payment, the services would take
        three minutes for the year on SQLite.
        """
        rng = self.rng
        issued, due = services.bill_dates(period)
        live = index >= MONTHS - SERVICE_MONTHS
        bank_day = due - timedelta(days=3)
        bank_at = datetime.combine(bank_day, time(10, 0), self.tz)
        batch, history = [], []
        bills = (
            Bill.objects.filter(company=self.supply, period=period, status__in=OPEN_BILL_STATUSES)
            .order_by("account_id")
            .values_list("pk", "account_id", "amount", "paid")
        )
        for bill_id, account_id, amount, paid in bills:
            plan = self.by_account[account_id]
            outstanding = amount - paid
            if outstanding <= 0 or (plan.debtor_from is not None and index >= plan.debtor_from):
                continue
            if plan.method == PaymentMethod.BANK:
                if bank_day <= self.today:
                    (batch if live else history).append((plan, bill_id, outstanding, bank_at))
                continue
            late = rng.random() < LATE_SHARE
            day = due + timedelta(days=rng.randint(18, 30)) if late else issued + timedelta(days=rng.randint(1, 15))
            if plan.last_paid is not None:
                day = max(day, plan.last_paid + timedelta(days=1))
            if day > self.today:
                continue
            plan.last_paid = day
            at = datetime.combine(day, time(rng.randint(8, 20), rng.randint(0, 59)), self.tz)
            top_up = Decimal(rng.choice([200, 300, 500])) if plan.prepaid and index == MONTHS - 3 else 0
            if not (late or top_up or (live and plan.method in AT_THE_WINDOW)):
                history.append((plan, bill_id, outstanding, at))
                continue
            if late:
                # The bill and its late fee on the day (none under a relief policy).
                owed = services.owed(plan.account, day)
                outstanding = sum(item["total"] for item in owed if item["bill"].period <= period)
                self.counts["late_payments"] = self.counts.get("late_payments", 0) + 1
            window = rng.choice(WINDOWS) if plan.method in AT_THE_WINDOW else ""
            services.take_payment(plan.account, outstanding + top_up, plan.method, window=window, received_at=at)
        bank = BANKS[index % len(BANKS)]
        if batch:
            rows = [
                {
                    "account": plan.account.number,
                    "amount": amount,
                    "paid_at": at,
                    "reference": self._reference(bank, at),
                }
                for plan, _bill_id, amount, at in batch
            ]
            result = services.import_bank_batch(rows)
            if result["errors"]:
                raise RuntimeError(f"bank batch {period}: {result['errors'][:3]}")
        if history:
            self.record_history(history, bank)

    def _reference(self, bank: str, at: datetime) -> str:
        self.counts["_bank_lines"] = self.counts.get("_bank_lines", 0) + 1
        return f"{bank}{timezone.localdate(at):%Y%m%d}{self.counts['_bank_lines']:07d}"

    def record_history(self, rows: list[tuple], bank: str) -> None:
        """On-time payments of whole bills, each its account's only open bill, written as ``take_payment``
        writes them: a payment numbered from the same counter, its allocation, the bill paid that day."""
        days = [timezone.localdate(at) for *_, at in rows]
        numbers: dict[int, int] = {}
        for year in sorted({day.year for day in days}):
            count = sum(1 for day in days if day.year == year)
            Sequence.objects.get_or_create(name=f"SK-{year}")
            Sequence.objects.filter(name=f"SK-{year}").update(value=F("value") + count)
            numbers[year] = Sequence.objects.get(name=f"SK-{year}").value - count
        payments = []
        for (plan, _bill_id, amount, at), day in zip(rows, days, strict=True):
            numbers[day.year] += 1
            payments.append(
                Payment(
                    number=f"SK-{day.year}-{numbers[day.year]:08d}",
                    company=self.supply,
                    account=plan.account,
                    amount=amount,
                    method=plan.method,
                    received_at=at,
                    window=self.rng.choice(WINDOWS) if plan.method in AT_THE_WINDOW else "",
                    reference=self._reference(bank, at) if plan.method == PaymentMethod.BANK else "",
                )
            )
        Payment.objects.bulk_create(payments, batch_size=2000)
        if payments[0].pk is None:  # a database that does not return keys from a bulk insert
            keys = dict(Payment.objects.filter(number__in=[p.number for p in payments]).values_list("number", "pk"))
            for payment in payments:
                payment.pk = keys[payment.number]
        Allocation.objects.bulk_create(
            [
                Allocation(payment=payment, bill_id=bill_id, amount=amount)
                for payment, (_plan, bill_id, amount, _at) in zip(payments, rows, strict=True)
            ],
            batch_size=2000,
        )
        paid_on: dict[date, list[int]] = {}
        for (_plan, bill_id, _amount, _at), day in zip(rows, days, strict=True):
            paid_on.setdefault(day, []).append(bill_id)
        for day, ids in paid_on.items():
            Bill.objects.filter(pk__in=ids).update(paid=F("amount"), status=BillStatus.PAID, paid_on=day)

    def correct_the_miskeyed_read(self, period: str) -> None:
        """The reader keyed the last read of one meter 90 m³ too high; it is checked, corrected and rebilled."""
        plan = self.miskeyed
        if plan is None:
            return
        reading = MeterReading.objects.filter(meter=plan.meter).order_by("-read_on").first()
        wrong = reading.value
        reading.value = (wrong - MISKEYED_BY) % 10**plan.meter.digits
        reading.consumption -= MISKEYED_BY
        reading.note = f"抄表误录（原读数 {wrong}），复核更正"
        reading.save(update_fields=["value", "consumption", "note"])
        bill = Bill.objects.get(account=plan.account, period=period, revision=1)
        services.rebill(bill, "抄表误录，按复核读数重新计费")

    def arrears_steps(self):
        """A bounced bank payment reversed, demands for payment, two disconnection warnings (one carried out)."""
        today = self.today
        bounced = (
            Payment.objects.filter(company=self.supply, method=PaymentMethod.BANK, status=PaymentStatus.OK)
            .exclude(account__customer__small_business=True)
            .order_by("-received_at", "number")
            .first()
        )
        if bounced is not None:
            services.reverse_payment(bounced, "银行退票：代扣账户余额不足")
        first = services.send_notices(self.supply, on=today - timedelta(days=20))
        second = services.send_notices(self.supply, on=today - timedelta(days=10))
        warned_on = today - timedelta(days=8)
        two_demands = set(
            ArrearsNotice.objects.filter(kind__in=[NoticeKind.FIRST, NoticeKind.SECOND])
            .values("account_id")
            .annotate(n=Count("id"))
            .filter(n__gte=2)
            .values_list("account_id", flat=True)
        )
        warnings = []
        for row in services.arrears(company=self.supply, on=warned_on):
            if not row["relief"] and row["account_id"] in two_demands and len(warnings) < 2:
                account = Account.objects.get(pk=row["account_id"])
                warnings.append(services.warn_disconnection(account, on=warned_on))
        if warnings:
            services.disconnect(warnings[0], on=max(warnings[0].earliest_on, today - timedelta(days=2)))
        self.counts.update(
            first_notices=first.get(NoticeKind.FIRST, 0) + second.get(NoticeKind.FIRST, 0),
            second_notices=second.get(NoticeKind.SECOND, 0),
            disconnection_warnings=len(warnings),
            disconnected=min(1, len(warnings)),
        )


@demo.part("customers", after=("org", "assets"), label="Customers and billing")
def build(ctx):
    builder = Builder(ctx)
    if not builder.points:
        return {"skipped": "no service points"}
    books = builder.books()
    builder.customers_and_accounts(books)
    builder.meters()
    builder.readings()
    builder.habits()
    start = services.parse_period(builder.periods[0])[0]
    relief = services.grant_relief(ReliefPolicy.objects.get(code="NO-CUTOFF-2022"), on=start)
    builder.bill_the_year()
    builder.arrears_steps()
    figures = services.summary(builder.supply, start, builder.today)
    counts = {k: v for k, v in builder.counts.items() if not k.startswith("_")}
    return {
        **counts,
        "books": len(books),
        "runs": len(builder.periods),
        "bills": Bill.objects.filter(company=builder.supply).exclude(status=BillStatus.CANCELLED).count(),
        "billed": figures["billed_amount"],
        "collection_rate": figures["collection_rate"],
        "payments": Payment.objects.filter(company=builder.supply).count(),
        "exceptions": BillingException.objects.filter(run__company=builder.supply).count(),
        "arrears_accounts": sum(v["accounts"] for v in figures["arrears_by_age"].values()),
        "relief_accounts": relief,
        "relief_benefited": figures["relief_accounts_benefited"],
        # 0.01 and up: on SQLite the balance arithmetic can leave a float residue such as 1e-14.
        "prepaid_accounts": Account.objects.filter(company=builder.supply, balance__gte=Decimal("0.01")).count(),
    }
