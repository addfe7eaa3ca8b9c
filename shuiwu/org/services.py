"""Organisation services: role groups, staff logins, and the membership behind company scope."""

from fnmatch import fnmatchcase

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from shuiwu.core import scope
from shuiwu.org.choices import Role
from shuiwu.org.models import Company, Staff
from shuiwu.org.roles import ROLE_PERMISSIONS

SHUIWU_APP_PREFIX = "shuiwu."


def user_company_ids(user) -> set[int]:
    """The user's own companies: the company of their active staff record."""
    staff = Staff.objects.filter(user=user, active=True).values_list("company_id", flat=True).first()
    return {staff} if staff is not None else set()


def shuiwu_app_labels() -> set[str]:
    from django.apps import apps

    return {a.label for a in apps.get_app_configs() if a.name.startswith(SHUIWU_APP_PREFIX)}


def role_permissions(role: str, permissions) -> list[Permission]:
    """The permissions among ``permissions`` that the role's patterns match."""
    patterns = ROLE_PERMISSIONS.get(role, ())
    chosen = []
    for perm in permissions:
        key = f"{perm.content_type.app_label}.{perm.codename}"
        if any(fnmatchcase(key, p) for p in patterns):
            chosen.append(perm)
    return chosen


@transaction.atomic
def seed_roles(app_labels: set[str] | None = None) -> dict[str, int]:
    """Create the role groups and add their default permissions for ``app_labels``.

    Additive: a permission an administrator removed stays removed until that
    app's migrations run again. Returns {role: permissions added}.
    """
    labels = shuiwu_app_labels() if app_labels is None else app_labels & shuiwu_app_labels()
    permissions = list(Permission.objects.filter(content_type__app_label__in=labels).select_related("content_type"))
    added = {}
    for role in Role.values:
        group, _ = Group.objects.get_or_create(name=role)
        perms = role_permissions(role, permissions)
        group.permissions.add(*perms)
        added[role] = len(perms)
    return added


def sync_role_group(staff: Staff, previous_role: str | None = None) -> None:
    """Put the staff member's login in their role's group (and out of the previous role's)."""
    if staff.user_id is None:
        return
    user = staff.user
    if previous_role and previous_role != staff.role:
        user.groups.remove(*Group.objects.filter(name=previous_role))
    group, _ = Group.objects.get_or_create(name=staff.role)
    user.groups.add(group)
    scope.forget(user)


@transaction.atomic
def create_login(staff: Staff, username: str, password: str) -> object:
    """Give a staff member a login with their role's permissions."""
    User = get_user_model()
    user = User.objects.create_user(username=username, password=password)
    if " " in staff.name or len(staff.name) > 1:
        user.first_name = staff.name[:150]
        user.save(update_fields=["first_name"])
    staff.user = user
    staff.save()
    return user


def company_by_code(code: str) -> Company:
    try:
        return Company.objects.get(code=code)
    except Company.DoesNotExist:
        codes = ", ".join(Company.objects.values_list("code", flat=True)) or "none yet"
        raise ValueError(f"no company with code {code!r} (known: {codes})") from None
