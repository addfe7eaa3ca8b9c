"""Admin base class with the company scope, and the change log in the admin."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from shuiwu.core import scope
from shuiwu.core.models import DemoPart, ObjectChange, Rule

admin.site.site_header = _("Shuiwu administration")
admin.site.site_title = _("Shuiwu")
admin.site.index_title = _("Back office")


class ScopedAdmin(admin.ModelAdmin):
    """A ModelAdmin that shows and accepts only the records in the user's company scope."""

    list_per_page = 50
    show_full_result_count = True

    def get_queryset(self, request):
        return super().get_queryset(request).restrict(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and hasattr(field.queryset, "restrict"):
            field.queryset = field.queryset.restrict(request.user)
        ids = scope.company_ids(request.user)
        if field is not None and db_field.name == "company" and ids is not None:
            field.queryset = field.queryset.filter(pk__in=ids)
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and hasattr(field.queryset, "restrict"):
            field.queryset = field.queryset.restrict(request.user)
        return field

    def save_model(self, request, obj, form, change):
        if change:
            scope.check_company(request.user, scope.object_company_id(type(obj).objects.get(pk=obj.pk)))
        scope.check_company_if_scoped(request.user, obj)
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        scope.check_company_if_scoped(request.user, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            scope.check_company_if_scoped(request.user, obj)
        super().delete_queryset(request, queryset)


@admin.register(ObjectChange)
class ObjectChangeAdmin(ScopedAdmin):
    list_display = ("time", "action", "object_repr", "content_type", "user_name", "source")
    list_filter = ("action", "source", "content_type")
    search_fields = ("object_repr", "user_name", "request_id")
    date_hierarchy = "time"
    readonly_fields = [f.name for f in ObjectChange._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DemoPart)
class DemoPartAdmin(admin.ModelAdmin):
    list_display = ("name", "built_at", "seconds")

    def has_add_permission(self, request):
        return False


@admin.register(Rule)
class RuleAdmin(admin.ModelAdmin):
    list_display = ("key", "value", "local_policy", "source")
    list_filter = ("local_policy",)
    search_fields = ("key", "source")
    readonly_fields = ("description",)

    @admin.display(description=_("what it is"))
    def description(self, obj):
        from shuiwu.core import rules

        spec = rules.declared().get(obj.key)
        return spec.description if spec else ""
