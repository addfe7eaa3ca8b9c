"""API filter backends shared by every viewset."""

from rest_framework import filters


class OrderingFilter(filters.OrderingFilter):
    """``?ordering=field`` on any concrete field unless the view narrows it."""

    ordering_param = "ordering"

    def get_valid_fields(self, queryset, view, context=None):
        if getattr(view, "ordering_fields", None) is not None:
            return super().get_valid_fields(queryset, view, context or {})
        return [
            (f.name, f.verbose_name)
            for f in queryset.model._meta.concrete_fields
            if f.get_internal_type() != "JSONField"
        ]
