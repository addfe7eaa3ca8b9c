"""Six months at the demo city's service counter: the windows and about 120 applications of every type.

The government service hall and four town centres (fictional towns of 澄湖) receive applications of every
type; each ends in every state (received, in progress, completed, refused, cancelled), some still open past
their time limit. Applications walk the real services — receive, advance, complete, refuse, cancel — at
past times, so completed ones really changed the customers' records through ``customers.changes``. Without
accounts (no customers demo) only the applications that need none are made.

Everyone here is fictional: names are drawn at random, ID numbers carry the unassigned county code 330499,
phone numbers the unassigned 170-0000 range.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils import timezone

from shuiwu.core import demo
from shuiwu.core.exceptions import ConflictError
from shuiwu.customers.choices import OPEN_BILL_STATUSES, AccountStatus, CustomerKind, UseType
from shuiwu.customers.models import Account
from shuiwu.org.demo import CITY, fictional_name, phone
from shuiwu.org.models import Company
from shuiwu.service import services
from shuiwu.service.choices import NEEDS_ACCOUNT, ApplicationKind, RejectionReason, Status, WindowKind
from shuiwu.service.models import Application, ApplicationStep, ApplicationType, Window

DAYS = 182
EXTRA = 60  # applications beyond one of every type in every state
COUNTY = "330499"  # an unassigned county code: no real person has it
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)

# code, name, kind, address, weight of the applications it receives
WINDOWS = [
    ("ZWFW", f"{CITY}市政务服务中心 水电气联办窗口", WindowKind.SERVICE_HALL, f"{CITY}市市民大道88号", 40),
    ("LT", "柳塘镇便民服务中心", WindowKind.TOWN_CENTRE, "柳塘镇柳塘路12号", 12),
    ("HX", "荷溪镇便民服务中心", WindowKind.TOWN_CENTRE, "荷溪镇荷花街3号", 10),
    ("LW", "芦湾镇便民服务中心", WindowKind.TOWN_CENTRE, "芦湾镇新村路21号", 8),
    ("CD", "澄东街道便民服务中心", WindowKind.TOWN_CENTRE, f"{CITY}市澄东路156号", 12),
    ("WT", "网上营业厅", WindowKind.ONLINE, "", 18),
]
ROADS = ["文昌路", "南河街", "新华路", "东湖大道", "梅园路", "金桥路", "当湖路", "朝阳路", "长安路", "柳塘路"]
ESTATES = ["锦绣", "翠湖", "阳光", "东湖", "南苑", "丽景", "桂花", "绿洲", "明珠", "香樟"]
SHOPS = ["便利店", "餐饮店", "理发店", "洗车店", "茶叶店", "面馆", "水果店"]
SITES = ["建设工地", "临时展销会", "道路施工项目部", "农贸市场改造工地"]
REFUSALS = [
    (RejectionReason.DEMOLITION, "地块已列入拆迁范围"),
    (RejectionReason.ILLEGAL_BUILDING, "房屋为违章建筑，无法提供合法产权证明"),
    (RejectionReason.MASTER_METER, "该户位于总表后，需由物业统一申请"),
    (RejectionReason.SITE_NOT_READY, "现场未达到三通一平条件"),
    (RejectionReason.DISPUTE, "房屋产权存在争议"),
]
STATES = [Status.COMPLETED, Status.IN_PROGRESS, Status.RECEIVED, Status.REJECTED, Status.CANCELLED]
STATE_WEIGHTS = [60, 14, 8, 10, 8]


def person_id(rng, born: date) -> str:
    body = f"{COUNTY}{born:%Y%m%d}{rng.randint(0, 999):03d}"
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, ID_WEIGHTS, strict=True)) % 11]


class Counter:
    def __init__(self, ctx):
        self.rng = ctx.rng("service")
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.tz = timezone.get_current_timezone()
        self.cal = services.calendar()
        self.company = Company.objects.filter(code="SUPPLY").first() or Company.objects.order_by("pk").first()
        self.clerk = get_user_model().objects.filter(username="window").first()
        accounts = (
            Account.objects.filter(company=self.company, status=AccountStatus.ACTIVE)
            .select_related("customer")
            .annotate(unpaid=Count("bills", filter=Q(bills__status__in=OPEN_BILL_STATUSES)))
            .order_by("number")
        )
        self.clean = [a for a in accounts if not a.unpaid]
        self.owing = [a for a in accounts if a.unpaid]
        self.rng.shuffle(self.clean)
        self.rng.shuffle(self.owing)
        self.counts = dict.fromkeys(Status.values, 0)

    # -- windows --------------------------------------------------------------------------------------------

    def windows(self) -> list[tuple[Window, int]]:
        made = []
        for code, name, kind, address, weight in WINDOWS:
            window, _ = Window.objects.get_or_create(
                code=code,
                defaults={
                    "company": self.company,
                    "name": name,
                    "kind": kind,
                    "address": address,
                    "phone": "" if kind == WindowKind.ONLINE else f"0573-8{self.rng.randint(1000000, 9999999)}",
                },
            )
            made.append((window, weight))
        return made

    # -- times -------------------------------------------------------------------------------------------------

    def at(self, day: date) -> datetime:
        """A time in office hours on ``day``."""
        return datetime.combine(day, time(self.rng.choice([8, 9, 9, 10, 10, 11, 13, 14, 14, 15, 16])), self.tz) + (
            timedelta(minutes=self.rng.randint(0, 59))
        )

    def working_day(self, days_ago_low: int, days_ago_high: int) -> date:
        day = self.today - timedelta(days=self.rng.randint(days_ago_low, days_ago_high))
        while not self.cal.is_working_day(day):
            day -= timedelta(days=1)
        return day

    # -- what each kind brings ------------------------------------------------------------------------------------

    def address(self) -> str:
        rng = self.rng
        return f"{rng.choice(ROADS)}{rng.randint(1, 400)}号{rng.choice(ESTATES)}小区{rng.randint(1, 30)}幢"

    def account_for(self, kind: str, state: str) -> Account | None:
        if kind not in NEEDS_ACCOUNT:
            return None
        if state == Status.REJECTED and self.owing and self.rng.random() < 0.6:
            return self.owing.pop()
        return self.clean.pop() if self.clean else None

    def details(self, application_type: ApplicationType, account: Account | None) -> dict:
        rng = self.rng
        kind = application_type.kind
        if kind == ApplicationKind.NEW_CONNECTION:
            business = "NONRES" in application_type.code
            return {
                "customer_kind": CustomerKind.ORGANISATION if business else CustomerKind.PERSON,
                "address": self.address(),
                "use_type": UseType.NON_RESIDENTIAL if business else UseType.RESIDENTIAL,
                "household_size": None if business else rng.choice([1, 2, 3, 3, 4, 5]),
                "meter_size_mm": rng.choice([25, 32, 40]) if business else rng.choice([15, 20]),
                "identity": "" if business else person_id(rng, date(rng.randint(1955, 2000), rng.randint(1, 12), 15)),
            }
        if kind == ApplicationKind.TEMPORARY_WATER:
            return {
                "customer_name": f"{CITY}{rng.choice(SITES)}",
                "customer_kind": CustomerKind.ORGANISATION,
                "address": f"{rng.choice(ROADS)}{rng.randint(1, 400)}号",
                "use_type": UseType.NON_RESIDENTIAL,
                "until": (self.today + timedelta(days=rng.randint(60, 240))).isoformat(),
                "meter_size_mm": rng.choice([25, 40, 50]),
            }
        if kind == ApplicationKind.TRANSFER:
            return {
                "new_name": fictional_name(rng),
                "new_identity": person_id(rng, date(rng.randint(1960, 2000), rng.randint(1, 12), 10)),
                "new_phone": phone(rng),
                "new_kind": CustomerKind.PERSON,
            }
        if kind == ApplicationKind.RENAME:
            return {"new_name": fictional_name(rng)}
        if kind == ApplicationKind.METER_RELOCATION:
            return {"new_address": self.address()}
        if kind == ApplicationKind.METER_CHANGE:
            current = account.meters.order_by("-install_date").first() if account else None
            sizes = [s for s in (15, 20, 25, 32, 40, 50) if not current or s != current.size_mm]
            return {"new_size_mm": rng.choice(sizes)}
        if kind == ApplicationKind.USE_TYPE_CHANGE:
            options = [
                u for u in (UseType.RESIDENTIAL, UseType.NON_RESIDENTIAL) if not account or u != account.use_type
            ]
            return {"new_use_type": options[0] if options else UseType.NON_RESIDENTIAL}
        if kind == ApplicationKind.METER_SPLIT:
            return {"customer_name": fictional_name(rng), "household_size": rng.choice([1, 2, 3]), "meter_size_mm": 15}
        if kind == ApplicationKind.METER_MERGE:
            other = self.clean.pop() if self.clean else None
            return {"merge_accounts": [other.number]} if other else {}
        return {}

    def applicant(self, application_type: ApplicationType, details: dict, account: Account | None) -> str:
        if account is not None and self.rng.random() < 0.8:
            return account.customer.name
        if details.get("customer_name"):
            return details["customer_name"]
        if "NONRES" in application_type.code:
            return f"{self.rng.choice(ROADS)}{self.rng.choice(SHOPS)}"
        return fictional_name(self.rng)

    # -- one application ------------------------------------------------------------------------------------------

    def received_day(self, state: str, application_type: ApplicationType) -> date:
        limit = application_type.limit_working_days
        if state == Status.COMPLETED:
            return self.working_day(limit * 2 + 6, DAYS)
        if state in (Status.RECEIVED, Status.IN_PROGRESS):
            # Most open applications are recent; some have run past their time limit.
            if self.rng.random() < 0.35:
                return self.working_day(limit * 2 + 3, limit * 2 + 25)
            return self.working_day(0, max(1, limit))
        return self.working_day(3, DAYS)

    def prepare(self, application_type: ApplicationType, window: Window, state: str) -> dict | None:
        """Who applies, for which account, with what, and when: drawn before any is received."""
        rng = self.rng
        account = self.account_for(application_type.kind, state)
        if application_type.kind in NEEDS_ACCOUNT and account is None:
            return None
        details = self.details(application_type, account)
        if application_type.kind == ApplicationKind.METER_MERGE and not details:
            return None
        documents = list(application_type.documents)
        if state == Status.RECEIVED and rng.random() < 0.5 and documents:
            documents.remove(rng.choice(documents))
        day = self.received_day(state, application_type)
        return {
            "state": state,
            "received_at": min(self.at(day), self.now - timedelta(minutes=30)),
            "receive": {
                "application_type": application_type,
                "window": window,
                "applicant_name": self.applicant(application_type, details, account),
                "applicant_phone": phone(rng),
                "account": account,
                "details": details,
                "documents_received": documents,
            },
        }

    def make(self, item: dict) -> Application | None:
        try:
            application = services.receive(user=None, received_at=item["received_at"], **item["receive"])
        except ValidationError:
            return None
        Application.objects.filter(pk=application.pk).update(created_by=self.clerk)
        if application.status == Status.REJECTED:  # refused at once for arrears
            return application
        self.walk(application, item["state"], item["received_at"])
        ApplicationStep.objects.filter(application=application, finished_at__isnull=False).update(
            finished_by=self.clerk
        )
        return application

    def walk(self, application: Application, state: str, received_at: datetime) -> None:
        rng = self.rng
        steps = list(application.steps.order_by("order"))
        last_time = received_at
        if state in (Status.REJECTED, Status.CANCELLED):
            # Refused or withdrawn part-way: after the intake, or at once.
            if rng.random() < 0.5 and len(steps) > 1 and application.documents_complete:
                last_time = self.step_time(last_time, steps[0].limit_working_days, late=False)
                services.advance(application, user=None, at=last_time)
            at = min(last_time + timedelta(hours=rng.randint(1, 30)), self.now - timedelta(minutes=5))
            if state == Status.REJECTED:
                code, reason = rng.choice(REFUSALS)
                services.reject(application, user=None, code=code, reason=reason, at=at)
            else:
                services.cancel(application, user=None, reason=rng.choice(["申请人撤回申请", "申请人暂缓办理"]), at=at)
            return
        if state == Status.RECEIVED:
            return
        late = rng.random() < 0.12
        to_do = len(steps) - 1 if state == Status.COMPLETED else rng.randint(1, max(1, len(steps) - 1))
        for step in steps[:to_do]:
            when = self.step_time(last_time, step.limit_working_days, late=late and rng.random() < 0.5)
            if when >= self.now:
                return
            application = services.advance(application, user=None, at=when)
            last_time = when
        if state != Status.COMPLETED or application.current_step < len(steps) - 1:
            return
        when = self.step_time(last_time, steps[-1].limit_working_days, late=late)
        if when >= self.now:
            return
        try:
            services.complete(application, user=None, at=when)
        except (ValidationError, ConflictError) as exc:
            reason = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            services.reject(application, user=None, code=RejectionReason.OTHER, reason=reason[:300], at=when)

    def step_time(self, start: datetime, limit: int, *, late: bool) -> datetime:
        """When a step started at ``start`` is done: within its limit, or a few working days late."""
        day = timezone.localtime(start).date()
        spend = limit + self.rng.randint(1, 3) if late else self.rng.randint(0, limit) if limit else 0
        done = self.cal.add(day, spend)
        when = self.at(done)
        return max(when, start + timedelta(minutes=self.rng.randint(20, 90)))


@demo.part("service", after=("org", "customers"), label="Service counter")
def build(ctx):
    counter = Counter(ctx)
    if counter.company is None:
        return {"skipped": "no company"}
    windows = counter.windows()
    types = list(ApplicationType.objects.filter(active=True))
    if not counter.clean and not counter.owing:
        types = [t for t in types if t.kind not in NEEDS_ACCOUNT]
    rng = counter.rng
    plan = [(t, s) for t in types for s in STATES]
    plan += [(rng.choice(types), rng.choices(STATES, weights=STATE_WEIGHTS)[0]) for _ in range(EXTRA)]
    # Received in time order, so the numbers run with the days.
    items = []
    for application_type, state in plan:
        window = rng.choices([w for w, _ in windows], weights=[n for _, n in windows])[0]
        item = counter.prepare(application_type, window, state)
        if item is not None:
            items.append(item)
    made = [a for a in (counter.make(item) for item in sorted(items, key=lambda i: i["received_at"])) if a]
    for application in Application.objects.filter(pk__in=[a.pk for a in made]):
        counter.counts[application.status] += 1
    overdue = Application.objects.filter(services.overdue_q(counter.today), pk__in=[a.pk for a in made]).count()
    return {"windows": len(windows), "applications": len(made), **counter.counts, "overdue": overdue}
