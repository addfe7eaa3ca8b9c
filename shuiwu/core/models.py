"""Base models every Shuiwu model builds on, and the change log."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from shuiwu.core.choices import ChangeAction, ChangeSource
from shuiwu.core.scope import ScopedQuerySet


class BaseModel(models.Model):
    """Created and updated stamps."""

    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class ChangeLoggedModel(BaseModel):
    """A model whose every create, update and delete lands in the change log.

    The values loaded from the database are kept on the instance so that an
    update records its before/after without another query.
    """

    changelog_exclude: tuple[str, ...] = ("created", "updated")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    def get_absolute_url(self):  # overridden by models that have a page
        return None

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_values = dict(zip(field_names, values, strict=True))
        return instance


class CompanyScopedModel(ChangeLoggedModel):
    """A record that belongs to one company of the group: the unit of access scope."""

    scope_path = "company"

    company = models.ForeignKey(
        "org.Company",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("company"),
    )

    class Meta:
        abstract = True


class ObjectChange(models.Model):
    """One create, update or delete of a change-logged record."""

    time = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    user_name = models.CharField(_("user name"), max_length=150, blank=True)
    request_id = models.UUIDField(_("request id"), db_index=True)
    source = models.CharField(_("source"), max_length=10, choices=ChangeSource.choices)
    action = models.CharField(_("action"), max_length=10, choices=ChangeAction.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.BigIntegerField(_("object id"))
    object_repr = models.CharField(_("object"), max_length=200)
    # A plain id, not a foreign key: the log outlives the company row and core
    # sits below org in the dependency order.
    company_id = models.BigIntegerField(_("company id"), null=True, blank=True, db_index=True)
    prechange = models.JSONField(_("before"), null=True, blank=True)
    postchange = models.JSONField(_("after"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "company_id"

    class Meta:
        ordering = ["-time", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "time"])]
        verbose_name = _("change")
        verbose_name_plural = _("change log")

    def __str__(self):
        return f"{self.get_action_display()} {self.object_repr}"

    def diff(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for every field whose value changed."""
        before = self.prechange or {}
        after = self.postchange or {}
        keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


class DemoPart(models.Model):
    """A part of the demo city that has been built (so a re-run skips it)."""

    name = models.CharField(max_length=50, unique=True)
    built_at = models.DateTimeField(auto_now_add=True)
    seconds = models.FloatField(default=0)
    summary = models.JSONField(default=dict, blank=True)

    def __str__(self):
        return self.name


class Sequence(models.Model):
    """A named counter for readable numbers (GD-2026-000123), advanced by an atomic update."""

    name = models.CharField(max_length=50, unique=True)
    value = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"{self.name}={self.value}"


class Rule(ChangeLoggedModel):
    """An editable rule value with its source: figures from the standards and local policy, as data.

    Apps declare their rules with defaults in code (``core.rules.declare``); a row here overrides the
    default. The admin shows where each figure comes from and whether it is a national figure or a local
    policy.
    """

    key = models.CharField(_("key"), max_length=80, unique=True)
    value = models.JSONField(_("value"))
    source = models.CharField(_("source"), max_length=300, blank=True)
    local_policy = models.BooleanField(_("local policy"), default=False)

    class Meta:
        ordering = ["key"]
        verbose_name = _("rule")
        verbose_name_plural = _("rules")

    def __str__(self):
        return self.key
