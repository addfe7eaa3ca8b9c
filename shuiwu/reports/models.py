"""Reports: the KPI catalogue (data, editable in the admin) and the reports produced for download."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from shuiwu.core.models import ChangeLoggedModel
from shuiwu.core.scope import ScopedQuerySet
from shuiwu.org.choices import CompanyKind
from shuiwu.reports.choices import Direction, ReportKind, Section


class Kpi(ChangeLoggedModel):
    """One figure of the scorecard: where it comes from, its unit, its target and the standard behind it.

    ``source`` names an app's ``summary()`` figure as ``<app>.<key path>`` (``inspections.by_plan_type.
    dredging.km_dredged``); ``formula`` instead computes it from other KPIs' codes with + - * / and brackets
    (``tickets / accounts * 1000``). Exactly one of the two is set.
    """

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    section = models.CharField(_("section"), max_length=20, choices=Section.choices)
    company_kinds = models.JSONField(
        _("company kinds"),
        default=list,
        blank=True,
        help_text=_("The kinds of company the figure is reported for; 'group' is the whole group. Empty: all."),
    )
    source = models.CharField(_("source"), max_length=200, blank=True, help_text=_("<app>.<key path> in its summary"))
    formula = models.CharField(_("formula"), max_length=200, blank=True, help_text=_("Over KPI codes: + - * / ( )"))
    scale = models.DecimalField(
        _("scale"), max_digits=12, decimal_places=6, default=1, help_text=_("Factor from the source to the unit")
    )
    decimals = models.PositiveSmallIntegerField(_("decimals"), default=0)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=3, null=True, blank=True)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.NONE)
    standard = models.CharField(_("standard"), max_length=300, blank=True)
    local_policy = models.BooleanField(
        _("local policy"), default=False, help_text=_("The target is the utility's own, not a standard's")
    )
    phrase = models.CharField(
        _("narrative phrase"), max_length=200, blank=True, help_text=_("Chinese; {code} stands for a KPI's value")
    )
    phrase_en = models.CharField(_("English narrative phrase"), max_length=200, blank=True)
    drill = models.CharField(
        _("drill-down"),
        max_length=300,
        blank=True,
        help_text=_("url name?query, with {start} {end} {since} {until} {company}"),
    )
    on_scorecard = models.BooleanField(_("on the scorecard"), default=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self):
        return reverse("reports:kpi_list") + f"#{self.code}"

    def clean(self):
        from shuiwu.reports import formulas

        errors = {}
        if bool(self.source) == bool(self.formula):
            errors["source"] = _("Give either a source or a formula.")
        if self.source and self.source.split(".", 1)[0] not in Section.values:
            errors["source"] = _("The source must start with an app: %(apps)s.") % {"apps": ", ".join(Section.values)}
        if self.formula:
            try:
                formulas.names(self.formula)
            except ValueError as exc:
                errors["formula"] = str(exc)
        kinds = self.company_kinds
        if not isinstance(kinds, list) or any(k not in CompanyKind.values for k in kinds):
            errors["company_kinds"] = _("A list of company kinds: %(kinds)s.") % {
                "kinds": ", ".join(CompanyKind.values)
            }
        if errors:
            raise ValidationError(errors)

    def applies_to(self, kind: str) -> bool:
        return not self.company_kinds or kind in self.company_kinds


def report_path(instance, filename):
    return f"reports/{instance.start:%Y}/{filename}"


class Report(models.Model):
    """A report produced for a period and a company (none: the whole group), kept for download."""

    scope_path = "company"

    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind.choices)
    company = models.ForeignKey(
        "org.Company",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("company"),
        help_text=_("Empty: the whole group"),
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    xlsx = models.FileField(_("Excel file"), upload_to=report_path, blank=True)
    pdf = models.FileField(_("PDF file"), upload_to=report_path, blank=True)
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    produced_at = models.DateTimeField(_("produced at"), auto_now=True)
    produced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("produced by"),
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-end", "kind", "company__code", "-id"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self):
        who = self.company.short_name or self.company.name if self.company_id else _("Group")
        return f"{self.get_kind_display()} {who} {self.start}–{self.end}"
