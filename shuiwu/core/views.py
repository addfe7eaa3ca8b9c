"""Generic views every app's pages build on: list, detail, edit, delete; and /healthz."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection
from django.db.models import ProtectedError
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views import generic
from django_filters.views import FilterView
from django_tables2.views import SingleTableMixin

from shuiwu.core import scope
from shuiwu.core.changelog import changes_for


def refusal_text(exc) -> str:
    """A service's refusal (a ValidationError, by field or not, or another error) as one line for the page."""
    if isinstance(exc, ValidationError):
        parts = exc.message_dict.values() if hasattr(exc, "error_dict") else [exc.messages]
        return " ".join(str(m) for ms in parts for m in ms)
    return str(exc) or _("That did not work.")


def form_errors_text(form) -> str:
    """A bound form's errors as one line for a message (forms posted from a section of another page)."""
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def object_for_change(request, model, pk, permission: str, queryset=None):
    """A record the user may change: in their scope (else 404), with ``permission`` (else 403), of a company they
    may write."""
    obj = get_object_or_404((queryset if queryset is not None else model.objects).restrict(request.user), pk=pk)
    if not request.user.has_perm(permission):
        raise PermissionDenied
    scope.check_company_if_scoped(request.user, obj)
    return obj


def permission_name(model, action: str) -> str:
    opts = model._meta
    return f"{opts.app_label}.{action}_{opts.model_name}"


class ObjectPermissionMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Needs the model permission for ``action``; rows come through the company scope."""

    model = None
    action = "view"
    select_related: tuple[str, ...] = ()

    def get_permission_required(self):
        return [permission_name(self.model, self.action)]

    def get_queryset(self):
        queryset = self.model.objects.restrict(self.request.user)
        return queryset.select_related(*self.select_related) if self.select_related else queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        opts = self.model._meta
        user = self.request.user
        context.update(
            opts=opts,
            model_name=opts.verbose_name,
            model_name_plural=opts.verbose_name_plural,
            can_add=user.has_perm(permission_name(self.model, "add")),
            can_change=user.has_perm(permission_name(self.model, "change")),
            can_delete=user.has_perm(permission_name(self.model, "delete")),
        )
        return context


class ObjectListView(ObjectPermissionMixin, SingleTableMixin, FilterView):
    """A list with search, filters, sorting and pagination; htmx swaps only the table."""

    template_name = "core/object_list.html"
    table_pagination = {"per_page": 50}
    create_url_name = None
    strict = False

    def get_template_names(self):
        if self.request.headers.get("HX-Request") and not self.request.headers.get("HX-Boosted"):
            return ["core/includes/list_results.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["create_url"] = reverse(self.create_url_name) if self.create_url_name else None
        context["total"] = context["filter"].qs.count() if "filter" in context else None
        return context


class ObjectDetailView(ObjectPermissionMixin, generic.DetailView):
    """A record's page with its change log."""

    template_name = "core/object_detail.html"
    edit_url_name = None
    delete_url_name = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.object
        context["changes"] = changes_for(obj)[:50]
        context["edit_url"] = reverse(self.edit_url_name, args=[obj.pk]) if self.edit_url_name else None
        context["delete_url"] = reverse(self.delete_url_name, args=[obj.pk]) if self.delete_url_name else None
        opts = self.model._meta
        try:
            context["list_url"] = reverse(f"{opts.app_label}:{opts.model_name}_list")
        except NoReverseMatch:
            context["list_url"] = None
        return context


class ObjectEditView(ObjectPermissionMixin, generic.UpdateView):
    """Create (no pk in the URL) or edit a record through a scoped model form."""

    template_name = "core/object_form.html"

    def get_permission_required(self):
        action = "change" if self.kwargs.get("pk") else "add"
        return [permission_name(self.model, action)]

    def get_object(self, queryset=None):
        if not self.kwargs.get("pk"):
            return None
        return super().get_object(queryset)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def form_valid(self, form):
        if self.object is not None:
            # Records that belong to no company (tariffs, checklists…) are for whoever holds the permission.
            scope.check_company_if_scoped(self.request.user, self.object)
        response = super().form_valid(form)
        messages.success(self.request, _("Saved %(object)s.") % {"object": self.object})
        return response

    def get_success_url(self):
        return self.object.get_absolute_url() or reverse("home")


class ObjectDeleteView(ObjectPermissionMixin, generic.DeleteView):
    template_name = "core/object_delete.html"
    action = "delete"
    success_url_name = "home"

    def form_valid(self, form):
        obj = self.object
        scope.check_company_if_scoped(self.request.user, obj)
        try:
            obj.delete()
        except ProtectedError as exc:
            names = ", ".join(sorted({str(o) for o in list(exc.protected_objects)[:5]}))
            messages.error(
                self.request,
                _("%(object)s is in use and cannot be deleted: %(names)s") % {"object": obj, "names": names},
            )
            return redirect(obj.get_absolute_url())
        messages.success(self.request, _("Deleted %(object)s.") % {"object": obj})
        return HttpResponseRedirect(reverse(self.success_url_name))


def healthz(request):
    """200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return JsonResponse({"status": "error", "database": str(exc)}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})


class HomeView(LoginRequiredMixin, generic.TemplateView):
    """The start page: headline figures of each app and the latest changes."""

    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        from shuiwu.core.models import ObjectChange
        from shuiwu.core.navigation import tiles_for

        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["tiles"] = tiles_for(user)
        context["recent_changes"] = (
            ObjectChange.objects.restrict(user).select_related("content_type")[:12]
            if user.has_perm("core.view_objectchange")
            else []
        )
        return context
