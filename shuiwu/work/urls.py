from django.urls import path
from django.views.generic import RedirectView

from shuiwu.work import views

app_name = "work"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="work:board"), name="index"),
    path("board/", views.BoardView.as_view(), name="board"),
    path("board/orders.geojson", views.board_geojson, name="board_geojson"),
    path("hotline/", views.HotlineView.as_view(), name="hotline"),
    path("hotline/nearby/", views.hotline_nearby, name="hotline_nearby"),
    path("hotline/locate/", views.hotline_locate, name="hotline_locate"),
    path("orders/", views.WorkOrderListView.as_view(), name="workorder_list"),
    path("orders/add/", views.WorkOrderCreateView.as_view(), name="workorder_add"),
    path("orders/<int:pk>/", views.WorkOrderDetailView.as_view(), name="workorder_detail"),
    path("orders/<int:pk>/transition/", views.workorder_transition, name="workorder_transition"),
    path("orders/<int:pk>/secure/", views.workorder_secure, name="workorder_secure"),
    path("orders/<int:pk>/photo/", views.workorder_photo, name="workorder_photo"),
    path("photos/<int:pk>/", views.photo_file, name="photo"),
    path("tickets/", views.TicketListView.as_view(), name="ticket_list"),
    path("tickets/<int:pk>/", views.TicketDetailView.as_view(), name="ticket_detail"),
    path("tickets/<int:pk>/link/", views.ticket_link, name="ticket_link"),
    path("outages/", views.OutageListView.as_view(), name="outage_list"),
    path("outages/add/", views.OutageCreateView.as_view(), name="outage_add"),
    path("outages/<int:pk>/", views.OutageDetailView.as_view(), name="outage_detail"),
    path("outages/<int:pk>/restore/", views.outage_restore, name="outage_restore"),
    path("outages/<int:pk>/cancel/", views.outage_cancel, name="outage_cancel"),
    path("crew/", views.crew, name="crew"),
    path("crew/status/", views.crew_status, name="crew_status"),
    path("crew/<int:pk>/", views.crew_order, name="crew_order"),
    path("figures/", views.figures, name="figures"),
]
