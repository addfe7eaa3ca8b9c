"""Company scope: which companies' records a user may see and edit.

This is the one place the rule lives. The UI's generic views, the API's base
viewset and serializer, and the admin's base class all call ``restrict`` and
``check_company``; apps never filter by company on their own.

A user sees every company when they are a superuser or hold the
``org.group_wide_access`` permission (directly or through a role); otherwise
they see the companies their membership resolver returns (the org app
registers one that reads the user's staff record).
"""

from collections.abc import Callable, Iterable

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext as _

GROUP_WIDE_PERMISSION = "org.group_wide_access"

_CACHE_ATTR = "_shuiwu_company_ids"
_membership_resolver: Callable[[object], Iterable[int]] = lambda user: ()  # noqa: E731


def set_membership_resolver(func: Callable[[object], Iterable[int]]) -> None:
    """Register the function that gives a user's own company ids (set by the org app)."""
    global _membership_resolver
    _membership_resolver = func


def company_ids(user) -> frozenset[int] | None:
    """The ids of the companies ``user`` may access, or None for all of them."""
    if user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, _CACHE_ATTR, ...)
    if cached is not ...:
        return cached
    ids = None if user.is_superuser or user.has_perm(GROUP_WIDE_PERMISSION) else frozenset(_membership_resolver(user))
    setattr(user, _CACHE_ATTR, ids)
    return ids


def forget(user) -> None:
    """Drop the cached scope (after a user's roles or company changed)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
    for attr in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        if hasattr(user, attr):
            delattr(user, attr)


def is_group_wide(user) -> bool:
    return company_ids(user) is None


def scope_path(model) -> str | None:
    """The lookup from ``model`` to its company id, or None for unscoped models."""
    return getattr(model, "scope_path", None)


def can_access_company(user, company_id: int | None) -> bool:
    ids = company_ids(user)
    return ids is None or (company_id is not None and company_id in ids)


def check_company(user, company_id: int | None) -> None:
    """Raise PermissionDenied unless ``user`` may write records of that company."""
    if not can_access_company(user, company_id):
        raise PermissionDenied(_("You may only change records of your own company."))


def object_company_id(obj) -> int | None:
    """The company id an instance belongs to, following its model's scope path."""
    path = scope_path(type(obj))
    if path is None:
        return None
    value = obj
    parts = path.split("__")
    for i, part in enumerate(parts):
        if i == len(parts) - 1 and not part.endswith("_id"):
            part = f"{part}_id"
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


class ScopedQuerySet(models.QuerySet):
    def restrict(self, user):
        """Only the rows whose company ``user`` may access."""
        path = scope_path(self.model)
        if path is None:
            return self if getattr(user, "is_authenticated", False) else self.none()
        ids = company_ids(user)
        if ids is None:
            return self
        if not ids:
            return self.none()
        return self.filter(**{f"{path}__in": ids})


def check_company_if_scoped(user, obj) -> None:
    """check_company for a scoped instance; unscoped instances pass."""
    if scope_path(type(obj)) is not None:
        check_company(user, object_company_id(obj))
