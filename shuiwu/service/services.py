"""Service-counter operations: receive an application, work its steps against the clock, complete, refuse, cancel.

Completing an application runs its change through the customers app's account changes
(``shuiwu.customers.changes``); the service counter never writes customer, account or meter rows itself.
Every transition is a conditional update on the state the caller saw, inside one transaction with its steps.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from shuiwu.core import numbering, scope
from shuiwu.core.exceptions import ConflictError
from shuiwu.customers import changes
from shuiwu.customers.choices import AccountStatus, UseType
from shuiwu.customers.models import Account, Customer
from shuiwu.lib.workdays import Calendar
from shuiwu.service import details as detail_spec
from shuiwu.service import states
from shuiwu.service.choices import (
    CLOCK_COLOURS,
    NEEDS_ACCOUNT,
    OPEN_STATUSES,
    ApplicationKind,
    ClockState,
    RejectionReason,
    Status,
)
from shuiwu.service.models import Application, ApplicationStep, ApplicationType, Holiday, Window

NUMBER_PREFIX = "SQ"


# -- the working-day clock ------------------------------------------------------------------------------------


def calendar() -> Calendar:
    """The working-day calendar: weekends and the holidays table."""
    holidays, worked = [], []
    for day, working in Holiday.objects.values_list("day", "working"):
        (worked if working else holidays).append(day)
    return Calendar.of(holidays, worked)


def local_day(at: datetime) -> date:
    return timezone.localtime(at).date()


@dataclass(frozen=True)
class Clock:
    """Where an application or a step stands against its time limit; ``days`` are working days left or over."""

    state: str
    due_on: date | None
    days: int = 0

    @property
    def colour(self) -> str:
        return CLOCK_COLOURS[self.state]

    @property
    def label(self) -> str:
        if self.state == ClockState.OK:
            return _("%(n)s working days left") % {"n": self.days}
        if self.state == ClockState.OVERDUE:
            return _("%(n)s working days overdue") % {"n": self.days}
        return str(ClockState(self.state).label)


def _clock(due_on, started, finished_at, stopped: bool, today: date, cal: Calendar) -> Clock:
    if finished_at is not None:
        if due_on is None:
            return Clock(ClockState.DONE, due_on)
        late = local_day(finished_at) > due_on
        return Clock(
            ClockState.DONE_LATE if late else ClockState.DONE,
            due_on,
            cal.between(due_on, local_day(finished_at)) if late else 0,
        )
    if stopped:
        return Clock(ClockState.STOPPED, due_on)
    if due_on is None or not started:
        return Clock(ClockState.NOT_STARTED, due_on)
    if today > due_on:
        return Clock(ClockState.OVERDUE, due_on, max(1, cal.between(due_on, today)))
    if today == due_on:
        return Clock(ClockState.DUE_TODAY, due_on)
    return Clock(ClockState.OK, due_on, cal.between(today, due_on))


def clock(application: Application, *, today: date | None = None, cal: Calendar | None = None) -> Clock:
    """The application's clock: ok, due today, overdue, not started (documents missing), done or stopped."""
    today = today or timezone.localdate()
    cal = cal or calendar()
    finished = application.completed_at if application.status == Status.COMPLETED else None
    stopped = application.status in (Status.REJECTED, Status.CANCELLED)
    return _clock(application.due_on, application.due_on is not None, finished, stopped, today, cal)


def step_clock(step: ApplicationStep, *, today: date | None = None, cal: Calendar | None = None) -> Clock:
    today = today or timezone.localdate()
    cal = cal or calendar()
    stopped = step.finished_at is None and step.application.status in (Status.REJECTED, Status.CANCELLED)
    return _clock(step.due_on, step.started_at is not None, step.finished_at, stopped, today, cal)


def overdue_q(today: date | None = None) -> Q:
    """Open applications past their due day."""
    return Q(status__in=OPEN_STATUSES, due_on__lt=today or timezone.localdate())


def due_today_q(today: date | None = None) -> Q:
    return Q(status__in=OPEN_STATUSES, due_on=today or timezone.localdate())


# -- checks ------------------------------------------------------------------------------------------------------


def _check(user, permission: str, company_id: int | None = None) -> None:
    if user is None:
        return
    if company_id is not None:
        scope.check_company(user, company_id)
    if not user.has_perm(permission):
        raise PermissionDenied(_("You may not do this."))


def arrears_blocking(application_type: ApplicationType, account: Account | None, customer: Customer | None):
    """(unpaid bills, amount) that refuse this application, or None when nothing does."""
    if not application_type.refuse_with_arrears:
        return None
    accounts = [account] if account is not None else list(customer.accounts.all()) if customer is not None else []
    count, amount = 0, 0
    for each in accounts:
        n, owed = changes.arrears(each)
        count, amount = count + n, amount + owed
    return (count, amount) if count else None


def _accounts_by_number(company_id: int, numbers: list[str], field: str) -> list[Account]:
    found = {a.number: a for a in Account.objects.filter(company_id=company_id, number__in=numbers)}
    missing = [n for n in numbers if n not in found]
    if missing:
        raise ValidationError({field: _("Unknown accounts: %(numbers)s") % {"numbers": ", ".join(missing)}})
    return [found[n] for n in numbers]


def _check_references(kind: str, company_id: int, cleaned: dict, account: Account | None) -> None:
    """The asset codes and account numbers in the details exist in the company."""
    for key in ("service_point", "new_service_point"):
        if cleaned.get(key):
            changes._service_point(cleaned[key], company_id, field=key)
    if cleaned.get("merge_accounts"):
        others = _accounts_by_number(company_id, cleaned["merge_accounts"], "merge_accounts")
        if account is not None and any(o.pk == account.pk for o in others):
            raise ValidationError({"merge_accounts": _("An account cannot merge into itself.")})


# -- receiving ---------------------------------------------------------------------------------------------------


@transaction.atomic
def receive(
    *,
    user,
    application_type: ApplicationType,
    window: Window,
    applicant_name: str,
    applicant_phone: str = "",
    account: Account | None = None,
    customer: Customer | None = None,
    details: dict | None = None,
    documents_received=(),
    note: str = "",
    received_at: datetime | None = None,
) -> Application:
    """Record an application at a window.

    With every document on the checklist the intake step starts and the clock runs from the day received;
    otherwise the application is recorded with the missing documents listed, and cannot advance until they are
    brought. A type that is refused with arrears is refused at once when the account has unpaid bills.
    """
    _check(user, "service.add_application", window.company_id)
    errors = {}
    if not application_type.active:
        errors["type"] = _("This service is not offered any more.")
    if not window.active:
        errors["window"] = _("This window is closed.")
    if not str(applicant_name or "").strip():
        errors["applicant_name"] = _("Give the applicant's name.")
    kind = application_type.kind
    if account is not None:
        if account.company_id != window.company_id:
            errors["account"] = _("The account belongs to another company.")
        elif account.status == AccountStatus.CLOSED:
            errors["account"] = _("Account %(number)s is closed.") % {"number": account.number}
        customer = customer or account.customer
    elif kind in NEEDS_ACCOUNT:
        errors["account"] = _("Give the account this application changes.")
    if customer is not None and customer.company_id != window.company_id:
        errors["customer"] = _("The customer belongs to another company.")
    known = list(application_type.documents or [])
    documents = list(dict.fromkeys(str(d) for d in documents_received or []))
    unknown = [d for d in documents if d not in known]
    if unknown:
        errors["documents_received"] = _("Not on this service's checklist: %(names)s") % {"names": "、".join(unknown)}
    try:
        cleaned = detail_spec.clean(kind, details)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        cleaned = {}
    if errors:
        raise ValidationError(errors)
    _check_references(kind, window.company_id, cleaned, account)

    now = received_at or timezone.now()
    application = Application(
        company_id=window.company_id,
        number=numbering.next_number(NUMBER_PREFIX, local_day(now).year),
        type=application_type,
        window=window,
        applicant_name=applicant_name.strip(),
        applicant_phone=str(applicant_phone or "").strip(),
        account=account,
        customer=customer,
        details=cleaned,
        documents_received=documents,
        received_at=now,
        note=note,
        created_by=user,
    )
    application.save()
    ApplicationStep.objects.bulk_create(
        [
            ApplicationStep(
                application=application,
                order=i,
                code=step["code"],
                name=step["name"],
                limit_working_days=int(step.get("limit_working_days") or 0),
            )
            for i, step in enumerate(application_type.steps)
        ]
    )
    blocked = arrears_blocking(application_type, account, customer)
    if blocked is not None:
        count, amount = blocked
        return _close(
            application,
            Status.REJECTED,
            user=user,
            at=now,
            rejection_code=RejectionReason.ARREARS,
            rejection_reason=_("%(count)s unpaid bills, %(amount)s yuan outstanding")
            % {"count": count, "amount": amount},
        )
    if application.documents_complete:
        _start_clock(application, now)
    return application


def _start_clock(application: Application, at: datetime, cal: Calendar | None = None) -> None:
    """The documents are complete: the application's time limit and its first step's start now."""
    cal = cal or calendar()
    day = local_day(at)
    due = cal.add(day, application.type.limit_working_days)
    Application.objects.filter(pk=application.pk).update(due_on=due, updated=timezone.now())
    application.due_on = due
    first = application.steps.order_by("order").first()
    if first is not None:
        first.started_at = at
        first.due_on = cal.add(day, first.limit_working_days)
        first.save(update_fields=["started_at", "due_on"])


@transaction.atomic
def receive_documents(application: Application, documents, *, user, at: datetime | None = None) -> Application:
    """Documents brought later are ticked off; when the checklist is complete the clock starts."""
    _check(user, states.CHANGE, application.company_id)
    if not application.is_open:
        raise ConflictError(_("The application is closed."), status=application.status)
    known = application.type.documents or []
    new = [str(d) for d in documents or []]
    unknown = [d for d in new if d not in known]
    if unknown:
        raise ValidationError(
            {"documents_received": _("Not on this service's checklist: %(names)s") % {"names": "、".join(unknown)}}
        )
    was_complete = application.documents_complete
    application.documents_received = list(dict.fromkeys([*(application.documents_received or []), *new]))
    application.save(update_fields=["documents_received", "updated"])
    if not was_complete and application.documents_complete and application.due_on is None:
        _start_clock(application, at or timezone.now())
    return application


# -- transitions ---------------------------------------------------------------------------------------------------


def _rule(application: Application, target: str, user) -> states.Transition:
    rule = states.find(application.status, target)
    if rule is None:
        raise ConflictError(
            _("An application cannot go from %(source)s to %(target)s.")
            % {"source": Status(application.status).label, "target": Status(target).label},
            status=application.status,
            allowed=states.allowed_targets(application.status),
        )
    _check(user, rule.permission, application.company_id)
    return rule


def _check_needs(application: Application, rule: states.Transition, reason: str = "") -> None:
    last = application.current_step >= application.steps.count() - 1
    if "documents" in rule.needs and not application.documents_complete:
        raise ValidationError(
            {
                "documents_received": _("Documents missing: %(names)s")
                % {"names": "、".join(application.missing_documents)}
            }
        )
    if "not_last_step" in rule.needs and last:
        raise ConflictError(_("This is the last step: complete the application."), status=application.status)
    if "last_step" in rule.needs and not last:
        raise ConflictError(
            _("Steps are still to do before the application can be completed."), status=application.status
        )
    if "reason" in rule.needs and not str(reason or "").strip():
        raise ValidationError({"reason": _("Give the reason.")})


def _move(application: Application, changes_: dict) -> None:
    """The conditional update: only from the state and step the caller saw."""
    updated = Application.objects.filter(
        pk=application.pk, status=application.status, current_step=application.current_step
    ).update(**changes_, updated=timezone.now())
    if not updated:
        raise ConflictError(
            _("Application %(number)s was changed by someone else: reload and try again.")
            % {"number": application.number}
        )


def _finish_step(application: Application, user, at: datetime, note: str) -> ApplicationStep | None:
    step = application.steps.filter(order=application.current_step).first()
    if step is None:
        return None
    if step.started_at is None:
        step.started_at = at
    step.finished_at, step.finished_by = at, user
    if note:
        step.note = note[:300]
    step.save(update_fields=["started_at", "finished_at", "finished_by", "note"])
    return step


@transaction.atomic
def advance(application: Application, *, user, note: str = "", at: datetime | None = None) -> Application:
    """Finish the current step and start the next one."""
    rule = _rule(application, Status.IN_PROGRESS, user)
    _check_needs(application, rule)
    now = at or timezone.now()
    _move(application, {"status": Status.IN_PROGRESS, "current_step": application.current_step + 1})
    _finish_step(application, user, now, note)
    following = application.steps.get(order=application.current_step + 1)
    following.started_at = now
    following.due_on = calendar().add(local_day(now), following.limit_working_days)
    following.save(update_fields=["started_at", "due_on"])
    application.refresh_from_db()
    return application


@transaction.atomic
def complete(
    application: Application, *, user, details: dict | None = None, note: str = "", at: datetime | None = None
) -> Application:
    """Finish the last step and run the change on the customer's records."""
    rule = _rule(application, Status.COMPLETED, user)
    _check_needs(application, rule)
    now = at or timezone.now()
    merged = {**(application.details or {}), **(details or {})}
    cleaned = detail_spec.clean(application.type.kind, merged, stage=detail_spec.COMPLETION)
    blocked = arrears_blocking(application.type, application.account, application.customer)
    if blocked is not None:
        raise ValidationError(
            {
                "account": _(
                    "%(count)s unpaid bills, %(amount)s yuan outstanding: settle them or refuse the application."
                )
                % {"count": blocked[0], "amount": blocked[1]}
            }
        )
    result = apply_change(application, cleaned, local_day(now))
    changes_ = {
        "status": Status.COMPLETED,
        "completed_at": now,
        "closed_at": now,
        "details": cleaned,
        "result": result,
    }
    if result.get("account"):
        changes_["account_id"] = result["account"]
    if result.get("customer"):
        changes_["customer_id"] = result["customer"]
    _move(application, changes_)
    _finish_step(application, user, now, note)
    application.refresh_from_db()
    return application


def _close(application: Application, target: str, *, user, at: datetime, **fields) -> Application:
    _move(application, {"status": target, "closed_at": at, **fields})
    application.steps.filter(started_at__isnull=False, finished_at__isnull=True).update(note=str(Status(target).label))
    application.refresh_from_db()
    return application


@transaction.atomic
def reject(
    application: Application,
    *,
    user,
    reason: str,
    code: str = RejectionReason.OTHER,
    at: datetime | None = None,
) -> Application:
    """Refuse the application (DOMAIN.md §7: arrears, demolition area, illegal building, …) with the reason."""
    rule = _rule(application, Status.REJECTED, user)
    if code not in RejectionReason.values:
        raise ValidationError({"code": _("Unknown reason for a refusal.")})
    _check_needs(application, rule, reason or (code if code != RejectionReason.OTHER else ""))
    text = str(reason or "").strip() or str(RejectionReason(code).label)
    return _close(
        application,
        Status.REJECTED,
        user=user,
        at=at or timezone.now(),
        rejection_code=code,
        rejection_reason=text[:300],
    )


@transaction.atomic
def cancel(application: Application, *, user, reason: str, at: datetime | None = None) -> Application:
    """The applicant withdraws the application."""
    rule = _rule(application, Status.CANCELLED, user)
    _check_needs(application, rule, reason)
    return _close(application, Status.CANCELLED, user=user, at=at or timezone.now(), cancel_reason=reason.strip()[:300])


# -- the changes ---------------------------------------------------------------------------------------------------


def _meter_data(d: dict, prefix: str = "meter_") -> dict:
    return {
        "size_mm": d.get(f"{prefix}size_mm"),
        "meter_type": d.get(f"{prefix}type"),
        "serial": d.get(f"{prefix}serial", ""),
        "initial_read": d.get("initial_read"),
    }


def _new_customer(application: Application, d: dict) -> dict:
    return {
        "name": d.get("customer_name") or application.applicant_name,
        "identity": d.get("identity", ""),
        "phone": application.applicant_phone,
        "kind": d.get("customer_kind"),
        "address": d.get("address", ""),
    }


def apply_change(application: Application, d: dict, on: date) -> dict:
    """Run the application's change through the customers app; the ids of the records it made or changed."""
    kind = application.type.kind
    account = application.account
    company = application.company_id
    if kind == ApplicationKind.NEW_CONNECTION:
        made = changes.open_account(
            application.customer or _new_customer(application, d),
            company=company,
            opened_on=on,
            service_point=d.get("service_point"),
            address=d.get("address", ""),
            use_type=d.get("use_type") or UseType.RESIDENTIAL,
            household_size=d.get("household_size"),
            meter_data=_meter_data(d),
        )
        return {"account": made.pk, "customer": made.customer_id, "meter": made.meters.first().pk}
    if kind == ApplicationKind.TEMPORARY_WATER:
        made = changes.temporary_water(
            application.customer or _new_customer(application, d),
            company=company,
            on=on,
            until=date.fromisoformat(d["until"]),
            service_point=d.get("service_point"),
            address=d.get("address", ""),
            use_type=d.get("use_type") or UseType.NON_RESIDENTIAL,
            meter_data=_meter_data(d),
        )
        return {"account": made.pk, "customer": made.customer_id, "meter": made.meters.first().pk}
    if account is None:
        raise ValidationError({"account": _("Give the account this application changes.")})
    if kind == ApplicationKind.TRANSFER:
        previous = account.customer_id
        changes.transfer(
            account,
            {
                "name": d["new_name"],
                "identity": d.get("new_identity", ""),
                "phone": d.get("new_phone", ""),
                "kind": d.get("new_kind"),
                "address": account.address,
            },
            on=on,
            final_read=d.get("final_read"),
            use_type=d.get("new_use_type"),
        )
        return {"account": account.pk, "customer": account.customer_id, "previous_customer": previous}
    if kind == ApplicationKind.RENAME:
        customer = changes.rename(account.customer, d["new_name"])
        return {"account": account.pk, "customer": customer.pk}
    if kind == ApplicationKind.CLOSURE:
        changes.close_account(account, on=on, final_read=d.get("final_read"))
        return {"account": account.pk}
    if kind == ApplicationKind.METER_RELOCATION:
        changes.relocate_meter(account, service_point=d.get("new_service_point"), address=d.get("new_address", ""))
        return {"account": account.pk, "service_point": account.service_point_id}
    if kind == ApplicationKind.METER_CHANGE:
        old = [m.pk for m in changes.active_meters(account)]
        meter = changes.change_meter(
            account,
            on=on,
            size_mm=d.get("new_size_mm"),
            meter_type=d.get("new_meter_type"),
            serial=d.get("new_serial", ""),
            old_final_read=d.get("old_final_read"),
            new_initial_read=d.get("new_initial_read") or 0,
        )
        return {"account": account.pk, "meter": meter.pk, "removed_meters": old}
    if kind == ApplicationKind.USE_TYPE_CHANGE:
        changes.change_use_type(account, d["new_use_type"], on=on)
        return {"account": account.pk, "use_type_from": account.pending_from.isoformat()}
    if kind == ApplicationKind.METER_SPLIT:
        customer = None
        if d.get("customer_name"):
            customer = {"name": d["customer_name"], "identity": d.get("identity", ""), "kind": d.get("customer_kind")}
        made = changes.split_meter(
            account,
            on=on,
            customer=customer,
            use_type=d.get("use_type"),
            household_size=d.get("household_size"),
            address=d.get("address", ""),
            meter_data=_meter_data(d),
        )
        return {"account": account.pk, "new_account": made.pk, "meter": made.meters.first().pk}
    if kind == ApplicationKind.METER_MERGE:
        others = _accounts_by_number(application.company_id, d["merge_accounts"], "merge_accounts")
        changes.merge_meters(account, others, on=on)
        return {"account": account.pk, "closed_accounts": [o.pk for o in others]}
    raise ValidationError({"type": _("This kind of application has no change to run.")})


# -- figures -------------------------------------------------------------------------------------------------------


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return datetime.combine(start, time.min, tz), datetime.combine(end + timedelta(days=1), time.min, tz)


def _percent(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def summary(company, start: date, end: date, *, user=None) -> dict:
    """Applications received, completed, on time and overdue in a period, by type: plain numbers.

    Overdue counts the applications still open at the end of the period and past their due day then.
    """
    since, until = _bounds(start, end)
    apps = Application.objects.all()
    if user is not None:
        apps = apps.restrict(user)
    if company is not None:
        apps = apps.filter(company=company)
    received = Q(received_at__gte=since, received_at__lt=until)
    completed = Q(status=Status.COMPLETED, completed_at__gte=since, completed_at__lt=until)
    open_at_end = Q(received_at__lt=until) & (Q(closed_at__isnull=True) | Q(closed_at__gte=until))
    overdue = open_at_end & Q(due_on__lt=end)
    closed = Q(closed_at__gte=since, closed_at__lt=until)
    counts = {
        "received": Count("id", filter=received),
        "completed": Count("id", filter=completed),
        "rejected": Count("id", filter=closed & Q(status=Status.REJECTED)),
        "cancelled": Count("id", filter=closed & Q(status=Status.CANCELLED)),
        "open": Count("id", filter=open_at_end),
        "overdue": Count("id", filter=overdue),
    }
    totals = apps.aggregate(**counts)
    on_time_by_type: dict[int, int] = {}
    on_time = 0
    for type_id, done_at, due in apps.filter(completed).values_list("type_id", "completed_at", "due_on"):
        if due is None or local_day(done_at) <= due:
            on_time += 1
            on_time_by_type[type_id] = on_time_by_type.get(type_id, 0) + 1
    by_type = {}
    for row in (
        apps.values("type_id", "type__code", "type__name", "type__kind").annotate(**counts).order_by("type__code")
    ):
        if not any(row[k] for k in counts):
            continue
        done = on_time_by_type.get(row["type_id"], 0)
        by_type[row["type__code"]] = {
            "name": row["type__name"],
            "kind": row["type__kind"],
            **{k: row[k] for k in counts},
            "on_time": done,
            "on_time_percent": _percent(done, row["completed"]),
        }
    return {
        "company": company.code if company else None,
        "start": start.isoformat(),
        "end": end.isoformat(),
        **totals,
        "completed_on_time": on_time,
        "completed_late": totals["completed"] - on_time,
        "on_time_percent": _percent(on_time, totals["completed"]),
        "by_type": by_type,
    }
