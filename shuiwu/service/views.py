"""Pages of the service counter: the application queue with its clocks, an application, a new application."""

import django_tables2 as tables
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, F, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from shuiwu.core import views as core
from shuiwu.core.exceptions import ConflictError
from shuiwu.core.tables import BaseTable, LinkColumn
from shuiwu.service import filters, forms, services
from shuiwu.service.choices import OPEN_STATUSES, STATUS_COLOURS, Status
from shuiwu.service.models import Application, ApplicationType, Holiday, Window


def page_url(url_name: str, pk) -> str | None:
    """The URL of another app's page, or None while that page does not exist yet."""
    try:
        return reverse(url_name, args=[pk])
    except NoReverseMatch:
        return None


def clock_badge(clock: services.Clock) -> str:
    due = clock.due_on.isoformat() if clock.due_on else ""
    return format_html(
        '<span class="badge text-bg-{} clock clock-{}" title="{}">{}</span>',
        clock.colour,
        clock.state,
        due,
        clock.label,
    )


# -- tables --------------------------------------------------------------------------------------------------------


class ApplicationTable(BaseTable):
    number = LinkColumn()
    status = tables.Column(verbose_name=gettext_lazy("status"))
    step = tables.Column(verbose_name=gettext_lazy("current step"), accessor="current_step", orderable=False)
    clock = tables.Column(verbose_name=gettext_lazy("time limit"), accessor="due_on", order_by=("due_on",))
    received_at = tables.DateTimeColumn(format="Y-m-d H:i")

    class Meta(BaseTable.Meta):
        model = Application
        fields = (
            "number",
            "type",
            "window",
            "applicant_name",
            "account",
            "status",
            "step",
            "clock",
            "received_at",
            "due_on",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.calendar = services.calendar()
        self.today = timezone.localdate()

    def render_status(self, value, record):
        return format_html(
            '<span class="badge text-bg-{}">{}</span>', STATUS_COLOURS.get(record.status, "light"), value
        )

    def render_step(self, value, record):
        steps = record.type.steps or []
        if not record.is_open or value >= len(steps):
            return "—"
        return f"{value + 1}/{len(steps)} {steps[value].get('name', '')}"

    def render_clock(self, value, record):
        return clock_badge(services.clock(record, today=self.today, cal=self.calendar))


class WindowTable(BaseTable):
    name = LinkColumn()

    class Meta(BaseTable.Meta):
        model = Window
        fields = ("code", "name", "kind", "address", "phone", "active", "company")


class ApplicationTypeTable(BaseTable):
    name = LinkColumn()

    class Meta(BaseTable.Meta):
        model = ApplicationType
        fields = ("code", "name", "kind", "limit_working_days", "refuse_with_arrears", "local_policy", "active")


class HolidayTable(BaseTable):
    day = tables.DateColumn(format="Y-m-d", linkify=lambda record: reverse("service:holiday_edit", args=[record.pk]))

    class Meta(BaseTable.Meta):
        model = Holiday
        fields = ("day", "name", "working", "source")


# -- applications --------------------------------------------------------------------------------------------------


class ApplicationListView(core.ObjectListView):
    """The queue: open applications first by due day, with each one's clock."""

    model = Application
    filterset_class = filters.ApplicationFilterSet
    table_class = ApplicationTable
    select_related = ("type", "window", "account", "account__customer", "company")
    create_url_name = "service:application_add"

    def get_queryset(self):
        open_first = Case(When(status__in=OPEN_STATUSES, then=Value(0)), default=Value(1))
        return super().get_queryset().order_by(open_first, F("due_on").asc(nulls_last=True), "-received_at")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        applications = Application.objects.restrict(self.request.user)
        today = timezone.localdate()
        context["headline"] = _("%(open)s open · %(today)s due today · %(overdue)s overdue") % {
            "open": applications.filter(status__in=OPEN_STATUSES).count(),
            "today": applications.filter(services.due_today_q(today)).count(),
            "overdue": applications.filter(services.overdue_q(today)).count(),
        }
        return context


class ApplicationDetailView(core.ObjectDetailView):
    model = Application
    template_name = "service/application_detail.html"
    select_related = ("type", "window", "account", "customer", "company", "created_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.object
        user = self.request.user
        cal = services.calendar()
        today = timezone.localdate()
        steps = list(application.steps.select_related("finished_by"))
        total = len(steps)
        last = application.current_step >= total - 1
        context.update(
            clock=services.clock(application, today=today, cal=cal),
            steps=[
                {
                    "step": s,
                    "clock": services.step_clock(s, today=today, cal=cal),
                    "current": application.is_open and s.order == application.current_step,
                }
                for s in steps
            ],
            documents=[(d, d in (application.documents_received or [])) for d in application.type.documents or []],
            status_colour=STATUS_COLOURS.get(application.status, "light"),
            details=_details_rows(application),
            account_url=page_url("customers:account_detail", application.account_id)
            if application.account_id
            else None,
            customer_url=page_url("customers:customer_detail", application.customer_id)
            if application.customer_id
            else None,
            result_links=_result_links(application),
            can_work=application.is_open and user.has_perm("service.change_application"),
            can_advance=application.is_open and not last and user.has_perm("service.change_application"),
            can_complete=application.is_open and last and user.has_perm("service.complete_application"),
            advance_form=forms.AdvanceForm(),
            complete_form=forms.CompleteForm(application=application),
            reject_form=forms.RejectForm(),
            cancel_form=forms.CancelForm(),
            documents_form=forms.DocumentsForm(application=application),
        )
        return context


def _details_rows(application: Application) -> list[tuple[str, str]]:
    from shuiwu.service import details

    labels = {f.key: f for f in details.fields_of(application.type.kind)}
    rows = []
    for key, value in (application.details or {}).items():
        field = labels.get(key)
        if field is None:
            continue
        if field.choices:
            value = dict(field.choices).get(value, value)
        elif isinstance(value, list):
            value = "、".join(map(str, value))
        rows.append((str(field.label), value))
    return rows


def _result_links(application: Application) -> list[tuple[str, str, str | None]]:
    from shuiwu.customers.models import Account

    result = application.result or {}
    ids = [result[k] for k in ("new_account",) if result.get(k)] + list(result.get("closed_accounts") or [])
    accounts = {a.pk: a for a in Account.objects.filter(pk__in=ids)}
    links = []
    if result.get("new_account") in accounts:
        account = accounts[result["new_account"]]
        links.append((_("New account"), account.number, page_url("customers:account_detail", account.pk)))
    for pk in result.get("closed_accounts") or []:
        if pk in accounts:
            links.append((_("Closed account"), accounts[pk].number, page_url("customers:account_detail", pk)))
    return links


@login_required
@permission_required("service.add_application", raise_exception=True)
def application_add(request):
    """New application: choose the type, then the applicant, the account, the details and the documents."""
    source = request.POST if request.method == "POST" else request.GET
    types = ApplicationType.objects.filter(active=True)
    application_type = types.filter(pk=source.get("type")).first() if str(source.get("type", "")).isdigit() else None
    if request.method == "POST" and application_type is not None:
        form = forms.ApplicationForm(request.POST, user=request.user, application_type=application_type)
        if form.is_valid():
            data = form.cleaned_data
            try:
                application = services.receive(
                    user=request.user,
                    application_type=application_type,
                    window=data["window"],
                    applicant_name=data["applicant_name"],
                    applicant_phone=data["applicant_phone"],
                    account=data["account_number"],
                    details=form.detail_values(),
                    documents_received=data["documents"],
                    note=data["note"],
                )
            except ValidationError as exc:
                forms.add_service_errors(form, exc)
            else:
                if application.status == Status.REJECTED:
                    messages.warning(
                        request,
                        _("Application %(number)s recorded and refused: %(reason)s")
                        % {"number": application.number, "reason": application.rejection_reason},
                    )
                elif application.missing_documents:
                    messages.warning(
                        request,
                        _("Application %(number)s recorded; documents missing: %(names)s")
                        % {"number": application.number, "names": "、".join(application.missing_documents)},
                    )
                else:
                    messages.success(request, _("Application %(number)s received.") % {"number": application.number})
                return redirect(application.get_absolute_url())
    else:
        form = forms.ApplicationForm(
            initial={"account_number": request.GET.get("account", "")},
            user=request.user,
            application_type=application_type,
        )
    return render(request, "service/application_form.html", {"form": form, "application_type": application_type})


def _open_application(request, pk) -> Application:
    return get_object_or_404(Application.objects.restrict(request.user).select_related("type"), pk=pk)


def _act(request, pk, action):
    application = _open_application(request, pk)
    try:
        text = action(application)
    except (ValidationError, ConflictError, PermissionDenied) as exc:
        messages.error(request, core.refusal_text(exc))
    else:
        messages.success(request, text)
    return redirect(application.get_absolute_url())


@login_required
@require_POST
def application_advance(request, pk):
    def action(application):
        form = forms.AdvanceForm(request.POST)
        form.is_valid()
        done = services.advance(application, user=request.user, note=form.cleaned_data.get("note", ""))
        step = done.steps.get(order=done.current_step)
        return _("Step done; now: %(step)s.") % {"step": step.name}

    return _act(request, pk, action)


@login_required
@require_POST
def application_complete(request, pk):
    def action(application):
        form = forms.CompleteForm(request.POST, application=application)
        if not form.is_valid():
            raise ValidationError(dict(form.errors.items()))
        services.complete(
            application, user=request.user, details=form.detail_values(), note=form.cleaned_data.get("note", "")
        )
        return _("Application completed; the records are changed.")

    return _act(request, pk, action)


@login_required
@require_POST
def application_reject(request, pk):
    def action(application):
        form = forms.RejectForm(request.POST)
        if not form.is_valid():
            raise ValidationError(dict(form.errors.items()))
        services.reject(
            application, user=request.user, code=form.cleaned_data["code"], reason=form.cleaned_data["reason"]
        )
        return _("Application refused.")

    return _act(request, pk, action)


@login_required
@require_POST
def application_cancel(request, pk):
    def action(application):
        services.cancel(application, user=request.user, reason=request.POST.get("reason", ""))
        return _("Application cancelled.")

    return _act(request, pk, action)


@login_required
@require_POST
def application_documents(request, pk):
    def action(application):
        done = services.receive_documents(application, request.POST.getlist("documents"), user=request.user)
        if done.missing_documents:
            return _("Documents recorded; still missing: %(names)s") % {"names": "、".join(done.missing_documents)}
        return _("Documents complete: the time limit runs.")

    return _act(request, pk, action)


# -- windows, types, holidays ----------------------------------------------------------------------------------------


class WindowListView(core.ObjectListView):
    model = Window
    filterset_class = filters.WindowFilterSet
    table_class = WindowTable
    select_related = ("company",)
    create_url_name = "service:window_add"


class WindowDetailView(core.ObjectDetailView):
    model = Window
    edit_url_name = "service:window_edit"
    select_related = ("company",)


class WindowEditView(core.ObjectEditView):
    model = Window
    form_class = forms.WindowForm


class ApplicationTypeListView(core.ObjectListView):
    model = ApplicationType
    filterset_class = filters.ApplicationTypeFilterSet
    table_class = ApplicationTypeTable
    create_url_name = "service:applicationtype_add"


class ApplicationTypeDetailView(core.ObjectDetailView):
    model = ApplicationType
    template_name = "service/applicationtype_detail.html"
    edit_url_name = "service:applicationtype_edit"


class ApplicationTypeEditView(core.ObjectEditView):
    model = ApplicationType
    form_class = forms.ApplicationTypeForm


class HolidayListView(core.ObjectListView):
    model = Holiday
    filterset_class = filters.HolidayFilterSet
    table_class = HolidayTable
    create_url_name = "service:holiday_add"


class HolidayEditView(core.ObjectEditView):
    model = Holiday
    form_class = forms.HolidayForm

    def get_success_url(self):
        return reverse("service:holiday_list")
