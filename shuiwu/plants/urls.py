from django.urls import path

from shuiwu.core.urls import crud_urls
from shuiwu.plants import views

app_name = "plants"

urlpatterns = [
    path("", views.plant_list, name="plant_list"),
    path("<int:pk>/", views.plant_detail, name="plant_detail"),
    path("<int:pk>/log/", views.plant_log, name="plant_log"),
    path("<int:pk>/unit-status/", views.unit_status, name="unit_status"),
    path("logs/", views.DailyLogListView.as_view(), name="dailylog_list"),
    path("logs/add/", views.dailylog_edit, name="dailylog_add"),
    path("logs/<int:pk>/", views.DailyLogDetailView.as_view(), name="dailylog_detail"),
    path("logs/<int:pk>/edit/", views.dailylog_edit, name="dailylog_edit"),
    path("logs/<int:pk>/delete/", views.dailylog_delete, name="dailylog_delete"),
    *crud_urls(
        "stock",
        "chemicalstock",
        list_view=views.ChemicalStockListView,
        detail_view=views.ChemicalStockDetailView,
        edit_view=views.ChemicalStockEditView,
    ),
    path("stock/<int:pk>/delivery/", views.stock_move, {"kind": "delivery"}, name="stock_delivery"),
    path("stock/<int:pk>/stocktake/", views.stock_move, {"kind": "stocktake"}, name="stock_stocktake"),
    *crud_urls(
        "backwash",
        "backwash",
        list_view=views.BackwashListView,
        detail_view=views.BackwashDetailView,
        edit_view=views.BackwashEditView,
        delete_view=views.BackwashDeleteView,
    ),
    *crud_urls(
        "shifts",
        "shiftlog",
        list_view=views.ShiftLogListView,
        detail_view=views.ShiftLogDetailView,
        edit_view=views.ShiftLogEditView,
    ),
    path("shifts/<int:pk>/receive/", views.shift_receive, name="shift_receive"),
]
