from django.urls import path

from shuiwu.core.urls import crud_urls
from shuiwu.telemetry import views

app_name = "telemetry"

urlpatterns = [
    path("", views.overview, name="overview"),
    *crud_urls(
        "sensors",
        "sensor",
        list_view=views.SensorListView,
        detail_view=views.SensorDetailView,
        edit_view=views.SensorEditView,
        delete_view=views.SensorDeleteView,
    ),
    path("alarms/", views.AlarmListView.as_view(), name="alarm_list"),
    path("alarms/acknowledge/", views.alarm_acknowledge, name="alarm_acknowledge_any"),
    path("alarms/<int:pk>/", views.AlarmDetailView.as_view(), name="alarm_detail"),
    path("alarms/<int:pk>/acknowledge/", views.alarm_acknowledge, name="alarm_acknowledge"),
    path("alarms/<int:pk>/ticket/", views.alarm_ticket, name="alarm_ticket"),
    *crud_urls(
        "alarm-rules",
        "alarmrule",
        list_view=views.AlarmRuleListView,
        detail_view=views.AlarmRuleDetailView,
        edit_view=views.AlarmRuleEditView,
        delete_view=views.AlarmRuleDeleteView,
    ),
    path("supply/", views.supply, name="supply"),
]
