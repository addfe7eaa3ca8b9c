"""Pages of the change log: every change, and one change with its before/after."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from shuiwu.core import views
from shuiwu.core.api.views import ObjectChangeFilterSet
from shuiwu.core.models import ObjectChange
from shuiwu.core.tables import BaseTable


class ObjectChangeTable(BaseTable):
    time = tables.DateTimeColumn(format="Y-m-d H:i:s", linkify=lambda record: f"/changes/{record.pk}/")
    object_repr = tables.Column(verbose_name=_("object"))
    content_type = tables.Column(verbose_name=_("type"), accessor="content_type__name", orderable=False)

    class Meta(BaseTable.Meta):
        model = ObjectChange
        fields = ("time", "action", "content_type", "object_repr", "user_name", "source")


class ChangeListView(views.ObjectListView):
    model = ObjectChange
    filterset_class = ObjectChangeFilterSet
    table_class = ObjectChangeTable
    select_related = ("content_type",)


class ChangeDetailView(views.ObjectDetailView):
    model = ObjectChange
    template_name = "core/objectchange_detail.html"
    select_related = ("content_type", "user")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        change = self.object
        context["related"] = (
            ObjectChange.objects.restrict(self.request.user)
            .filter(request_id=change.request_id)
            .exclude(pk=change.pk)
            .select_related("content_type")[:50]
        )
        return context
