from django.urls import path

from shuiwu.core import views_changes

app_name = "changes"

urlpatterns = [
    path("", views_changes.ChangeListView.as_view(), name="list"),
    path("<int:pk>/", views_changes.ChangeDetailView.as_view(), name="detail"),
]
