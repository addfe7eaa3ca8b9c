"""Serializers of the service-counter API."""

from rest_framework import serializers

from shuiwu.core.api.serializers import ScopedModelSerializer
from shuiwu.customers.models import Account, Customer
from shuiwu.service.choices import RejectionReason
from shuiwu.service.models import Application, ApplicationStep, ApplicationType, Holiday, Window


class WindowSerializer(ScopedModelSerializer):
    class Meta:
        model = Window
        fields = ["id", "display", "company", "code", "name", "kind", "address", "phone", "active"]


class ApplicationTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApplicationType
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "steps",
            "documents",
            "limit_working_days",
            "refuse_with_arrears",
            "local_policy",
            "source",
            "active",
            "order",
        ]

    def validate(self, attrs):
        from django.core.exceptions import ValidationError as DjangoValidationError

        scratch = ApplicationType(
            **{f.attname: getattr(self.instance, f.attname) for f in ApplicationType._meta.concrete_fields}
            if self.instance
            else {}
        )
        for key, value in attrs.items():
            setattr(scratch, key, value)
        try:
            scratch.clean()
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict)
        return attrs


class HolidaySerializer(serializers.ModelSerializer):
    class Meta:
        model = Holiday
        fields = ["id", "day", "name", "working", "source"]


class ApplicationStepSerializer(serializers.ModelSerializer):
    clock = serializers.SerializerMethodField()

    class Meta:
        model = ApplicationStep
        fields = [
            "id",
            "order",
            "code",
            "name",
            "limit_working_days",
            "started_at",
            "due_on",
            "finished_at",
            "finished_by",
            "note",
            "clock",
        ]

    def get_clock(self, obj) -> str:
        from shuiwu.service import services

        return services.step_clock(obj, cal=self.context.get("calendar")).state


class ApplicationSerializer(ScopedModelSerializer):
    type_code = serializers.CharField(source="type.code", read_only=True)
    kind = serializers.CharField(source="type.kind", read_only=True)
    account_number = serializers.CharField(source="account.number", read_only=True, default=None)
    missing_documents = serializers.ListField(child=serializers.CharField(), read_only=True)
    clock = serializers.SerializerMethodField(help_text="ok, due_today, overdue, not_started, done, done_late, stopped")
    working_days = serializers.SerializerMethodField(help_text="Working days left (ok) or over (overdue, done_late)")

    class Meta:
        model = Application
        fields = [
            "id",
            "display",
            "number",
            "company",
            "type",
            "type_code",
            "kind",
            "window",
            "status",
            "applicant_name",
            "applicant_phone",
            "customer",
            "account",
            "account_number",
            "details",
            "documents_received",
            "missing_documents",
            "current_step",
            "received_at",
            "due_on",
            "clock",
            "working_days",
            "completed_at",
            "closed_at",
            "rejection_code",
            "rejection_reason",
            "cancel_reason",
            "result",
            "note",
            "created_by",
        ]
        read_only_fields = fields

    def _clock(self, obj):
        from shuiwu.service import services

        cache = self.context.setdefault("clocks", {})
        if obj.pk not in cache:
            cache[obj.pk] = services.clock(obj, cal=self.context.get("calendar"))
        return cache[obj.pk]

    def get_clock(self, obj) -> str:
        return self._clock(obj).state

    def get_working_days(self, obj) -> int:
        return self._clock(obj).days


class ApplicationDetailSerializer(ApplicationSerializer):
    steps = ApplicationStepSerializer(many=True, read_only=True)

    class Meta(ApplicationSerializer.Meta):
        fields = [*ApplicationSerializer.Meta.fields, "steps"]
        read_only_fields = fields


class ApplicationInSerializer(serializers.Serializer):
    """A new application: the account by id or by number; the details the type's kind needs."""

    type = serializers.PrimaryKeyRelatedField(queryset=ApplicationType.objects.all())
    window = serializers.PrimaryKeyRelatedField(queryset=Window.objects.all())
    applicant_name = serializers.CharField(max_length=100)
    applicant_phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    account = serializers.PrimaryKeyRelatedField(queryset=Account.objects.all(), required=False, allow_null=True)
    account_number = serializers.CharField(max_length=20, required=False, allow_blank=True)
    customer = serializers.PrimaryKeyRelatedField(queryset=Customer.objects.all(), required=False, allow_null=True)
    details = serializers.DictField(required=False, default=dict)
    documents_received = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    note = serializers.CharField(required=False, allow_blank=True, default="")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            for name in ("window", "account", "customer"):
                field = self.fields[name]
                field.queryset = field.queryset.restrict(user)
        self.user = user

    def validate(self, attrs):
        number = attrs.pop("account_number", "").strip()
        if number and attrs.get("account") is None:
            queryset = Account.objects.restrict(self.user) if self.user is not None else Account.objects.all()
            account = queryset.filter(number=number).first()
            if account is None:
                raise serializers.ValidationError({"account_number": f"No account with number {number!r}."})
            attrs["account"] = account
        return attrs


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class CompleteSerializer(NoteSerializer):
    details = serializers.DictField(required=False, default=dict, help_text="Details to add, e.g. final reads")


class RejectSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=RejectionReason.choices, default=RejectionReason.OTHER)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class DocumentsSerializer(serializers.Serializer):
    documents = serializers.ListField(child=serializers.CharField(), allow_empty=False)
