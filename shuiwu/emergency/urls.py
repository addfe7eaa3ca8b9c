from django.urls import path

from shuiwu.core.urls import crud_urls
from shuiwu.emergency import views

app_name = "emergency"

urlpatterns = [
    path("", views.BoardView.as_view(), name="board"),
    *crud_urls(
        "plans",
        "plan",
        list_view=views.PlanListView,
        detail_view=views.PlanDetailView,
        edit_view=views.PlanEditView,
    ),
    path("plans/<int:pk>/roles/", views.plan_role_add, name="plan_role_add"),
    path("plans/<int:pk>/roles/<int:role_pk>/delete/", views.plan_role_delete, name="plan_role_delete"),
    path("plans/<int:pk>/materials/", views.plan_material_add, name="plan_material_add"),
    path("plans/<int:pk>/materials/<int:need_pk>/delete/", views.plan_material_delete, name="plan_material_delete"),
    *crud_urls(
        "drills",
        "drill",
        list_view=views.DrillListView,
        detail_view=views.DrillDetailView,
        edit_view=views.DrillEditView,
    ),
    path("drills/<int:pk>/actions/", views.drill_action_add, name="drill_action_add"),
    path("drills/<int:pk>/actions/<int:action_pk>/done/", views.drill_action_done, name="drill_action_done"),
    *crud_urls(
        "warehouses",
        "warehouse",
        list_view=views.WarehouseListView,
        detail_view=views.WarehouseDetailView,
        edit_view=views.WarehouseEditView,
    ),
    path("stock/", views.StockListView.as_view(), name="stock_list"),
    path("stock/add/", views.StockEditView.as_view(), name="stock_add"),
    path("stock/<int:pk>/edit/", views.StockEditView.as_view(), name="stock_edit"),
    path("materials/", views.MaterialListView.as_view(), name="material_list"),
    path("materials/add/", views.MaterialEditView.as_view(), name="material_add"),
    path("materials/<int:pk>/edit/", views.MaterialEditView.as_view(), name="material_edit"),
    path("weather/", views.WeatherModeListView.as_view(), name="weathermode_list"),
    path("weather/on/", views.weathermode_add, name="weathermode_add"),
    path("weather/<int:pk>/", views.WeatherModeDetailView.as_view(), name="weathermode_detail"),
    path("weather/<int:pk>/end/", views.weathermode_end, name="weathermode_end"),
]
