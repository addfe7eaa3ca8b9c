from django.urls import path
from django.views.generic import RedirectView

from shuiwu.assets import views
from shuiwu.core.urls import crud_urls

app_name = "assets"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="assets:map"), name="index"),
    path("map/", views.MapView.as_view(), name="map"),
    path("map/features.geojson", views.map_features, name="map_features"),
    path("map/dmas.geojson", views.map_dmas, name="map_dmas"),
    path("export/<str:system>.inp", views.export_inp, name="export_inp"),
    *crud_urls(
        "dmas",
        "dma",
        list_view=views.DMAListView,
        detail_view=views.DMADetailView,
        edit_view=views.DMAEditView,
        delete_view=views.DMADeleteView,
    ),
    *crud_urls(
        "zones",
        "pressurezone",
        list_view=views.PressureZoneListView,
        detail_view=views.PressureZoneDetailView,
        edit_view=views.PressureZoneEditView,
        delete_view=views.PressureZoneDeleteView,
    ),
    path("all/", views.AssetListView.as_view(), name="asset_list"),
    path("<int:pk>/", views.AssetDetailView.as_view(), name="asset_detail"),
    path("<int:pk>/edit/", views.AssetEditView.as_view(), name="asset_edit"),
    path("<int:pk>/delete/", views.AssetDeleteView.as_view(), name="asset_delete"),
    path("<slug:slug>/", views.AssetKindListView.as_view(), name="kind_list"),
    path("<slug:slug>/add/", views.AssetEditView.as_view(), name="asset_add"),
]
