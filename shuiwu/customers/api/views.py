"""Viewsets of the customers and billing API: customers, accounts, meters and readings, tariffs, billing runs,
bills, payments, arrears, relief, notices and disconnections, and the figures.

Every change goes through ``shuiwu.customers.services``; a refused one is a 400 with the field and the reason.
"""

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from shuiwu.core import scope
from shuiwu.core.api.permissions import CanView
from shuiwu.core.api.viewsets import ScopedModelViewSet, ScopedReadOnlyModelViewSet, ScopedViewSetMixin
from shuiwu.customers import filters, queries, services
from shuiwu.customers.api import serializers
from shuiwu.customers.models import (
    Account,
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
from shuiwu.org.api.summary import summary_response
from shuiwu.org.models import Company

MAX_UPLOAD_ROWS = 200_000


def rows_from_request(request) -> list[dict]:
    """The rows of an import: a CSV file uploaded as ``file`` (with a header line), or a JSON list of objects
    (or ``{"rows": [...]}``)."""
    upload = request.FILES.get("file")
    if upload is not None:
        rows = queries.read_csv(upload)
    else:
        data = request.data
        if isinstance(data, dict) and "rows" in data:
            data = data["rows"]
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise ValidationError({"rows": _("Send a CSV file as “file”, or a JSON list of rows.")})
        rows = data
    if not rows:
        raise ValidationError({"rows": _("There are no rows.")})
    if len(rows) > MAX_UPLOAD_ROWS:
        raise ValidationError({"rows": _("At most %(n)s rows at a time.") % {"n": MAX_UPLOAD_ROWS}})
    return rows


class CustomerViewSet(ScopedModelViewSet):
    """Customers. The ID number is masked (``110***********34``) unless the caller may see it in full."""

    queryset = Customer.objects.all()
    serializer_class = serializers.CustomerSerializer
    filterset_class = filters.CustomerFilterSet
    # Ordering by the ID number would leak it to a masked caller.
    ordering_fields = ["number", "name", "kind", "phone", "created", "updated"]


class ReadingBookViewSet(ScopedModelViewSet):
    queryset = ReadingBook.objects.select_related("reader")
    serializer_class = serializers.ReadingBookSerializer
    filterset_class = filters.ReadingBookFilterSet


class AccountViewSet(ScopedModelViewSet):
    """Accounts. Filters: status, use_type, reading_book, dma_id (the service point's DMA), relief, q (number,
    customer name, phone, address)."""

    queryset = Account.objects.select_related("customer", "service_point")
    serializer_class = serializers.AccountSerializer
    filterset_class = filters.AccountFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().annotate(relief=queries.relief_q())


class MeterViewSet(ScopedModelViewSet):
    queryset = Meter.objects.select_related("account")
    serializer_class = serializers.MeterSerializer
    filterset_class = filters.MeterFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]


class MeterReadingViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Meter readings. POST records one read (checked against the last one); ``import/`` loads many at once."""

    queryset = MeterReading.objects.select_related("meter", "account")
    serializer_class = serializers.MeterReadingSerializer
    filterset_class = filters.MeterReadingFilterSet

    @extend_schema(request=serializers.MeterReadingInSerializer, responses={201: serializers.MeterReadingSerializer})
    def create(self, request, *args, **kwargs):
        data = serializers.MeterReadingInSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = data.validated_data
        reading = services.record_reading(
            values["meter"],
            values["read_on"],
            values.get("value"),
            kind=values["kind"],
            source=values["source"],
            note=values["note"],
            user=request.user,
        )
        return Response(self.get_serializer(reading).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request={"multipart/form-data": OpenApiTypes.OBJECT, "application/json": OpenApiTypes.OBJECT},
        parameters=[OpenApiParameter("source", str, required=False, description="handheld (default), amr, manual")],
        responses={201: OpenApiTypes.OBJECT, 400: serializers.RowErrorSerializer(many=True)},
    )
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[JSONParser, MultiPartParser, FormParser])
    def import_readings(self, request):
        """Reads from a handheld or an AMR/AMI export, all or nothing: a CSV ``file`` with the columns meter (or
        account), read_on, value and optionally kind; or a JSON list of such objects. Any bad row and nothing is
        written: the answer is a 400 listing each bad line, field and reason."""
        if not request.user.has_perm("customers.add_meterreading"):
            raise PermissionDenied(_("You may not record readings."))
        query = serializers.ImportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        rows = rows_from_request(request)
        errors = queries.unknown_references(rows, request.user)
        if errors:
            return Response({"written": 0, "errors": errors}, status=status.HTTP_400_BAD_REQUEST)
        result = services.import_readings(rows, source=query.validated_data["source"], user=request.user)
        if result["errors"]:
            return Response(result, status=status.HTTP_400_BAD_REQUEST)
        return Response(result, status=status.HTTP_201_CREATED)


class TariffViewSet(ScopedModelViewSet):
    """Tariff versions. ``example`` marks a price that is not a published one: check it before billing."""

    queryset = Tariff.objects.all()
    serializer_class = serializers.TariffSerializer
    filterset_class = filters.TariffFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]


class BillingRunViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Billing runs. POST starts one (a background job); GET shows its progress and totals."""

    queryset = (
        BillingRun.objects.select_related("reading_book")
        .annotate(exceptions_count=Count("exceptions"))
        .order_by("-created", "-pk")
    )
    serializer_class = serializers.BillingRunSerializer
    filterset_class = filters.BillingRunFilterSet

    @extend_schema(request=serializers.BillingRunStartSerializer, responses={201: serializers.BillingRunSerializer})
    def create(self, request, *args, **kwargs):
        data = serializers.BillingRunStartSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = data.validated_data
        run = services.start_billing_run(
            values["company"], values["period"], reading_book=values.get("reading_book"), user=request.user
        )
        run = self.get_queryset().get(pk=run.pk)
        return Response(self.get_serializer(run).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[OpenApiParameter("kind", str, required=False)],
        responses=serializers.BillingExceptionSerializer(many=True),
    )
    @action(detail=True, methods=["get"])
    def exceptions(self, request, pk=None):
        """The accounts the run could not bill as usual (no reading, negative, far above history, no tariff)."""
        run = self.get_object()
        queryset = BillingException.objects.filter(run=run).select_related("account")
        queryset = filters.BillingExceptionFilterSet(request.query_params, queryset=queryset).qs
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(serializers.BillingExceptionSerializer(page, many=True).data)


class BillViewSet(ScopedReadOnlyModelViewSet):
    """Bills, made by billing runs. ``rebill`` corrects one: a credit and a new revision from the reads."""

    queryset = Bill.objects.select_related("account__customer").prefetch_related("lines")
    serializer_class = serializers.BillSerializer
    filterset_class = filters.BillFilterSet

    @extend_schema(request=serializers.ReasonSerializer, responses={201: serializers.BillSerializer})
    @action(detail=True, methods=["post"], permission_classes=[CanView])
    def rebill(self, request, pk=None):
        bill = self.get_object()
        data = serializers.ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        new = services.rebill(bill, data.validated_data["reason"], user=request.user)
        if new is None:
            return Response({"bill": None, "detail": _("Cancelled; the period has no reads to bill again.")})
        return Response(self.get_serializer(self.get_queryset().get(pk=new.pk)).data, status=status.HTTP_201_CREATED)


class PaymentViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Payments. POST takes money for an account: the open bills are paid oldest first (late fee, then the bill)
    and the rest goes to the prepaid balance. ``reverse`` undoes one; ``bank-batch/`` loads a bank's file."""

    queryset = Payment.objects.select_related("account").prefetch_related("allocations__bill")
    serializer_class = serializers.PaymentSerializer
    filterset_class = filters.PaymentFilterSet

    @extend_schema(request=serializers.PaymentInSerializer, responses={201: serializers.PaymentSerializer})
    def create(self, request, *args, **kwargs):
        data = serializers.PaymentInSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = data.validated_data
        payment = services.take_payment(
            values["account"],
            values["amount"],
            values["method"],
            user=request.user,
            window=values["window"],
            reference=values["reference"],
        )
        return Response(
            self.get_serializer(self.get_queryset().get(pk=payment.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=serializers.ReasonSerializer, responses=serializers.PaymentSerializer)
    @action(detail=True, methods=["post"], permission_classes=[CanView])
    def reverse(self, request, pk=None):
        payment = self.get_object()
        data = serializers.ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.reverse_payment(payment, data.validated_data["reason"], user=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=payment.pk)).data)

    @extend_schema(
        request={"multipart/form-data": OpenApiTypes.OBJECT, "application/json": OpenApiTypes.OBJECT},
        responses={201: OpenApiTypes.OBJECT, 400: serializers.RowErrorSerializer(many=True)},
    )
    @action(
        detail=False, methods=["post"], url_path="bank-batch", parser_classes=[JSONParser, MultiPartParser, FormParser]
    )
    def bank_batch(self, request):
        """A bank's batch of collections (CSV ``file`` or JSON list; columns account, amount, reference, paid_at),
        all or nothing; lines loaded before are skipped, so the same file loaded twice pays once."""
        if not request.user.has_perm("customers.add_payment"):
            raise PermissionDenied(_("You may not take payments."))
        rows = rows_from_request(request)
        errors = queries.unknown_references(rows, request.user, keys=("account",))
        if errors:
            return Response({"taken": 0, "errors": errors}, status=status.HTTP_400_BAD_REQUEST)
        result = services.import_bank_batch(rows, user=request.user)
        if result["errors"]:
            return Response(result, status=status.HTTP_400_BAD_REQUEST)
        return Response(result, status=status.HTTP_201_CREATED)


class ReliefPolicyViewSet(ScopedModelViewSet):
    """Relief policies such as “arrears without cut-off” (欠费不停供). ``grant`` flags every eligible account."""

    queryset = ReliefPolicy.objects.annotate(accounts_count=Count("accounts")).order_by("-starts_on", "pk")
    serializer_class = serializers.ReliefPolicySerializer
    filterset_class = filters.ReliefPolicyFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]

    @extend_schema(request=serializers.OnSerializer, responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["post"], permission_classes=[CanView])
    def grant(self, request, pk=None):
        policy = self.get_object()
        data = serializers.OnSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        granted = services.grant_relief(policy, on=data.validated_data.get("on"), user=request.user)
        return Response({"granted": granted})


class ArrearsNoticeViewSet(ScopedReadOnlyModelViewSet):
    """Demands for payment and disconnection warnings. ``send/`` sends the demands now due for a company."""

    queryset = ArrearsNotice.objects.select_related("account")
    serializer_class = serializers.ArrearsNoticeSerializer
    filterset_class = filters.ArrearsNoticeFilterSet

    @extend_schema(request=serializers.SendNoticesSerializer, responses=OpenApiTypes.OBJECT)
    @action(detail=False, methods=["post"], permission_classes=[CanView])
    def send(self, request):
        data = serializers.SendNoticesSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        sent = services.send_notices(
            data.validated_data["company"], on=data.validated_data.get("on"), user=request.user
        )
        return Response({"sent": sent})


class DisconnectionViewSet(ScopedReadOnlyModelViewSet):
    """Disconnections for arrears. ``warn/`` warns an account (refused under a relief policy that forbids it);
    ``disconnect`` carries out a warned one after the warning period."""

    queryset = Disconnection.objects.select_related("account")
    serializer_class = serializers.DisconnectionSerializer
    filterset_class = filters.DisconnectionFilterSet

    @extend_schema(request=serializers.WarnSerializer, responses={201: serializers.DisconnectionSerializer})
    @action(detail=False, methods=["post"], permission_classes=[CanView])
    def warn(self, request):
        data = serializers.WarnSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        cut = services.warn_disconnection(
            data.validated_data["account"], on=data.validated_data.get("on"), user=request.user
        )
        return Response(self.get_serializer(cut).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=serializers.OnSerializer, responses=serializers.DisconnectionSerializer)
    @action(detail=True, methods=["post"], permission_classes=[CanView])
    def disconnect(self, request, pk=None):
        data = serializers.OnSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cut = services.disconnect(self.get_object(), on=data.validated_data.get("on"), user=request.user)
        return Response(self.get_serializer(cut).data)


ARREARS_ORDER = {
    "days": lambda r: (r["days"], r["amount"]),
    "amount": lambda r: (r["amount"], r["days"]),
    "number": lambda r: r["number"],
}


def _company_by_code(user, code: str):
    if not code:
        return None
    company = Company.objects.filter(code=code).first()
    if company is None:
        raise ValidationError({"company": _("No company with code %(code)s.") % {"code": code}})
    if not scope.can_access_company(user, company.pk):
        raise PermissionDenied(_("That company is outside your scope."))
    return company


class ArrearsViewSet(viewsets.ViewSet):
    """Accounts with overdue bills on a day (default today): amount, oldest due date, days, age bucket, relief.

    Filters: company (code), bucket (repeatable), relief, use_type, min_days, q; ordering days, amount, number
    (``-`` for descending; default ``-days``)."""

    permission_classes = [IsAuthenticated]
    serializer_class = serializers.ArrearsSerializer

    @extend_schema(parameters=[serializers.ArrearsQuerySerializer], responses=serializers.ArrearsSerializer(many=True))
    def list(self, request):
        if not request.user.has_perm("customers.view_bill"):
            raise PermissionDenied(_("You may not see arrears."))
        query = serializers.ArrearsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        values = query.validated_data
        company = _company_by_code(request.user, values.get("company", ""))
        rows = queries.arrears_rows(request.user, on=values.get("on"), company=company)
        rows = queries.filter_arrears(rows, request.query_params)
        ordering = values["ordering"]
        rows.sort(key=ARREARS_ORDER[ordering.lstrip("-")], reverse=ordering.startswith("-"))
        paginator = self.paginator
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(serializers.ArrearsSerializer(page, many=True).data)

    @property
    def paginator(self):
        if not hasattr(self, "_paginator"):
            from shuiwu.core.api.pagination import Pagination

            self._paginator = Pagination()
        return self._paginator

    @extend_schema(
        parameters=[OpenApiParameter("company", str, required=False), OpenApiParameter("on", str, required=False)],
        responses=OpenApiTypes.OBJECT,
    )
    @action(detail=False, methods=["get"])
    def ageing(self, request):
        """Accounts and amount in each age bucket."""
        if not request.user.has_perm("customers.view_bill"):
            raise PermissionDenied(_("You may not see arrears."))
        query = serializers.OnSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        company = _company_by_code(request.user, request.query_params.get("company", ""))
        on = query.validated_data.get("on") or timezone.localdate()
        ages = services.ageing(company, on=on, user=request.user)
        return Response(
            {
                "on": on,
                "buckets": {k: {"accounts": v["accounts"], "amount": str(v["amount"])} for k, v in ages.items()},
            }
        )


@extend_schema(
    parameters=[
        OpenApiParameter("company", str, required=False),
        OpenApiParameter("start", str),
        OpenApiParameter("end", str),
    ],
    responses=OpenApiTypes.OBJECT,
)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def summary(request):
    """Billing figures for a company (code) and period: billed volume and amount by use type, collections and
    collection rate, arrears by age, accounts relief policies kept supplied."""
    return summary_response(request, "customers.view_bill", services.summary)
