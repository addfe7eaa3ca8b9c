"""API permissions: Django model permissions, reading included."""

from rest_framework.permissions import DjangoModelPermissions


class ModelPermissions(DjangoModelPermissions):
    """Model permissions for every method: reading needs the ``view`` permission too.

    Which rows a permitted user sees is the company scope's job (core.scope),
    applied by the base viewset.
    """

    perms_map = {
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": [],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "POST": ["%(app_label)s.add_%(model_name)s"],
        "PUT": ["%(app_label)s.change_%(model_name)s"],
        "PATCH": ["%(app_label)s.change_%(model_name)s"],
        "DELETE": ["%(app_label)s.delete_%(model_name)s"],
    }


class CanView(DjangoModelPermissions):
    """The model's view permission, whatever the method: for actions whose service checks finer permissions
    (a work order's transitions, a crew's status)."""

    def has_permission(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return False
        queryset = self._queryset(view)
        opts = queryset.model._meta
        return request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}")
