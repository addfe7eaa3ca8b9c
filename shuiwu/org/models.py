"""The organisation of a water group: companies, departments, teams and staff."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from shuiwu.core.models import ChangeLoggedModel, CompanyScopedModel
from shuiwu.org.choices import CompanyKind, Role, TeamKind

code_validator = RegexValidator(r"^[A-Za-z0-9_.-]+$", _("Use letters, digits, '-', '_' or '.' only."))
phone_validator = RegexValidator(r"^[0-9+\-() ]{3,20}$", _("Enter a phone number (digits, +, -, spaces)."))


class Company(ChangeLoggedModel):
    """The group office or one of its subsidiaries. Visible to everyone; the unit of scope."""

    code = models.CharField(_("code"), max_length=20, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=CompanyKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subsidiaries",
        verbose_name=_("parent company"),
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[phone_validator])
    address = models.CharField(_("address"), max_length=200, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        permissions = [("group_wide_access", _("Can see and edit the records of every company"))]

    def __str__(self):
        return self.short_name or self.name

    def get_absolute_url(self):
        return reverse("org:company_detail", args=[self.pk])


class Department(CompanyScopedModel):
    code = models.CharField(_("code"), max_length=30, validators=[code_validator])
    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent department"),
    )

    class Meta:
        ordering = ["company__code", "code"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [models.UniqueConstraint(fields=["company", "code"], name="org_department_code_unique")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("org:department_detail", args=[self.pk])

    def clean(self):
        if self.parent_id and self.company_id and self.parent.company_id != self.company_id:
            raise ValidationError({"parent": _("The parent department belongs to another company.")})


class Team(CompanyScopedModel):
    """A crew, patrol team, plant shift or office team: the unit that receives work."""

    code = models.CharField(_("code"), max_length=30, validators=[code_validator])
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=TeamKind.choices)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="teams",
        verbose_name=_("department"),
    )
    phone = models.CharField(_("duty phone"), max_length=20, blank=True, validators=[phone_validator])
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["company__code", "code"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [models.UniqueConstraint(fields=["company", "code"], name="org_team_code_unique")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("org:team_detail", args=[self.pk])

    def clean(self):
        if self.department_id and self.company_id and self.department.company_id != self.company_id:
            raise ValidationError({"department": _("The department belongs to another company.")})


class Staff(CompanyScopedModel):
    """A person who works for the group; with a login when they use Shuiwu themselves."""

    employee_no = models.CharField(_("employee number"), max_length=20, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[phone_validator])
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    title = models.CharField(_("job title"), max_length=50, blank=True)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("department"),
    )
    team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="members", verbose_name=_("team")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("login"),
    )
    active = models.BooleanField(_("active"), default=True)
    hired_on = models.DateField(_("hired on"), null=True, blank=True)

    class Meta:
        ordering = ["company__code", "employee_no"]
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("org:staff_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.team_id and self.company_id and self.team.company_id != self.company_id:
            errors["team"] = _("The team belongs to another company.")
        if self.department_id and self.company_id and self.department.company_id != self.company_id:
            errors["department"] = _("The department belongs to another company.")
        if errors:
            raise ValidationError(errors)
