"""The change log through the API (read-only)."""

import django_filters

from shuiwu.core.api.serializers import ObjectChangeSerializer
from shuiwu.core.api.viewsets import ScopedReadOnlyModelViewSet
from shuiwu.core.filters import BaseFilterSet
from shuiwu.core.models import ObjectChange


class ObjectChangeFilterSet(BaseFilterSet):
    search_fields = ("object_repr", "user_name")
    ui_hidden = ("object_id", "request_id", "user", "content_type", "time_after", "time_before")
    content_type = django_filters.CharFilter(method="filter_content_type", label="app_label.model")
    time_after = django_filters.IsoDateTimeFilter(field_name="time", lookup_expr="gte")
    time_before = django_filters.IsoDateTimeFilter(field_name="time", lookup_expr="lt")

    class Meta:
        model = ObjectChange
        fields = ["q", "action", "source", "object_id", "request_id", "user", "content_type"]

    def filter_content_type(self, queryset, name, value):
        app_label, _, model = value.partition(".")
        return queryset.filter(content_type__app_label=app_label, content_type__model=model)


class ObjectChangeViewSet(ScopedReadOnlyModelViewSet):
    queryset = ObjectChange.objects.select_related("content_type")
    serializer_class = ObjectChangeSerializer
    filterset_class = ObjectChangeFilterSet
