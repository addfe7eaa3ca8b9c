"""The change log: a signal handler that records every change of a ChangeLoggedModel."""

import json

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_delete, post_save

from shuiwu.core import context
from shuiwu.core.choices import ChangeAction
from shuiwu.core.models import ChangeLoggedModel, ObjectChange
from shuiwu.core.scope import object_company_id


def _plain(value):
    """JSON-safe: a stored file by its name; the rest through Django's encoder."""
    return value.name if isinstance(value, FieldFile) else value


def snapshot(instance) -> dict:
    """The instance's concrete field values, JSON-safe, keyed by column attribute name."""
    exclude = set(getattr(instance, "changelog_exclude", ()))
    values = {
        f.attname: _plain(getattr(instance, f.attname))
        for f in instance._meta.concrete_fields
        if f.name not in exclude and f.attname not in exclude
    }
    return json.loads(json.dumps(values, cls=DjangoJSONEncoder))


def _loaded_snapshot(instance) -> dict | None:
    loaded = getattr(instance, "_loaded_values", None)
    if loaded is None:
        return None
    exclude = set(getattr(instance, "changelog_exclude", ()))
    names = {f.attname for f in instance._meta.concrete_fields}
    values = {k: _plain(v) for k, v in loaded.items() if k in names and k not in exclude}
    return json.loads(json.dumps(values, cls=DjangoJSONEncoder))


def _actor():
    ctx = context.current()
    user = ctx.user
    if hasattr(user, "resolve"):
        user = user.resolve()
    return ctx, user


def record(instance, action: str, prechange: dict | None, postchange: dict | None) -> ObjectChange:
    ctx, user = _actor()
    return ObjectChange.objects.create(
        user=user,
        user_name=user.get_username() if user is not None else "",
        request_id=ctx.request_id,
        source=ctx.source,
        action=action,
        content_type=ContentType.objects.get_for_model(instance),
        object_id=instance.pk,
        object_repr=str(instance)[:200],
        company_id=object_company_id(instance),
        prechange=prechange,
        postchange=postchange,
    )


def _on_save(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    after = snapshot(instance)
    if created:
        record(instance, ChangeAction.CREATE, None, after)
    else:
        before = _loaded_snapshot(instance)
        if before != after:  # a save that changed nothing is not a change
            record(instance, ChangeAction.UPDATE, before, after)
    # The saved values become the baseline for the next save of this instance.
    instance._loaded_values = {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def _on_delete(sender, instance, **kwargs):
    record(instance, ChangeAction.DELETE, _loaded_snapshot(instance) or snapshot(instance), None)


def connect(models) -> None:
    """Connect the handlers to each change-logged model (proxies included).

    Per-model connections, not one global receiver: a global receiver would
    stop Django's fast bulk delete for every model, change-logged or not.
    """
    for model in models:
        if issubclass(model, ChangeLoggedModel):
            post_save.connect(_on_save, sender=model, dispatch_uid=f"changelog-save-{model._meta.label}")
            post_delete.connect(_on_delete, sender=model, dispatch_uid=f"changelog-delete-{model._meta.label}")


def changes_for(instance):
    """The change-log entries of one record, newest first."""
    return ObjectChange.objects.filter(
        content_type=ContentType.objects.get_for_model(instance), object_id=instance.pk
    ).select_related("user")
