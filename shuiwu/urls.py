"""Shuiwu's URLs: pages by capability, the API under /api/, the admin, /healthz."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from shuiwu.core import views as core_views
from shuiwu.core.api.root import api_root

api_patterns = [
    path("", api_root, name="api-root"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("org/", include("shuiwu.org.api.urls")),
    path("assets/", include("shuiwu.assets.api.urls")),
    path("work/", include("shuiwu.work.api.urls")),
    path("inspections/", include("shuiwu.inspections.api.urls")),
    path("telemetry/", include("shuiwu.telemetry.api.urls")),
    path("hydraulics/", include("shuiwu.hydraulics.api.urls")),
    path("customers/", include("shuiwu.customers.api.urls")),
    path("service/", include("shuiwu.service.api.urls")),
    path("analytics/", include("shuiwu.analytics.api.urls")),
    path("quality/", include("shuiwu.quality.api.urls")),
    path("plants/", include("shuiwu.plants.api.urls")),
    path("projects/", include("shuiwu.projects.api.urls")),
    path("emergency/", include("shuiwu.emergency.api.urls")),
    path("people/", include("shuiwu.people.api.urls")),
    path("reports/", include("shuiwu.reports.api.urls")),
    path("core/", include("shuiwu.core.api.urls")),
]

urlpatterns = [
    path("", core_views.HomeView.as_view(), name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("org/", include("shuiwu.org.urls")),
    path("assets/", include("shuiwu.assets.urls")),
    path("work/", include("shuiwu.work.urls")),
    path("inspections/", include("shuiwu.inspections.urls")),
    path("telemetry/", include("shuiwu.telemetry.urls")),
    path("hydraulics/", include("shuiwu.hydraulics.urls")),
    path("customers/", include("shuiwu.customers.urls")),
    path("service/", include("shuiwu.service.urls")),
    path("analytics/", include("shuiwu.analytics.urls")),
    path("quality/", include("shuiwu.quality.urls")),
    path("plants/", include("shuiwu.plants.urls")),
    path("projects/", include("shuiwu.projects.urls")),
    path("emergency/", include("shuiwu.emergency.urls")),
    path("people/", include("shuiwu.people.urls")),
    path("reports/", include("shuiwu.reports.urls")),
    path("changes/", include("shuiwu.core.urls_changes")),
    path("api/", include(api_patterns)),
    path("admin/", admin.site.urls),
]
