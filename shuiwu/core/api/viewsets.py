"""Base viewsets: every list is scoped to the user's companies, paginated, filterable."""

from rest_framework import viewsets


class ScopedViewSetMixin:
    """Restrict the queryset to the companies the requesting user may access."""

    def get_queryset(self):
        return super().get_queryset().restrict(self.request.user)


class ScopedModelViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    pass


class ScopedReadOnlyModelViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass
