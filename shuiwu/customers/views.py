"""Pages of customers and billing: the customer 360, accounts, the counter, billing runs, bills and their print,
payments and receipts, arrears, tariffs, reading books, meters and readings, relief policies."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import django_tables2 as tables
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, DecimalField, F, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import generic
from django.views.decorators.http import require_POST

from shuiwu.core import scope
from shuiwu.core import views as core
from shuiwu.customers import changes, exports, filters, forms, queries, services
from shuiwu.customers import tables as customer_tables
from shuiwu.customers.choices import (
    ARREARS_BUCKETS,
    OPEN_BILL_STATUSES,
    BillStatus,
    PaymentStatus,
    RunStatus,
)
from shuiwu.customers.models import (
    Account,
    AccountRelief,
    ArrearsNotice,
    Bill,
    BillingException,
    BillingRun,
    Customer,
    Disconnection,
    Meter,
    MeterReading,
    Payment,
    ReadingBook,
    ReliefPolicy,
    Tariff,
)
from shuiwu.org.models import Company

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=14, decimal_places=2)


def _errors(request, exc: ValidationError) -> None:
    """A service's refusal as messages on the page."""
    for errors in exc.message_dict.values() if hasattr(exc, "error_dict") else [exc.messages]:
        messages.error(request, " ".join(str(e) for e in errors))


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _with_owing(accounts):
    """Accounts annotated with what their open bills still owe (``owing``) and the relief flag (``relief``)."""
    open_bills = Q(bills__status__in=OPEN_BILL_STATUSES)
    return accounts.annotate(
        owing=Coalesce(Sum(F("bills__amount") - F("bills__paid"), filter=open_bills), Value(ZERO), output_field=MONEY),
        relief=queries.relief_q(),
    )


def _chart(volumes: dict) -> dict:
    return {"periods": volumes["periods"], "volumes": volumes["volumes"], "name": _("Billed volume (m³)")}


# -- customers ------------------------------------------------------------------------------------------------------


class CustomerListView(core.ObjectListView):
    model = Customer
    filterset_class = filters.CustomerFilterSet
    table_class = customer_tables.CustomerTable
    create_url_name = "customers:customer_add"

    def get_queryset(self):
        return super().get_queryset().annotate(accounts_count=Count("accounts")).order_by("number")


class CustomerDetailView(core.ObjectDetailView):
    """The customer 360: who they are, their accounts and meters, what they used, billed and paid, their calls
    and applications."""

    model = Customer
    template_name = "customers/customer_detail.html"
    edit_url_name = "customers:customer_edit"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        customer, user = self.object, self.request.user
        accounts = list(
            _with_owing(Account.objects.restrict(user).filter(customer=customer)).select_related(
                "reading_book", "service_point"
            )
        )
        numbers = [a.number for a in accounts]
        context.update(
            identity=customer.identity_for(user),
            identity_masked=bool(customer.identity) and not user.has_perm("customers.see_identity"),
            accounts=accounts,
            meters=Meter.objects.restrict(user).filter(account__customer=customer).select_related("account"),
            chart=_chart(queries.monthly_volumes(accounts)),
            bills=Bill.objects.restrict(user)
            .filter(account__customer=customer)
            .select_related("account")
            .order_by("-period", "-revision")[:24],
            payments=Payment.objects.restrict(user)
            .filter(account__customer=customer)
            .select_related("account")
            .order_by("-received_at")[:20],
            tickets=queries.tickets_for(user, numbers),
            applications=queries.applications_for(user, customer),
            owing=sum((a.owing for a in accounts), ZERO),
            balance=sum((a.balance for a in accounts), ZERO),
        )
        return context


class CustomerEditView(core.ObjectEditView):
    model = Customer
    form_class = forms.CustomerForm


# -- accounts -------------------------------------------------------------------------------------------------------


class AccountListView(core.ObjectListView):
    model = Account
    filterset_class = filters.AccountFilterSet
    table_class = customer_tables.AccountTable
    select_related = ("customer", "reading_book")
    create_url_name = "customers:account_add"

    def get_queryset(self):
        return super().get_queryset().annotate(relief=queries.relief_q())


class AccountDetailView(core.ObjectDetailView):
    model = Account
    template_name = "customers/account_detail.html"
    select_related = ("customer", "reading_book", "service_point", "company")
    edit_url_name = "customers:account_edit"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        account, user = self.object, self.request.user
        today = timezone.localdate()
        owed = services.owed(account, today)
        context.update(
            owed=owed,
            owed_total=queries.owed_total(owed),
            reliefs=AccountRelief.objects.filter(account=account).select_related("policy"),
            relief_now=services.relief_policies(account, today),
            meters=account.meters.all(),
            readings=account.readings.select_related("meter").order_by("-read_on")[:12],
            chart=_chart(queries.monthly_volumes([account])),
            bills=account.bills.order_by("-period", "-revision")[:24],
            payments=account.payments.order_by("-received_at")[:20],
            notices=account.notices.order_by("-sent_on")[:10],
            disconnections=account.disconnections.order_by("-warned_on")[:5],
            tickets=queries.tickets_for(user, [account.number]),
            identity=account.customer.identity_for(user),
        )
        return context


class AccountEditView(core.ObjectEditView):
    model = Account
    form_class = forms.AccountForm


# -- meters and readings --------------------------------------------------------------------------------------------


class MeterListView(core.ObjectListView):
    model = Meter
    filterset_class = filters.MeterFilterSet
    table_class = customer_tables.MeterTable
    select_related = ("account__customer",)
    create_url_name = "customers:meter_add"


class MeterDetailView(core.ObjectDetailView):
    model = Meter
    template_name = "customers/meter_detail.html"
    select_related = ("account__customer",)
    edit_url_name = "customers:meter_edit"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["readings"] = self.object.readings.order_by("-read_on")[:36]
        return context


class MeterEditView(core.ObjectEditView):
    model = Meter
    form_class = forms.MeterForm

    def get_success_url(self):
        return reverse("customers:meter_detail", args=[self.object.pk])


class MeterReadingListView(core.ObjectListView):
    model = MeterReading
    filterset_class = filters.MeterReadingFilterSet
    table_class = customer_tables.MeterReadingTable
    select_related = ("meter", "account")
    template_name = "customers/meterreading_list.html"


@login_required
@permission_required("customers.add_meterreading", raise_exception=True)
def reading_import(request):
    """Load a handheld's or an AMR system's reads from a CSV file, all or nothing; bad lines are listed."""
    form = forms.ReadingImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            rows = queries.read_csv(form.cleaned_data["file"])
        except ValidationError as exc:
            _add_errors(form, exc)
            rows = None
        if rows is not None and not rows:
            form.add_error("file", _("There are no rows."))
        elif rows:
            errors = queries.unknown_references(rows, request.user)
            result = (
                {"written": 0, "errors": errors}
                if errors
                else services.import_readings(rows, source=form.cleaned_data["source"], user=request.user)
            )
            if not result["errors"]:
                messages.success(request, _("%(n)s readings recorded.") % {"n": result["written"]})
                return redirect("customers:meterreading_list")
            messages.error(request, _("Nothing was recorded: correct the lines below and load the file again."))
    return render(request, "customers/reading_import.html", {"form": form, "result": result})


# -- reading books and tariffs --------------------------------------------------------------------------------------


class ReadingBookListView(core.ObjectListView):
    model = ReadingBook
    filterset_class = filters.ReadingBookFilterSet
    table_class = customer_tables.ReadingBookTable
    select_related = ("reader", "company")
    create_url_name = "customers:readingbook_add"

    def get_queryset(self):
        return super().get_queryset().annotate(accounts_count=Count("accounts")).order_by("code")


class ReadingBookDetailView(core.ObjectDetailView):
    model = ReadingBook
    template_name = "customers/readingbook_detail.html"
    select_related = ("reader", "company")
    edit_url_name = "customers:readingbook_edit"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        accounts = self.object.accounts.select_related("customer").order_by("route_order", "number")
        context["accounts_count"] = accounts.count()
        context["accounts"] = accounts[:500]
        context["runs"] = BillingRun.objects.filter(reading_book=self.object).order_by("-created")[:10]
        return context


class ReadingBookEditView(core.ObjectEditView):
    model = ReadingBook
    form_class = forms.ReadingBookForm


class TariffListView(core.ObjectListView):
    model = Tariff
    filterset_class = filters.TariffFilterSet
    table_class = customer_tables.TariffTable
    create_url_name = "customers:tariff_add"


def tier_rows(tariff: Tariff) -> list[dict]:
    """The tariff's tiers for a table: annual volume from–to, the extra volume per person, price, and the price
    with the sewage and water-resource fees."""
    rows, start = [], 0
    extra = tariff.sewage_fee + tariff.resource_fee
    for i, tier in enumerate(tariff.tiers or [], start=1):
        end = tier.get("up_to_m3")
        price = Decimal(str(tier.get("price")))
        rows.append(
            {
                "tier": i,
                "from": start,
                "to": end,
                "extra_person_m3": tier.get("extra_person_m3") or 0,
                "price": price,
                "all_in": price + extra,
            }
        )
        start = end if end is not None else start
    return rows


class TariffDetailView(core.ObjectDetailView):
    model = Tariff
    template_name = "customers/tariff_detail.html"
    edit_url_name = "customers:tariff_edit"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tariff = self.object
        context["tiers"] = tier_rows(tariff)
        context["versions"] = Tariff.objects.filter(use_type=tariff.use_type).order_by("-valid_from")
        return context


class TariffEditView(core.ObjectEditView):
    model = Tariff
    form_class = forms.TariffForm


# -- billing runs ---------------------------------------------------------------------------------------------------


class BillingRunListView(core.ObjectListView):
    model = BillingRun
    filterset_class = filters.BillingRunFilterSet
    table_class = customer_tables.BillingRunTable
    select_related = ("reading_book", "company")
    create_url_name = "customers:billingrun_add"


class BillingRunCreateView(LoginRequiredMixin, PermissionRequiredMixin, generic.FormView):
    permission_required = "customers.add_billingrun"
    template_name = "core/object_form.html"
    form_class = forms.BillingRunForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["model_name"] = BillingRun._meta.verbose_name
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            run = services.start_billing_run(
                data["company"], data["period"], reading_book=data["reading_book"], user=self.request.user
            )
        except ValidationError as exc:
            _add_errors(form, exc)
            return self.form_invalid(form)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(self.request, _("Billing run %(run)s started.") % {"run": run})
        return redirect(run.get_absolute_url())


class BillingRunDetailView(core.ObjectDetailView):
    """The run: a progress bar that refreshes itself while the run is queued or running, totals, exceptions."""

    model = BillingRun
    template_name = "customers/billingrun_detail.html"
    select_related = ("reading_book", "company", "created_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        run = self.object
        exceptions = BillingException.objects.filter(run=run).select_related("account__customer")
        exception_filter = filters.BillingExceptionFilterSet(self.request.GET, queryset=exceptions)
        table = customer_tables.BillingExceptionTable(exception_filter.qs)
        tables.RequestConfig(self.request, paginate={"per_page": 50}).configure(table)
        context.update(
            progress=_progress(run),
            exception_filter=exception_filter,
            exceptions_table=table,
            exception_counts=dict(exceptions.values_list("kind").annotate(n=Count("id")).order_by()),
        )
        return context

    def get_template_names(self):
        if self.request.headers.get("HX-Request") and self.request.GET.get("part") == "progress":
            return ["customers/includes/run_progress.html"]
        return [self.template_name]


def _progress(run: BillingRun) -> dict:
    return {
        "percent": round(run.progress * 100),
        "active": run.status in (RunStatus.QUEUED, RunStatus.RUNNING),
        "colour": customer_tables.RUN_COLOURS.get(run.status, "secondary"),
    }


# -- bills ----------------------------------------------------------------------------------------------------------


class BillListView(core.ObjectListView):
    model = Bill
    filterset_class = filters.BillFilterSet
    table_class = customer_tables.BillTable
    select_related = ("account__customer",)
    template_name = "customers/bill_list.html"

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            filterset = self.get_filterset(self.get_filterset_class())
            bills = filterset.qs if filterset.is_valid() else filterset.queryset.none()
            return exports.xlsx_response(exports.bills_xlsx(bills.order_by("-period", "account__number")), "bills")
        return super().get(request, *args, **kwargs)


class BillDetailView(core.ObjectDetailView):
    """The bill as it is printed (print CSS leaves the page's controls out), with its payments and revisions."""

    model = Bill
    template_name = "customers/bill_detail.html"
    select_related = ("account__customer", "company", "run")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        bill = self.object
        context.update(
            lines=bill.lines.all(),
            allocations=bill.allocations.select_related("payment").order_by("payment__received_at"),
            revisions=Bill.objects.filter(account=bill.account, period=bill.period).order_by("revision"),
            late_fee=services.late_fee_of(bill, timezone.localdate()),
            fee_rules=services.late_fee_rules(),
            reason_form=forms.ReasonForm(),
            can_rebill=self.request.user.has_perm("customers.change_bill") and bill.status != BillStatus.CANCELLED,
        )
        return context


@login_required
@permission_required("customers.view_bill", raise_exception=True)
def bill_pdf(request, pk):
    bill = get_object_or_404(Bill.objects.restrict(request.user).select_related("account__customer", "company"), pk=pk)
    content = exports.bill_pdf(bill, fee_rules=services.late_fee_rules())
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "attachment" if request.GET.get("download") else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{bill.number}.pdf"'
    return response


@login_required
@require_POST
def bill_rebill(request, pk):
    bill = get_object_or_404(Bill.objects.restrict(request.user), pk=pk)
    form = forms.ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the bill is corrected."))
        return redirect(bill.get_absolute_url())
    try:
        new = services.rebill(bill, form.cleaned_data["reason"], user=request.user)
    except ValidationError as exc:
        _errors(request, exc)
        return redirect(bill.get_absolute_url())
    if new is None:
        messages.warning(request, _("The bill is cancelled; the period has no reads to bill again."))
        return redirect(bill.get_absolute_url())
    messages.success(request, _("Bill corrected: %(number)s replaces it.") % {"number": new.number})
    return redirect(new.get_absolute_url())


# -- payments and the counter ---------------------------------------------------------------------------------------


class PaymentListView(core.ObjectListView):
    model = Payment
    filterset_class = filters.PaymentFilterSet
    table_class = customer_tables.PaymentTable
    select_related = ("account",)


class PaymentDetailView(core.ObjectDetailView):
    model = Payment
    template_name = "customers/payment_detail.html"
    select_related = ("account__customer", "received_by", "reversed_by", "company")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        payment = self.object
        context["allocations"] = payment.allocations.select_related("bill")
        context["reason_form"] = forms.ReasonForm()
        context["can_reverse"] = (
            self.request.user.has_perm("customers.reverse_payment") and payment.status == PaymentStatus.OK
        )
        return context


@login_required
@permission_required("customers.view_payment", raise_exception=True)
def payment_receipt(request, pk):
    """The printable receipt: what was paid, and which bills and late fees it settled."""
    payment = get_object_or_404(
        Payment.objects.restrict(request.user).select_related("account__customer", "company", "received_by"), pk=pk
    )
    allocations = list(payment.allocations.select_related("bill"))
    return render(
        request,
        "customers/payment_receipt.html",
        {
            "payment": payment,
            "allocations": allocations,
            "principal": sum((a.amount for a in allocations), ZERO),
            "late_fees": sum((a.late_fee for a in allocations), ZERO),
            "still_owed": changes.arrears(payment.account)[1],
        },
    )


@login_required
@require_POST
def payment_reverse(request, pk):
    payment = get_object_or_404(Payment.objects.restrict(request.user), pk=pk)
    form = forms.ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the payment is reversed."))
        return redirect(payment.get_absolute_url())
    try:
        services.reverse_payment(payment, form.cleaned_data["reason"], user=request.user)
    except ValidationError as exc:
        _errors(request, exc)
        return redirect(payment.get_absolute_url())
    messages.success(request, _("Payment %(number)s reversed.") % {"number": payment.number})
    return redirect(payment.get_absolute_url())


@login_required
@permission_required("customers.add_payment", raise_exception=True)
def counter(request, pk=None):
    """The window's counter: find the account, see what it owes, take the money, print the receipt."""
    account = None
    pk = pk or request.GET.get("account")
    if pk:
        account = get_object_or_404(Account.objects.restrict(request.user).select_related("customer"), pk=pk)
    context = {"q": request.GET.get("q", ""), "account": account}
    if context["q"] and account is None:
        context["hits"] = queries.search_accounts(request.user, context["q"])
    if account is not None:
        owed = services.owed(account, timezone.localdate())
        total = queries.owed_total(owed)
        form = forms.PaymentForm(
            request.POST or None, initial={"amount": total["total"] if total["total"] > 0 else None}
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                payment = services.take_payment(
                    account, data["amount"], data["method"], user=request.user, window=data["window"]
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Received %(amount)s yuan: receipt %(number)s.")
                    % {"amount": payment.amount, "number": payment.number},
                )
                return redirect("customers:payment_receipt", pk=payment.pk)
        context.update(
            owed=owed,
            total=total,
            form=form,
            relief=services.relief_policies(account, timezone.localdate()),
            recent=account.payments.order_by("-received_at")[:5],
        )
    return render(request, "customers/counter.html", context)


@login_required
@permission_required("customers.add_payment", raise_exception=True)
def counter_search(request):
    """The counter's live search (htmx): accounts by number, name, phone or address."""
    q = request.GET.get("q", "")
    return render(
        request, "customers/includes/counter_hits.html", {"hits": queries.search_accounts(request.user, q), "q": q}
    )


# -- arrears --------------------------------------------------------------------------------------------------------


def _day(request) -> date:
    try:
        return date.fromisoformat(request.GET["on"]) if request.GET.get("on") else timezone.localdate()
    except ValueError:
        messages.error(request, _("Dates are YYYY-MM-DD."))
        return timezone.localdate()


def _companies(user):
    ids = scope.company_ids(user)
    return Company.objects.all() if ids is None else Company.objects.filter(pk__in=ids)


@login_required
@permission_required("customers.view_bill", raise_exception=True)
def arrears(request):
    """Accounts in arrears: filters, sorting, paging, the ageing chart; notices and disconnection warnings."""
    on = _day(request)
    companies = _companies(request.user)
    code = request.GET.get("company", "")
    company = companies.filter(code=code).first() if code else None
    all_rows = queries.arrears_rows(request.user, on=on, company=company)
    rows = queries.filter_arrears(all_rows, request.GET)
    if request.GET.get("export") == "xlsx":
        return exports.xlsx_response(exports.arrears_xlsx(rows, on), "arrears")
    table = customer_tables.ArrearsTable(rows, request=request)
    tables.RequestConfig(request, paginate={"per_page": 50}).configure(table)
    total = sum((r["amount"] for r in rows), ZERO)
    headline = _("%(amount)s yuan") % {"amount": f"{total:,.2f}"}
    if request.headers.get("HX-Request") and not request.headers.get("HX-Boosted"):
        return render(
            request, "core/includes/list_results.html", {"table": table, "total": len(rows), "headline": headline}
        )
    return render(
        request,
        "customers/arrears.html",
        {
            "table": table,
            "total": len(rows),
            "headline": headline,
            "filter": {"form": forms.ArrearsFilterForm(request.GET or None)},
            "on": on,
            "companies": companies,
            "company": company,
            "chart": queries.ageing_chart(rows),
            "bucket_colours": [customer_tables.BUCKET_COLOURS[k] for k, _low, _high in ARREARS_BUCKETS],
            "relieved": sum(1 for r in rows if r["relief"]),
            "export_query": _with_param(request, "export", "xlsx"),
        },
    )


def _with_param(request, key, value) -> str:
    query = request.GET.copy()
    query[key] = value
    query.pop("page", None)
    return query.urlencode()


@login_required
@require_POST
def arrears_notices(request):
    """Send the demands for payment now due, for one company."""
    company = get_object_or_404(_companies(request.user), pk=request.POST.get("company"))
    try:
        sent = services.send_notices(company, user=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(
            request,
            _("Demands sent: %(first)s first, %(second)s second.")
            % {"first": sent.get("first", 0), "second": sent.get("second", 0)},
        )
    return redirect(request.POST.get("next") or reverse("customers:arrears"))


@login_required
@require_POST
def arrears_warn(request, pk):
    """The disconnection warning for one account (refused, with the reason, under a relief policy)."""
    account = get_object_or_404(Account.objects.restrict(request.user), pk=pk)
    try:
        cut = services.warn_disconnection(account, user=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(
            request,
            _("%(account)s warned: supply may stop from %(day)s.")
            % {"account": account.number, "day": cut.earliest_on},
        )
    return redirect(request.POST.get("next") or reverse("customers:arrears"))


class ArrearsNoticeListView(core.ObjectListView):
    model = ArrearsNotice
    filterset_class = filters.ArrearsNoticeFilterSet
    table_class = customer_tables.NoticeTable
    select_related = ("account__customer",)


class DisconnectionListView(core.ObjectListView):
    model = Disconnection
    filterset_class = filters.DisconnectionFilterSet
    table_class = customer_tables.DisconnectionTable
    select_related = ("account__customer",)


@login_required
@require_POST
def disconnection_do(request, pk):
    cut = get_object_or_404(Disconnection.objects.restrict(request.user).select_related("account"), pk=pk)
    try:
        services.disconnect(cut, user=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("%(account)s disconnected.") % {"account": cut.account.number})
    return redirect(request.POST.get("next") or reverse("customers:disconnection_list"))


# -- relief policies ------------------------------------------------------------------------------------------------


class ReliefPolicyListView(core.ObjectListView):
    model = ReliefPolicy
    filterset_class = filters.ReliefPolicyFilterSet
    table_class = customer_tables.ReliefPolicyTable
    create_url_name = "customers:reliefpolicy_add"

    def get_queryset(self):
        return super().get_queryset().annotate(accounts_count=Count("accounts")).order_by("-starts_on", "pk")


class ReliefPolicyDetailView(core.ObjectDetailView):
    """A policy: the accounts it covers, and how many of them it helped (arrears during the policy)."""

    model = ReliefPolicy
    template_name = "customers/reliefpolicy_detail.html"
    edit_url_name = "customers:reliefpolicy_edit"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        policy, user = self.object, self.request.user
        covered = AccountRelief.objects.restrict(user).filter(policy=policy)
        accounts = _with_owing(
            Account.objects.restrict(user).filter(reliefs__policy=policy).select_related("customer")
        ).order_by("number")
        page = tables.RequestConfig(self.request, paginate={"per_page": 50})
        table = customer_tables.AccountTable(accounts)
        page.configure(table)
        context.update(
            covered=covered.count(),
            benefited=queries.relief_benefited(policy, user),
            accounts_table=table,
            in_force=policy.starts_on <= timezone.localdate() <= policy.ends_on,
        )
        return context


class ReliefPolicyEditView(core.ObjectEditView):
    model = ReliefPolicy
    form_class = forms.ReliefPolicyForm

    def get_success_url(self):
        return reverse("customers:reliefpolicy_detail", args=[self.object.pk])


@login_required
@require_POST
def relief_grant(request, pk):
    policy = get_object_or_404(ReliefPolicy.objects.all(), pk=pk)
    try:
        granted = services.grant_relief(policy, user=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("%(n)s accounts newly covered.") % {"n": granted})
    return redirect("customers:reliefpolicy_detail", pk=policy.pk)
