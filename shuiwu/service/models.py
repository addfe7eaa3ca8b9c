"""The service counter: windows, application types (steps, documents, time limits), applications and holidays."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from shuiwu.core.models import ChangeLoggedModel, CompanyScopedModel
from shuiwu.core.scope import ScopedQuerySet
from shuiwu.service.choices import OPEN_STATUSES, ApplicationKind, RejectionReason, Status, WindowKind


class Window(CompanyScopedModel):
    """A place applications come in: the government service hall, a town centre, online, the hotline."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=WindowKind.choices, default=WindowKind.SERVICE_HALL)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("service window")
        verbose_name_plural = _("service windows")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("service:window_detail", args=[self.pk])


class ApplicationType(ChangeLoggedModel):
    """A service the counter offers: its steps with their time limits and the documents it needs (data)."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=30, choices=ApplicationKind.choices)
    steps = models.JSONField(
        _("steps"),
        default=list,
        help_text=_('[{"code": "intake", "name": "受理签约", "limit_working_days": 0}, …] in order'),
    )
    documents = models.JSONField(_("documents"), default=list, blank=True, help_text=_("The documents to bring"))
    limit_working_days = models.PositiveSmallIntegerField(_("time limit (working days)"))
    refuse_with_arrears = models.BooleanField(
        _("refused with arrears"), default=False, help_text=_("Refused while the account has unpaid bills")
    )
    local_policy = models.BooleanField(
        _("local policy"), default=True, help_text=_("The time limit is the utility's own rule (no figure found)")
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("application type")
        verbose_name_plural = _("application types")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("service:applicationtype_detail", args=[self.pk])

    def clean(self):
        errors = {}
        steps = self.steps
        if not isinstance(steps, list) or not steps:
            errors["steps"] = _("At least one step.")
        else:
            for i, step in enumerate(steps, start=1):
                if not isinstance(step, dict) or not step.get("name") or not step.get("code"):
                    errors["steps"] = _("Step %(n)s needs a code and a name.") % {"n": i}
                    break
                limit = step.get("limit_working_days", 0)
                if not isinstance(limit, int) or isinstance(limit, bool) or limit < 0:
                    errors["steps"] = _("Step %(n)s: the time limit is whole working days.") % {"n": i}
                    break
            else:
                total = sum(s.get("limit_working_days", 0) for s in steps)
                if self.limit_working_days is not None and total > self.limit_working_days:
                    errors["steps"] = _("The steps take %(steps)s working days, more than the limit of %(limit)s.") % {
                        "steps": total,
                        "limit": self.limit_working_days,
                    }
        if not isinstance(self.documents, list) or not all(isinstance(d, str) and d for d in self.documents):
            errors["documents"] = _("A list of document names.")
        if errors:
            raise ValidationError(errors)


class Application(CompanyScopedModel):
    """One application at the counter: received, worked step by step against its time limit, then closed."""

    number = models.CharField(_("number"), max_length=20, unique=True, editable=False)
    type = models.ForeignKey(
        ApplicationType, on_delete=models.PROTECT, related_name="applications", verbose_name=_("type")
    )
    window = models.ForeignKey(Window, on_delete=models.PROTECT, related_name="applications", verbose_name=_("window"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    applicant_name = models.CharField(_("applicant"), max_length=100, db_index=True)
    applicant_phone = models.CharField(_("applicant phone"), max_length=20, blank=True)
    customer = models.ForeignKey(
        "customers.Customer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("customer"),
    )
    account = models.ForeignKey(
        "customers.Account",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("account"),
    )
    details = models.JSONField(_("details"), default=dict, blank=True, help_text=_("What the change needs"))
    documents_received = models.JSONField(_("documents received"), default=list, blank=True)
    current_step = models.PositiveSmallIntegerField(_("current step"), default=0)
    received_at = models.DateTimeField(_("received"), db_index=True)
    due_on = models.DateField(
        _("due"), null=True, blank=True, help_text=_("Empty until the documents are complete: the clock starts then")
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    closed_at = models.DateTimeField(
        _("closed"), null=True, blank=True, help_text=_("Completed, rejected or cancelled")
    )
    rejection_code = models.CharField(
        _("reason for the refusal"), max_length=20, choices=RejectionReason.choices, blank=True
    )
    rejection_reason = models.CharField(_("refusal explained"), max_length=300, blank=True)
    cancel_reason = models.CharField(_("reason for the cancellation"), max_length=300, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True, help_text=_("The records the change made"))
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("received by"),
    )

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        permissions = [("complete_application", _("Can complete applications (runs the change)"))]
        indexes = [
            models.Index(fields=["company", "status"], name="service_app_co_status"),
            models.Index(fields=["status", "due_on"], name="service_app_status_due"),
        ]

    def __str__(self):
        return f"{self.number} {self.type.name}" if self.type_id else self.number

    def get_absolute_url(self):
        return reverse("service:application_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def missing_documents(self) -> list[str]:
        received = set(self.documents_received or [])
        return [d for d in (self.type.documents or []) if d not in received]

    @property
    def documents_complete(self) -> bool:
        return not self.missing_documents


class ApplicationStep(models.Model):
    """One step of an application, with its own time limit."""

    scope_path = "application__company"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("order"))
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=100)
    limit_working_days = models.PositiveSmallIntegerField(_("time limit (working days)"), default=0)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    due_on = models.DateField(_("due"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    finished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("finished by"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["application", "order"]
        verbose_name = _("application step")
        verbose_name_plural = _("application steps")
        constraints = [models.UniqueConstraint(fields=["application", "order"], name="service_step_order_unique")]

    def __str__(self):
        return f"{self.order + 1}. {self.name}"


class Holiday(ChangeLoggedModel):
    """A public holiday, or a weekend day worked instead (调休上班): the working-day calendar as data."""

    day = models.DateField(_("day"), unique=True)
    name = models.CharField(_("name"), max_length=50)
    working = models.BooleanField(
        _("worked"), default=False, help_text=_("A weekend day worked instead of a holiday (调休上班)")
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["day"]
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")

    def __str__(self):
        return f"{self.day} {self.name}"
