"""Signal handlers of the org app: role groups follow the staff record."""

from django.db.models.signals import post_migrate, post_save, pre_save
from django.dispatch import receiver

from shuiwu.org import services
from shuiwu.org.models import Staff


@receiver(pre_save, sender=Staff, dispatch_uid="org_staff_previous_role")
def _remember_role(sender, instance, raw=False, **kwargs):
    loaded = getattr(instance, "_loaded_values", None) or {}
    instance._previous_role = loaded.get("role")
    instance._previous_user_id = loaded.get("user_id")


@receiver(post_save, sender=Staff, dispatch_uid="org_staff_role_group")
def _sync_role(sender, instance, raw=False, **kwargs):
    if raw:
        return
    previous = getattr(instance, "_previous_role", None)
    if instance.user_id and (previous != instance.role or instance._previous_user_id != instance.user_id):
        services.sync_role_group(instance, previous_role=previous)


def seed_roles_after_migrate(sender, app_config=None, plan=None, **kwargs):
    """Seed the role permissions of an app whose migrations just ran.

    post_migrate is sent once per installed app, after Django created that
    app's permissions; so each app's share is seeded on its own emission.
    A flush sends it with no plan: everything is seeded again.
    """
    if app_config is None:
        return
    if plan is not None and not any(m.app_label == app_config.label and not back for m, back in plan):
        return
    services.seed_roles({app_config.label})


post_migrate.connect(seed_roles_after_migrate, dispatch_uid="org_seed_roles")
